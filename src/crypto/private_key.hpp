#pragma once

#include "crypto/keys.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace tc::crypto {

/// A private signing key held by OpenSSL; cheap to copy (the key is shared and immutable).
/// Only ECDSA P-256 keys are made here, the kind docker and notary create for DCT.
class PrivateKey {
public:
    /// A fresh ECDSA P-256 key.
    static PrivateKey generate_ecdsa_p256();

    /// Decrypts a PKCS#8 EncryptedPrivateKeyInfo (DER). Throws Error(bad_input) if the DER is
    /// malformed or the passphrase does not open it.
    static PrivateKey from_encrypted_pkcs8(std::string_view der, std::string_view passphrase);

    /// Parses an unencrypted PKCS#8 PrivateKeyInfo (DER); throws Error(bad_input).
    static PrivateKey from_pkcs8(std::string_view der);

    /// The key as PKCS#8 encrypted the way notary does it: PBES2 with PBKDF2-HMAC-SHA1,
    /// 2048 iterations and an 8-byte salt, AES-256-CBC (DER).
    std::string to_encrypted_pkcs8(std::string_view passphrase) const;

    /// The public half.
    PublicKey public_key() const;

    /// ECDSA over SHA-256 of the message, as raw r||s each padded to the curve size (what
    /// TUF's "ecdsa" method carries).
    std::string sign_ecdsa_sha256_raw(std::string_view message) const;

    /// The OpenSSL key, for the code in this folder.
    evp_pkey_st* native() const { return m_key.get(); }

    /// Takes one reference to an OpenSSL key holding private material.
    explicit PrivateKey(evp_pkey_st* owned_key);

private:
    std::shared_ptr<evp_pkey_st> m_key;
};

/// A self-signed X.509 certificate (PEM) for `key` with subject CN=`common_name`, valid from
/// now for `validity`, for code signing, not a CA: the root certificate notary makes.
std::string self_signed_certificate_pem(const PrivateKey& key, const std::string& common_name,
                                        std::chrono::seconds validity);

} // namespace tc::crypto
