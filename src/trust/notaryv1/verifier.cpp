#include "trust/notaryv1/verifier.hpp"

#include "crypto/encoding.hpp"
#include "trust/notaryv1/role_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace tc::trust::notaryv1 {

namespace {

// Download caps from notary's const.go: the timestamp is small by design, the rest is sized
// by its parent except root, which nothing lists before it is trusted.
constexpr std::int64_t k_max_timestamp_length = std::int64_t{1} << 20;
constexpr std::int64_t k_max_download_length = std::int64_t{100} << 20;

const std::string k_releases = "targets/releases";

bool path_allowed(const std::vector<std::string>& prefixes, const std::string& name) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& prefix) { return name.starts_with(prefix); });
}

TrustedTarget to_trusted_target(const std::string& gun, const std::string& tag,
                                const std::string& role, const FileMeta& meta) {
    auto sha256 = meta.hashes.find("sha256");
    if (sha256 == meta.hashes.end() || sha256->second.size() != 32) {
        malformed(RoleRef{gun, role}, "signed.targets." + tag + ".hashes.sha256",
                  "missing or not 32 bytes");
    }
    return {gun, tag, "sha256:" + crypto::hex_encode(sha256->second), meta.length, role, 0};
}

} // namespace

struct NotaryVerifier::Session {
    std::string gun;
    TrustState state;
    TimePoint now;
};

NotaryVerifier::NotaryVerifier(MetadataSource& source, VerifierOptions options)
    : m_source(source)
    , m_options(std::move(options))
    , m_store(m_options.state_directory) {}

std::string NotaryVerifier::fetch(Session& session, const MetadataRequest& request) {
    auto bytes = m_source.fetch(session.gun, request);
    RoleRef where{session.gun, request.version
                                   ? fmt::format("{}.{}", *request.version, request.role)
                                   : request.role};
    if (!bytes && request.role == "root" && !request.version) {
        throw util::Error(util::ErrorKind::untrusted, "no trust data for " + session.gun);
    }
    if (!bytes) {
        refuse(util::ErrorKind::untrusted, where, "the server has no such metadata");
    }
    if (static_cast<std::int64_t>(bytes->size()) > request.max_length) {
        refuse(util::ErrorKind::tampered, where,
               fmt::format("it is larger than the {} bytes allowed", request.max_length));
    }
    return std::move(*bytes);
}

// The checks every non-root role gets once its keys are known.
static void verify_role(const SignedEnvelope& envelope, const RoleKeys& keys, std::string_view type,
                        const TrustState& state, TimePoint now) {
    verify_signatures(envelope, keys);
    check_type(envelope, type);
    check_version(envelope, state.version_of(envelope.where.role));
    check_expiry(envelope, now);
}

RootMetadata NotaryVerifier::update_root(Session& session) {
    auto bytes = fetch(session, {"root", std::nullopt, std::nullopt, k_max_download_length});
    RoleRef where{session.gun, "root"};
    RootMetadata next = parse_root(bytes, where);
    if (session.state.root.empty()) {
        verify_root_alone(next, m_options.pins, session.now); // trust on first use, or pins
        check_expiry(next.envelope, session.now);
        return next;
    }

    RootMetadata trusted = parse_root(session.state.root, where);
    if (next.envelope.canonical == trusted.envelope.canonical) {
        // The trusted root, perhaps with other signature bytes (ECDSA signs randomly); its
        // certificates and expiry still have to hold today.
        verify_root_alone(next, m_options.pins, session.now);
        check_expiry(next.envelope, session.now);
        return next;
    }
    return rotate_root(session, trusted, next);
}

RootMetadata NotaryVerifier::rotate_root(Session& session, const RootMetadata& trusted,
                                         const RootMetadata& next) {
    try {
        if (next.envelope.version <= trusted.envelope.version) {
            refuse(util::ErrorKind::untrusted, next.envelope.where,
                   fmt::format("version {} does not follow the trusted version {}",
                               next.envelope.version, trusted.envelope.version));
        }

        // Walk every version in between, each vouched for by its predecessor; those in the
        // middle may have expired since, only the final one must be current.
        RootMetadata previous = trusted;
        for (auto version = trusted.envelope.version + 1; version < next.envelope.version;
             ++version) {
            auto bytes = fetch(session, {"root", std::nullopt, version, k_max_download_length});
            RootMetadata step = parse_root(bytes, {session.gun, std::to_string(version) + ".root"});
            if (step.envelope.version != version) {
                refuse(util::ErrorKind::tampered, step.envelope.where,
                       fmt::format("it holds version {}", step.envelope.version));
            }
            verify_root_successor(previous, step, m_options.pins, std::nullopt);
            previous = std::move(step);
        }
        verify_root_successor(previous, next, m_options.pins, session.now);
    } catch (const util::Error& error) {
        if (error.kind() != util::ErrorKind::untrusted &&
            error.kind() != util::ErrorKind::tampered) {
            throw;
        }
        throw util::Error(
            util::ErrorKind::untrusted,
            fmt::format("root of {} changed from root key {} (version {}) to root key "
                        "{} (version {}) without a valid rotation: {}",
                        session.gun, root_key_ids(trusted), trusted.envelope.version,
                        root_key_ids(next), next.envelope.version, error.what()));
    }
    check_expiry(next.envelope, session.now);
    return next;
}

