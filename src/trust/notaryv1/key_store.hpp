#pragma once

#include "crypto/private_key.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace tc::trust::notaryv1 {

/// A private key from the store, with the TUF key ID of its public half (a plain "ecdsa"
/// key: for a root key that is the certificate's canonical ID) and the role it was made for.
struct StoredKey {
    std::string id;
    std::string role;
    crypto::PrivateKey key;
};

/// Docker's trust key directory: <trust dir>/private/<key id>.key, each an encrypted PKCS#8
/// PEM with "role" and (but for root keys, shared by all repositories) "gun" headers.
class KeyStore {
public:
    /// A store under `trust_directory`, e.g. default_directory().
    explicit KeyStore(std::filesystem::path trust_directory);

    /// $DOCKER_CONFIG/trust, else ~/.docker/trust: where docker keeps its trust keys.
    static std::filesystem::path default_directory();

    /// The root key docker would pick: the first root key file by name; nullopt if none.
    /// Throws Error(bad_input) if the passphrase does not open it.
    std::optional<StoredKey> root_key(const std::string& passphrase) const;

    /// The key stored under `key_id`, if there is one.
    std::optional<StoredKey> find(const std::string& key_id, const std::string& passphrase) const;

    /// Generates an ECDSA P-256 key for `role` and saves it encrypted (mode 0600); `gun` is
    /// empty for root keys.
    StoredKey create(const std::string& role, const std::string& gun,
                     const std::string& passphrase) const;

    /// The directory holding the key files.
    std::filesystem::path private_directory() const { return m_directory / "private"; }

private:
    StoredKey read(const std::filesystem::path& file, const std::string& passphrase) const;

    std::filesystem::path m_directory;
};

/// The passphrase docker uses for a role's keys: $DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE for
/// root, $DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE for the others. Throws Error(bad_input)
/// naming the variable if it is unset; the value is never put in a message.
std::string passphrase_for(const std::string& role);

/// The TUF key ID of a public key as a plain key ("ecdsa", "rsa", "ed25519").
std::string plain_key_id(const crypto::PublicKey& key);

} // namespace tc::trust::notaryv1
