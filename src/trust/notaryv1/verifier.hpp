#pragma once

#include "trust/notaryv1/metadata.hpp"
#include "trust/notaryv1/metadata_source.hpp"
#include "trust/notaryv1/root_trust.hpp"
#include "trust/notaryv1/trust_state.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace tc::trust::notaryv1 {

/// The current time; injectable so tests can verify metadata at a fixed instant.
using Clock = std::function<TimePoint()>;

/// What a verified tag points at.
struct TrustedTarget {
    std::string gun;
    std::string tag;
    std::string digest;      // "sha256:<hex>" of the manifest
    std::int64_t length = 0; // manifest size in bytes
    std::string role;        // "targets/releases" or "targets"
    std::int64_t root_version = 0;
};

/// A repository's verified trust data: what a signer starts from.
struct VerifiedRepository {
    RootMetadata root;
    TargetsMetadata targets;
    std::optional<TargetsMetadata> releases; // set if targets delegates it and it is published
    std::optional<Delegation> releases_delegation; // targets/releases as targets lists it
};

/// Everything the verifier needs besides the metadata.
struct VerifierOptions {
    std::filesystem::path state_directory = TrustStore::default_directory();
    Clock clock = [] { return std::chrono::system_clock::now(); };
    RootPins pins; // empty: trust on first use
};

/// The TUF client flow of Docker Content Trust (spec §4.5, §4.6), without the network.
class NotaryVerifier {
public:
    /// A verifier reading metadata from `source`, which must outlive it.
    NotaryVerifier(MetadataSource& source, VerifierOptions options);

    /// Verifies the repository's trust data and returns what `tag` is signed to, preferring
    /// targets/releases over targets as docker does. Saves the new trust state on success.
    TrustedTarget verify_tag(const std::string& gun, const std::string& tag);

    /// Verifies the repository's trust data as verify_tag does and returns it whole; saves
    /// the new trust state. Throws Error(untrusted) "no trust data for <gun>" if it has none.
    VerifiedRepository verify_repository(const std::string& gun);

private:
    struct Session;

    RootMetadata update_root(Session& session);
    RootMetadata rotate_root(Session& session, const RootMetadata& trusted,
                             const RootMetadata& next);
    TimestampMetadata load_timestamp(Session& session, const RootMetadata& root);
    SnapshotMetadata load_snapshot(Session& session, const RootMetadata& root,
                                   const TimestampMetadata& timestamp);
    TargetsMetadata load_targets(Session& session, const std::string& role, const RoleKeys& keys,
                                 const FileMeta& meta);
    std::string fetch(Session& session, const MetadataRequest& request);

    MetadataSource& m_source;
    VerifierOptions m_options;
    TrustStore m_store;
};

} // namespace tc::trust::notaryv1