TimestampMetadata NotaryVerifier::load_timestamp(Session& session, const RootMetadata& root) {
    auto bytes = fetch(session, {"timestamp", std::nullopt, std::nullopt, k_max_timestamp_length});
    TimestampMetadata timestamp = parse_timestamp(bytes, {session.gun, "timestamp"});
    verify_role(timestamp.envelope, root.role_keys("timestamp"), "Timestamp", session.state,
                session.now);
    return timestamp;
}

SnapshotMetadata NotaryVerifier::load_snapshot(Session& session, const RootMetadata& root,
                                               const TimestampMetadata& timestamp) {
    const FileMeta& meta = timestamp.snapshot;
    RoleRef where{session.gun, "snapshot"};
    auto bytes = fetch(session, {"snapshot", crypto::hex_encode(meta.hashes.at("sha256")),
                                 std::nullopt, meta.length});
    check_file_meta(bytes, meta, where, "timestamp");

    SnapshotMetadata snapshot = parse_snapshot(bytes, where);
    verify_role(snapshot.envelope, root.role_keys("snapshot"), "Snapshot", session.state,
                session.now);

    // The root we verified must be the one this snapshot describes (no mix-and-match).
    check_file_meta(root.envelope.raw, snapshot.meta.at("root"), root.envelope.where, "snapshot");
    return snapshot;
}

TargetsMetadata NotaryVerifier::load_targets(Session& session, const std::string& role,
                                             const RoleKeys& keys, const FileMeta& meta) {
    RoleRef where{session.gun, role};
    auto sha256 = meta.hashes.find("sha256");
    if (sha256 == meta.hashes.end()) {
        refuse(util::ErrorKind::bad_input, where, "snapshot lists no sha256 for it");
    }
    auto bytes =
        fetch(session, {role, crypto::hex_encode(sha256->second), std::nullopt, meta.length});
    check_file_meta(bytes, meta, where, "snapshot");

    TargetsMetadata targets = parse_targets(bytes, where);
    verify_role(targets.envelope, keys, "Targets", session.state, session.now);
    return targets;
}

VerifiedRepository NotaryVerifier::verify_repository(const std::string& gun) {
    Session session{gun, m_store.load(gun), m_options.clock()};
    RootMetadata root = update_root(session);
    TimestampMetadata timestamp = load_timestamp(session, root);
    SnapshotMetadata snapshot = load_snapshot(session, root, timestamp);
    TargetsMetadata targets =
        load_targets(session, "targets", root.role_keys("targets"), snapshot.meta.at("targets"));

    // Only targets/releases counts among delegations, as in docker; a delegation the snapshot
    // does not list is not published, so it is not fetched. A broken one is refused, not
    // skipped, so that a stale entry in targets cannot win by default.
    std::optional<TargetsMetadata> releases;
    std::optional<Delegation> releases_delegation;
    for (const auto& delegation : targets.delegations) {
        if (delegation.name != k_releases) {
            continue;
        }
        releases_delegation = delegation;
        if (snapshot.meta.contains(k_releases)) {
            releases =
                load_targets(session, k_releases, delegation.keys, snapshot.meta.at(k_releases));
        }
    }

    TrustState verified{root.envelope.raw, session.state.versions};
    for (const auto* envelope :
         {&root.envelope, &timestamp.envelope, &snapshot.envelope, &targets.envelope}) {
        verified.versions[envelope->where.role] = envelope->version;
    }
    if (releases) {
        verified.versions[k_releases] = releases->envelope.version;
    }
    m_store.save(gun, verified);
    return {std::move(root), std::move(targets), std::move(releases),
            std::move(releases_delegation)};
}

TrustedTarget NotaryVerifier::verify_tag(const std::string& gun, const std::string& tag) {
    VerifiedRepository repository = verify_repository(gun);
    const auto& releases = repository.releases;
    const auto& targets = repository.targets;

    TrustedTarget result;
    if (releases && path_allowed(repository.releases_delegation->paths, tag) &&
        releases->targets.contains(tag)) {
        result = to_trusted_target(gun, tag, k_releases, releases->targets.at(tag));
    } else if (targets.targets.contains(tag)) {
        result = to_trusted_target(gun, tag, "targets", targets.targets.at(tag));
    } else {
        throw util::Error(util::ErrorKind::untrusted, "tag " + tag + " is not signed in " + gun);
    }
    result.root_version = repository.root.envelope.version;
    return result;
}

} // namespace tc::trust::notaryv1
