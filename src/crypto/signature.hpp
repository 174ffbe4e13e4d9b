#pragma once

#include "crypto/keys.hpp"

#include <string_view>

namespace tc::crypto {

/// The signature schemes TUF metadata uses; every one hashes with SHA-256 (Ed25519: none).
enum class SignatureScheme {
    ecdsa_sha256_raw,    // r||s, each zero-padded to the curve's byte size
    rsa_pss_sha256,      // RSASSA-PSS, MGF1-SHA-256, salt length 32
    rsa_pkcs1v15_sha256, // RSASSA-PKCS1-v1_5
    ed25519,             // pure Ed25519 over the message
};

/// True if signature is a valid signature of message by key under scheme. A key of the wrong
/// family, an RSA key under 2048 bits or a malformed signature is simply not valid.
bool verify_signature(const PublicKey& key, SignatureScheme scheme, std::string_view message,
                      std::string_view signature);

} // namespace tc::crypto
