#include "crypto/signature.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>
#include <string>

namespace tc::crypto {

namespace {

constexpr int k_min_rsa_bits = 2048;

const unsigned char* bytes_of(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

// OpenSSL verifies ECDSA signatures in DER; TUF carries the fixed-width r||s form.
std::string raw_ecdsa_to_der(std::string_view raw) {
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
    std::size_t half = raw.size() / 2;
    BIGNUM* r = BN_bin2bn(bytes_of(raw), static_cast<int>(half), nullptr);
    BIGNUM* s = BN_bin2bn(bytes_of(raw) + half, static_cast<int>(half), nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return {};
    }
    unsigned char* der = nullptr;
    int length = i2d_ECDSA_SIG(sig.get(), &der);
    if (length <= 0) {
        return {};
    }
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return out;
}

bool scheme_fits_key(const PublicKey& key, SignatureScheme scheme) {
    switch (scheme) {
    case SignatureScheme::ecdsa_sha256_raw:
        return key.algorithm() == KeyAlgorithm::ecdsa;
    case SignatureScheme::rsa_pss_sha256:
    case SignatureScheme::rsa_pkcs1v15_sha256:
        return key.algorithm() == KeyAlgorithm::rsa && key.bits() >= k_min_rsa_bits;
    case SignatureScheme::ed25519:
        return key.algorithm() == KeyAlgorithm::ed25519;
    }
    return false;
}

// Sets the padding parameters that RSA schemes need on a started verification.
bool configure_padding(EVP_PKEY_CTX* context, SignatureScheme scheme) {
    if (scheme == SignatureScheme::rsa_pkcs1v15_sha256) {
        return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1;
    }
    if (scheme == SignatureScheme::rsa_pss_sha256) {
        return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1 &&
               EVP_PKEY_CTX_set_rsa_pss_saltlen(context, 32) == 1 &&
               EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256()) == 1;
    }
    return true;
}

bool digest_verify(const PublicKey& key, SignatureScheme scheme, std::string_view message,
                   std::string_view signature) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
    // Ed25519 hashes internally, so it takes no digest.
    const EVP_MD* digest = scheme == SignatureScheme::ed25519 ? nullptr : EVP_sha256();
    EVP_PKEY_CTX* key_context = nullptr; // owned by context
    if (!context ||
        EVP_DigestVerifyInit(context.get(), &key_context, digest, nullptr, key.native()) != 1 ||
        !configure_padding(key_context, scheme)) {
        return false;
    }
    return EVP_DigestVerify(context.get(), bytes_of(signature), signature.size(), bytes_of(message),
                            message.size()) == 1;
}

} // namespace

bool verify_signature(const PublicKey& key, SignatureScheme scheme, std::string_view message,
                      std::string_view signature) {
    if (!scheme_fits_key(key, scheme)) {
        return false;
    }

    std::string der;
    if (scheme == SignatureScheme::ecdsa_sha256_raw) {
        // The raw form has a fixed width, so any other length is malformed, not merely wrong.
        std::size_t expected = 2 * ((static_cast<std::size_t>(key.bits()) + 7) / 8);
        if (signature.size() != expected) {
            return false;
        }
        der = raw_ecdsa_to_der(signature);
        signature = der;
    }

    bool valid = digest_verify(key, scheme, message, signature);
    ERR_clear_error(); // a failed verification leaves OpenSSL errors that nobody else wants
    return valid;
}

} // namespace tc::crypto
