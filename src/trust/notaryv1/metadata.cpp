#include "trust/notaryv1/metadata.hpp"

#include "crypto/encoding.hpp"
#include "trust/notaryv1/canonical_json.hpp"

#include <algorithm>
#include <cctype>

namespace tc::trust::notaryv1 {

namespace {

using nlohmann::json;

const json& member(const json& object, const std::string& name, const RoleRef& where,
                   const std::string& path) {
    if (!object.is_object() || !object.contains(name)) {
        malformed(where, path + name, "missing");
    }
    return object[name];
}

std::string string_member(const json& object, const std::string& name, const RoleRef& where,
                          const std::string& path) {
    const json& value = member(object, name, where, path);
    if (!value.is_string()) {
        malformed(where, path + name, "must be a string");
    }
    return value.get<std::string>();
}

std::int64_t integer_member(const json& object, const std::string& name, std::int64_t minimum,
                            const RoleRef& where, const std::string& path) {
    const json& value = member(object, name, where, path);
    if (!value.is_number_integer() || value.get<std::int64_t>() < minimum) {
        malformed(where, path + name, "must be an integer >= " + std::to_string(minimum));
    }
    return value.get<std::int64_t>();
}

std::vector<std::string> string_list(const json& value, const RoleRef& where,
                                     const std::string& path) {
    if (!value.is_array() || !std::all_of(value.begin(), value.end(),
                                          [](const json& item) { return item.is_string(); })) {
        malformed(where, path, "must be a list of strings");
    }
    return value.get<std::vector<std::string>>();
}

std::vector<TufSignature> parse_signatures(const json& document, const RoleRef& where) {
    const json& list = member(document, "signatures", where, "");
    if (!list.is_array()) {
        malformed(where, "signatures", "must be a list");
    }
    std::vector<TufSignature> signatures;
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto path = "signatures[" + std::to_string(i) + "].";
        TufSignature signature{string_member(list[i], "keyid", where, path),
                               string_member(list[i], "method", where, path),
                               {}};
        std::transform(signature.method.begin(), signature.method.end(), signature.method.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        auto bytes = crypto::base64_decode(string_member(list[i], "sig", where, path));
        if (!bytes) {
            malformed(where, path + "sig", "not base64");
        }
        signature.bytes = std::move(*bytes);
        signatures.push_back(std::move(signature));
    }
    return signatures;
}

FileMeta parse_file_meta(const json& object, const RoleRef& where, const std::string& path) {
    FileMeta meta;
    meta.length = integer_member(object, "length", 0, where, path);
    const json& hashes = member(object, "hashes", where, path);
    if (!hashes.is_object()) {
        malformed(where, path + "hashes", "must be an object");
    }
    for (const auto& [algorithm, value] : hashes.items()) {
        auto bytes =
            value.is_string() ? crypto::base64_decode(value.get<std::string>()) : std::nullopt;
        if (!bytes) {
            malformed(where, path + "hashes." + algorithm, "must be base64");
        }
        meta.hashes[algorithm] = std::move(*bytes);
    }
    return meta;
}

std::map<std::string, FileMeta> parse_file_map(const json& object, const RoleRef& where,
                                               const std::string& path) {
    if (!object.is_object()) {
        malformed(where, path, "must be an object");
    }
    std::map<std::string, FileMeta> files;
    for (const auto& [name, value] : object.items()) {
        files.emplace(name, parse_file_meta(value, where, path + "." + name + "."));
    }
    return files;
}

void require_sha256(const std::map<std::string, FileMeta>& files, const std::string& name,
                    const RoleRef& where, const std::string& path) {
    auto found = files.find(name);
    if (found == files.end() || !found->second.hashes.contains("sha256")) {
        malformed(where, path + "." + name + ".hashes.sha256", "missing");
    }
}

// notary allows only direct children ("targets/x" under "targets") with a plain name.
bool valid_child_name(const std::string& parent, const std::string& name) {
    if (!name.starts_with(parent + "/") || name.size() >= 256) {
        return false;
    }
    auto leaf = std::string_view(name).substr(parent.size() + 1);
    return !leaf.empty() && std::all_of(leaf.begin(), leaf.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c) || c == '-' || c == '_';
    });
}

Delegation parse_delegation(const json& object, const KeyMap& keys, const RoleRef& where,
                            const std::string& path) {
    Delegation delegation;
    delegation.name = string_member(object, "name", where, path);
    if (!valid_child_name(where.role, delegation.name)) {
        malformed(where, path + "name",
                  "'" + delegation.name + "' is not a child of " + where.role);
    }
    delegation.keys.threshold = integer_member(object, "threshold", 1, where, path);
    for (const auto& id :
         string_list(member(object, "keyids", where, path), where, path + "keyids")) {
        auto found = keys.find(id);
        if (found == keys.end()) {
            malformed(where, path + "keyids", "key " + id + " is not in delegations.keys");
        }
        delegation.keys.keys.insert(*found);
    }
    if (object.contains("paths")) {
        delegation.paths = string_list(object["paths"], where, path + "paths");
    }
    return delegation;
}

} // namespace

