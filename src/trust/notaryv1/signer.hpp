#pragma once

#include "trust/notaryv1/http_source.hpp"
#include "trust/notaryv1/key_store.hpp"
#include "trust/notaryv1/verifier.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace tc::trust::notaryv1 {

/// Where signing keys live and how existing trust data is verified before it is changed.
struct SignerOptions {
    std::filesystem::path trust_directory = KeyStore::default_directory();
    VerifierOptions verifier;
};

/// A tag and the manifest it must point at.
struct TagTarget {
    std::string tag;
    std::string digest;      // "sha256:<hex>" of the manifest bytes
    std::int64_t length = 0; // manifest size in bytes
};

/// What publish_tag did.
struct PublishedTag {
    TrustedTarget target;            // the tag as verified from the server afterwards
    bool created_repository = false; // the repository had no trust data before
    std::string root_key_id;         // the root key's file name in the key store, if used
    std::string signing_key_id;      // the key that signed the changed targets role
};

/// Signs `target` into the repository's trust data on `server` as `docker push` with Docker
/// Content Trust does (spec §4.7): a new repository gets a root (the shared root key, a
/// certificate for the gun), a targets key and the server's timestamp and snapshot keys; an
/// existing one is verified first, then the tag is added to targets/releases if targets
/// delegates it (its key must be held) or else to targets, re-signed with a higher version.
/// Passphrases come from the environment (passphrase_for). Throws util::Error.
PublishedTag publish_tag(const std::string& gun, const TagTarget& target,
                         HttpMetadataSource& server, const SignerOptions& options);

} // namespace tc::trust::notaryv1
