#include "trust/notaryv1/root_trust.hpp"

#include "trust/notaryv1/role_checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>

namespace tc::trust::notaryv1 {

namespace {

bool cn_matches_gun(const std::string& common_name, const std::string& gun) {
    if (common_name.ends_with('*')) {
        return gun.starts_with(common_name.substr(0, common_name.size() - 1));
    }
    return common_name == gun;
}

// Why a root key cannot vouch for this gun, or nullopt if it can.
std::optional<std::string> unfit_reason(const TufKey& key, const std::string& gun,
                                        std::optional<TimePoint> now) {
    if (key.certificates.empty()) {
        return "is a bare " + key.type + " key, not a certificate";
    }
    const auto& leaf = key.certificates.front();
    if (leaf.is_ca() || !cn_matches_gun(leaf.common_name(), gun)) {
        return "is a certificate for '" + leaf.common_name() + "'";
    }
    if (leaf.signed_with_sha1()) {
        return std::string("is a SHA-1 signed certificate");
    }
    auto leeway = std::chrono::hours(24);
    if (now && (*now + leeway < leaf.not_before() || *now > leaf.not_after())) {
        return "has a certificate valid only from " + format_utc(leaf.not_before()) + " to " +
               format_utc(leaf.not_after());
    }
    return std::nullopt;
}

// The root role's keys that may sign for the gun; refuses if none may.
RoleKeys certified_root_keys(const RootMetadata& root, std::optional<TimePoint> now) {
    const RoleRef& where = root.envelope.where;
    RoleKeys all = root.role_keys("root");
    RoleKeys fit{{}, all.threshold};
    std::vector<std::string> reasons;
    bool expired_only = true;
    for (const auto& [id, key] : all.keys) {
        auto reason = unfit_reason(key, where.gun, now);
        if (!reason) {
            fit.keys.emplace(id, key);
            continue;
        }
        expired_only = expired_only && reason->starts_with("has a certificate valid");
        reasons.push_back("root key " + id + " " + *reason);
    }
    if (fit.keys.empty()) {
        auto kind = expired_only ? util::ErrorKind::expired : util::ErrorKind::untrusted;
        refuse(kind, where, fmt::format("{}", fmt::join(reasons, "; ")));
    }
    return fit;
}

bool pinned(const TufKey& key, const RootPins& pins) {
    auto listed = [&](const std::string& id) {
        return std::find(pins.key_ids.begin(), pins.key_ids.end(), id) != pins.key_ids.end();
    };
    if (listed(key.id) || listed(key.canonical_id)) {
        return true;
    }
    for (const auto& pem : pins.certificates_pem) {
        auto certificate = crypto::Certificate::from_pem_bundle(pem).front();
        if (certificate.public_key().spki_der() == key.key.spki_der()) {
            return true;
        }
    }
    return false;
}

RoleKeys apply_pins(const RoleKeys& keys, const RootPins& pins, const RootMetadata& root) {
    if (pins.key_ids.empty() && pins.certificates_pem.empty()) {
        return keys;
    }
    RoleKeys kept{{}, keys.threshold};
    for (const auto& [id, key] : keys.keys) {
        if (pinned(key, pins)) {
            kept.keys.emplace(id, key);
        }
    }
    if (kept.keys.empty()) {
        auto wanted = pins.key_ids;
        wanted.insert(wanted.end(), pins.certificates_pem.size(), "<pinned certificate>");
        refuse(util::ErrorKind::untrusted, root.envelope.where,
               fmt::format("its root keys {} are not the pinned root key {}", root_key_ids(root),
                           fmt::join(wanted, ", ")));
    }
    return kept;
}

} // namespace

void verify_root_alone(const RootMetadata& root, const RootPins& pins,
                       std::optional<TimePoint> now) {
    check_type(root.envelope, "Root");
    RoleKeys keys = apply_pins(certified_root_keys(root, now), pins, root);
    verify_signatures(root.envelope, keys);
}

void verify_root_successor(const RootMetadata& previous, const RootMetadata& next,
                           const RootPins& pins, std::optional<TimePoint> now) {
    // The previous root's certificates may have expired since we trusted them; that does not
    // take away their say over the next root.
    RoleKeys old_keys = certified_root_keys(previous, std::nullopt);
    try {
        verify_signatures(next.envelope, old_keys);
    } catch (const util::Error& error) {
        refuse(util::ErrorKind::untrusted, next.envelope.where,
               fmt::format("version {} is not signed by the root keys of version {} ({})",
                           next.envelope.version, previous.envelope.version, error.what()));
    }
    verify_root_alone(next, pins, now);
}

std::string root_key_ids(const RootMetadata& root) {
    return fmt::format("{}", fmt::join(root.role_key_ids.at("root"), ", "));
}

} // namespace tc::trust::notaryv1
