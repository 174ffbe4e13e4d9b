#pragma once

#include "trust/notaryv1/errors.hpp"
#include "trust/notaryv1/timestamps.hpp"
#include "trust/notaryv1/tuf_key.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tc::trust::notaryv1 {

/// One entry of a `signatures` array.
struct TufSignature {
    std::string key_id;
    std::string method; // lower-cased, as notary does on parse
    std::string bytes;  // decoded from base64
};

/// A metadata file: its bytes, the canonical bytes of `signed` and the common fields.
struct SignedEnvelope {
    RoleRef where;
    std::string raw;       // exactly as fetched, for hash and length checks
    nlohmann::json body;   // the `signed` member
    std::string canonical; // canonical JSON of `signed`: what the signatures cover
    std::vector<TufSignature> signatures;
    std::string type; // `_type`
    TimePoint expires;
    std::int64_t version = 0;
};

/// Length and hashes (algorithm → raw digest bytes) of a file, as a parent role lists it.
struct FileMeta {
    std::int64_t length = 0;
    std::map<std::string, std::string> hashes;
};

/// A key set with the number of distinct keys that must sign.
struct RoleKeys {
    KeyMap keys;
    std::int64_t threshold = 1;
};

/// root.json: every key, and the key IDs and threshold of the four top-level roles.
struct RootMetadata {
    SignedEnvelope envelope;
    KeyMap keys;
    std::map<std::string, std::vector<std::string>> role_key_ids;
    std::map<std::string, std::int64_t> thresholds;

    /// The keys and threshold of a top-level role, as this root declares them.
    RoleKeys role_keys(const std::string& role) const;
};

/// A delegated targets role, as its parent lists it.
struct Delegation {
    std::string name;
    RoleKeys keys;
    std::vector<std::string> paths; // target name prefixes it may sign
};

/// targets.json or a delegation such as targets/releases.
struct TargetsMetadata {
    SignedEnvelope envelope;
    std::map<std::string, FileMeta> targets;
    std::vector<Delegation> delegations;
};

/// snapshot.json: length and hashes of root, targets and each delegation.
struct SnapshotMetadata {
    SignedEnvelope envelope;
    std::map<std::string, FileMeta> meta;
};

/// timestamp.json: length and hashes of the current snapshot.
struct TimestampMetadata {
    SignedEnvelope envelope;
    FileMeta snapshot;
};

/// Parses the envelope and common fields; throws Error(bad_input) naming role and field.
SignedEnvelope parse_envelope(std::string_view bytes, const RoleRef& where);

/// Parsers for each role's own fields, on top of parse_envelope.
RootMetadata parse_root(std::string_view bytes, const RoleRef& where);
TargetsMetadata parse_targets(std::string_view bytes, const RoleRef& where);
SnapshotMetadata parse_snapshot(std::string_view bytes, const RoleRef& where);
TimestampMetadata parse_timestamp(std::string_view bytes, const RoleRef& where);

} // namespace tc::trust::notaryv1
