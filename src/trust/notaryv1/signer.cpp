#include "trust/notaryv1/signer.hpp"

#include "crypto/encoding.hpp"
#include "crypto/private_key.hpp"
#include "trust/notaryv1/canonical_json.hpp"
#include "trust/notaryv1/timestamps.hpp"
#include "trust/notaryv1/tuf_key.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <chrono>

namespace tc::trust::notaryv1 {

using nlohmann::json;
using util::Error;
using util::ErrorKind;

namespace {

// notary's default lifetimes (const.go): what docker push gives each role it signs.
constexpr auto k_day = std::chrono::hours(24);
constexpr auto k_root_lifetime = k_day * 3650;
constexpr auto k_targets_lifetime = k_day * 1095;

const std::string k_releases = "targets/releases";

std::string raw_sha256(const std::string& digest) {
    const std::string hex = digest.starts_with("sha256:") ? digest.substr(7) : "";
    std::string raw;
    for (std::size_t at = 0; hex.size() == 64 && at < hex.size(); at += 2) {
        auto pair = hex.substr(at, 2);
        if (pair.find_first_not_of("0123456789abcdef") != std::string::npos) {
            break;
        }
        raw.push_back(static_cast<char>(std::stoi(pair, nullptr, 16)));
    }
    if (raw.size() != 32) {
        throw Error(ErrorKind::bad_input,
                    "invalid manifest digest '" + digest + "': expected sha256:<64 hex digits>");
    }
    return raw;
}

json key_object(const std::string& type, const std::string& public_base64) {
    return {{"keytype", type}, {"keyval", {{"private", nullptr}, {"public", public_base64}}}};
}

// {"signed": body, "signatures": [one ECDSA signature over the canonical body]}, in notary's
// member order: its server hashes files re-encoded that way for the snapshot it makes, so
// other bytes would not match their own snapshot entry.
std::string sign_file(const json& body, const StoredKey& key, const std::string& listed_id) {
    std::string canonical = canonical_json(body);
    std::string signature = key.key.sign_ecdsa_sha256_raw(canonical);
    json entry = {
        {"keyid", listed_id}, {"method", "ecdsa"}, {"sig", crypto::base64_encode(signature)}};
    return "{\"signed\":" + canonical + ",\"signatures\":[" + canonical_json(entry) + "]}";
}

json role_entry(const std::string& key_id) {
    return {{"keyids", json::array({key_id})}, {"threshold", 1}};
}

// The server's key for a role it signs, checked as a TUF key so its ID is the real one.
std::pair<std::string, json> server_key(HttpMetadataSource& server, const std::string& gun,
                                        const std::string& role) {
    json answer = server.fetch_server_key(gun, role);
    TufKey key = parse_tuf_key(answer, {gun, role}, role + ".key");
    json normalized = key_object(key.type, answer["keyval"]["public"].get<std::string>());
    return {key.id, normalized};
}

// The held private key for one of `keys`, and the ID the metadata lists it under.
std::optional<std::pair<StoredKey, std::string>> held_key(const KeyStore& store,
                                                          const KeyMap& keys) {
    auto passphrase = passphrase_for("targets");
    for (const auto& [listed_id, key] : keys) {
        if (auto stored = store.find(key.canonical_id, passphrase)) {
            return std::make_pair(*stored, listed_id);
        }
    }
    return std::nullopt;
}

std::string key_ids(const KeyMap& keys) {
    std::string ids;
    for (const auto& [id, key] : keys) {
        ids += (ids.empty() ? "" : ", ") + key.canonical_id;
    }
    return ids;
}

json new_targets_body() {
    return {{"_type", "Targets"},
            {"delegations", {{"keys", json::object()}, {"roles", json::array()}}},
            {"targets", json::object()},
            {"version", 0}};
}

// Adds or replaces the tag, bumps the version and renews the expiry.
void add_target(json& body, const TagTarget& target, TimePoint now) {
    if (!body.contains("targets") || !body["targets"].is_object()) {
        body["targets"] = json::object();
    }
    body["targets"][target.tag] = {
        {"hashes", {{"sha256", crypto::base64_encode(raw_sha256(target.digest))}}},
        {"length", target.length}};
    body["version"] = body.value("version", std::int64_t{0}) + 1;
    body["expires"] = format_utc(now + k_targets_lifetime);
}

PublishedTag initialize(const std::string& gun, const TagTarget& target, HttpMetadataSource& server,
                        const KeyStore& store, TimePoint now) {
    // One root key for every repository, as docker keeps it; each gun gets its certificate.
    auto root_passphrase = passphrase_for("root");
    auto root_key = store.root_key(root_passphrase);
    if (!root_key) {
        root_key = store.create("root", "", root_passphrase);
    }
    auto certificate = crypto::self_signed_certificate_pem(root_key->key, gun, k_root_lifetime);
    auto certificate_base64 = crypto::base64_encode(certificate);
    auto root_id = tuf_key_id("ecdsa-x509", certificate_base64);

    auto targets_key = store.create("targets", gun, passphrase_for("targets"));
    auto targets_base64 = crypto::base64_encode(targets_key.key.public_key().spki_der());
    auto [timestamp_id, timestamp_key] = server_key(server, gun, "timestamp");
    auto [snapshot_id, snapshot_key] = server_key(server, gun, "snapshot");

    json root = {{"_type", "Root"},
                 {"consistent_snapshot", false},
                 {"expires", format_utc(now + k_root_lifetime)},
                 {"keys",
                  {{root_id, key_object("ecdsa-x509", certificate_base64)},
                   {targets_key.id, key_object("ecdsa", targets_base64)},
                   {timestamp_id, timestamp_key},
                   {snapshot_id, snapshot_key}}},
                 {"roles",
                  {{"root", role_entry(root_id)},
                   {"snapshot", role_entry(snapshot_id)},
                   {"targets", role_entry(targets_key.id)},
                   {"timestamp", role_entry(timestamp_id)}}},
                 {"version", 1}};
    json targets = new_targets_body();
    add_target(targets, target, now);

    // The server makes snapshot and timestamp itself, with the keys it just handed out.
    server.publish(gun, {{"root", sign_file(root, *root_key, root_id)},
                         {"targets", sign_file(targets, targets_key, targets_key.id)}});
    PublishedTag published;
    published.created_repository = true;
    published.root_key_id = root_key->id;
    published.signing_key_id = targets_key.id;
    return published;
}

PublishedTag update(const std::string& gun, const TagTarget& target, HttpMetadataSource& server,
                    const KeyStore& store, NotaryVerifier& verifier, TimePoint now) {
    VerifiedRepository repository = verifier.verify_repository(gun);

    // Docker signs into targets/releases when targets delegates it, else into targets.
    std::string role = "targets";
    KeyMap keys = repository.root.role_keys("targets").keys;
    json body = repository.targets.envelope.body;
    if (repository.releases_delegation) {
        role = k_releases;
        keys = repository.releases_delegation->keys.keys;
        body = repository.releases ? repository.releases->envelope.body : new_targets_body();
    }
    auto held = held_key(store, keys);
    if (!held) {
        throw Error(ErrorKind::bad_input,
                    fmt::format("cannot sign {} of {}: it is signed by key {}, which is not in {}",
                                role, gun, key_ids(keys), store.private_directory().string()));
    }

    add_target(body, target, now);
    // Limitation: a snapshot key held by the client (notary init's default) is not used;
    // the server must manage the snapshot, as it does for repositories docker push made.
    server.publish(gun, {{role, sign_file(body, held->first, held->second)}});
    PublishedTag published;
    published.signing_key_id = held->first.id;
    return published;
}

} // namespace

PublishedTag publish_tag(const std::string& gun, const TagTarget& target,
                         HttpMetadataSource& server, const SignerOptions& options) {
    raw_sha256(target.digest); // refuse a bad digest before touching keys or the server
    KeyStore store(options.trust_directory);
    NotaryVerifier verifier(server, options.verifier);
    TimePoint now = options.verifier.clock();

    bool exists = server.fetch(gun, {"root", std::nullopt, std::nullopt, 100 << 20}).has_value();
    PublishedTag published = exists ? update(gun, target, server, store, verifier, now)
                                    : initialize(gun, target, server, store, now);

    // Read back what the server now serves, through the full client checks.
    published.target = verifier.verify_tag(gun, target.tag);
    if (published.target.digest != target.digest || published.target.length != target.length) {
        throw Error(ErrorKind::tampered,
                    fmt::format("notary server {} serves {} for {}:{} after publishing {}",
                                server.server(), published.target.digest, gun, target.tag,
                                target.digest));
    }
    return published;
}

} // namespace tc::trust::notaryv1