SignedEnvelope parse_envelope(std::string_view bytes, const RoleRef& where) {
    json document = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        refuse(util::ErrorKind::bad_input, where, "metadata is not a JSON object");
    }

    SignedEnvelope envelope;
    envelope.where = where;
    envelope.raw = std::string(bytes);
    envelope.body = member(document, "signed", where, "");
    if (!envelope.body.is_object()) {
        malformed(where, "signed", "must be an object");
    }
    try {
        envelope.canonical = canonical_json(envelope.body);
    } catch (const util::Error& error) {
        malformed(where, "signed", error.what());
    }
    envelope.signatures = parse_signatures(document, where);

    envelope.type = string_member(envelope.body, "_type", where, "signed.");
    envelope.version = integer_member(envelope.body, "version", 1, where, "signed.");
    auto expires = string_member(envelope.body, "expires", where, "signed.");
    auto parsed = parse_rfc3339(expires);
    if (!parsed) {
        malformed(where, "signed.expires", "'" + expires + "' is not an RFC 3339 time");
    }
    envelope.expires = *parsed;
    return envelope;
}

RoleKeys RootMetadata::role_keys(const std::string& role) const {
    RoleKeys result;
    result.threshold = thresholds.at(role);
    for (const auto& id : role_key_ids.at(role)) {
        result.keys.insert(*keys.find(id));
    }
    return result;
}

RootMetadata parse_root(std::string_view bytes, const RoleRef& where) {
    RootMetadata root{parse_envelope(bytes, where), {}, {}, {}};
    const json& body = root.envelope.body;
    root.keys = parse_key_map(member(body, "keys", where, "signed."), where, "signed.keys");

    const json& roles = member(body, "roles", where, "signed.");
    for (const std::string role : {"root", "targets", "snapshot", "timestamp"}) {
        auto path = "signed.roles." + role + ".";
        const json& entry = member(roles, role, where, "signed.roles.");
        root.thresholds[role] = integer_member(entry, "threshold", 1, where, path);
        auto ids = string_list(member(entry, "keyids", where, path), where, path + "keyids");
        for (const auto& id : ids) {
            if (!root.keys.contains(id)) {
                malformed(where, path + "keyids", "key " + id + " is not in signed.keys");
            }
        }
        root.role_key_ids[role] = std::move(ids);
    }
    return root;
}

TargetsMetadata parse_targets(std::string_view bytes, const RoleRef& where) {
    TargetsMetadata targets{parse_envelope(bytes, where), {}, {}};
    const json& body = targets.envelope.body;
    targets.targets =
        parse_file_map(member(body, "targets", where, "signed."), where, "signed.targets");
    if (!body.contains("delegations")) {
        return targets;
    }

    const json& delegations = body["delegations"];
    auto keys = parse_key_map(member(delegations, "keys", where, "signed.delegations."), where,
                              "signed.delegations.keys");
    const json& roles = member(delegations, "roles", where, "signed.delegations.");
    if (!roles.is_array()) {
        malformed(where, "signed.delegations.roles", "must be a list");
    }
    for (std::size_t i = 0; i < roles.size(); ++i) {
        auto path = "signed.delegations.roles[" + std::to_string(i) + "].";
        targets.delegations.push_back(parse_delegation(roles[i], keys, where, path));
    }
    return targets;
}

SnapshotMetadata parse_snapshot(std::string_view bytes, const RoleRef& where) {
    SnapshotMetadata snapshot{parse_envelope(bytes, where), {}};
    snapshot.meta = parse_file_map(member(snapshot.envelope.body, "meta", where, "signed."), where,
                                   "signed.meta");
    require_sha256(snapshot.meta, "root", where, "signed.meta");
    require_sha256(snapshot.meta, "targets", where, "signed.meta");
    return snapshot;
}

TimestampMetadata parse_timestamp(std::string_view bytes, const RoleRef& where) {
    TimestampMetadata timestamp{parse_envelope(bytes, where), {}};
    auto meta = parse_file_map(member(timestamp.envelope.body, "meta", where, "signed."), where,
                               "signed.meta");
    require_sha256(meta, "snapshot", where, "signed.meta");
    timestamp.snapshot = meta.at("snapshot");
    return timestamp;
}

} // namespace tc::trust::notaryv1
