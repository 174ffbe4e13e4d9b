#include "crypto/private_key.hpp"

#include "crypto/random.hpp"
#include "util/error.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace tc::crypto {

namespace {

// notary's PKCS#8 parameters (tuf/utils/pkcs8.go); matching them keeps our key files
// readable by docker and notary and theirs by us.
constexpr int k_pbkdf2_iterations = 2048;
constexpr std::size_t k_salt_length = 8;

[[noreturn]] void fail(util::ErrorKind kind, const std::string& message) {
    throw util::Error(kind, message);
}

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* pointer) const { Free(pointer); }
};

using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Pkcs8Info =
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>>;
using Pkcs8Encrypted = std::unique_ptr<X509_SIG, Deleter<X509_SIG, X509_SIG_free>>;
using Certificate509 = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;

PrivateKey from_info(PKCS8_PRIV_KEY_INFO* info) {
    EVP_PKEY* key = EVP_PKCS82PKEY(info);
    if (key == nullptr) {
        fail(util::ErrorKind::bad_input, "private key is not a supported PKCS#8 key");
    }
    return PrivateKey(key);
}

void add_extension(X509* certificate, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (extension == nullptr || X509_add_ext(certificate, extension, -1) != 1) {
        X509_EXTENSION_free(extension);
        fail(util::ErrorKind::internal, "failed to add a certificate extension");
    }
    X509_EXTENSION_free(extension);
}

} // namespace

PrivateKey::PrivateKey(EVP_PKEY* owned_key)
    : m_key(owned_key, EVP_PKEY_free) {}

PrivateKey PrivateKey::generate_ecdsa_p256() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    if (key == nullptr) {
        fail(util::ErrorKind::internal, "failed to generate an ECDSA P-256 key");
    }
    return PrivateKey(key);
}

PrivateKey PrivateKey::from_encrypted_pkcs8(std::string_view der, std::string_view passphrase) {
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    Pkcs8Encrypted encrypted(d2i_X509_SIG(nullptr, &cursor, static_cast<long>(der.size())));
    if (!encrypted) {
        fail(util::ErrorKind::bad_input, "private key is not an encrypted PKCS#8 key");
    }
    Pkcs8Info info(
        PKCS8_decrypt(encrypted.get(), passphrase.data(), static_cast<int>(passphrase.size())));
    if (!info) {
        fail(util::ErrorKind::bad_input, "the passphrase does not decrypt the private key");
    }
    return from_info(info.get());
}

PrivateKey PrivateKey::from_pkcs8(std::string_view der) {
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    Pkcs8Info info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, static_cast<long>(der.size())));
    if (!info) {
        fail(util::ErrorKind::bad_input, "private key is not a PKCS#8 key");
    }
    return from_info(info.get());
}

std::string PrivateKey::to_encrypted_pkcs8(std::string_view passphrase) const {
    Pkcs8Info info(EVP_PKEY2PKCS8(m_key.get()));
    std::string salt = random_bytes(k_salt_length);
    // hmacWithSHA1 is PBKDF2's default PRF, so the parameters name none, as notary's do.
    X509_ALGOR* algorithm = PKCS5_pbe2_set_iv(
        EVP_aes_256_cbc(), k_pbkdf2_iterations, reinterpret_cast<unsigned char*>(salt.data()),
        static_cast<int>(salt.size()), nullptr, NID_hmacWithSHA1);
    if (!info || algorithm == nullptr) {
        X509_ALGOR_free(algorithm);
        fail(util::ErrorKind::internal, "failed to prepare the private key for encryption");
    }
    // Ownership of `algorithm` passes to the result on success only.
    Pkcs8Encrypted encrypted(PKCS8_set0_pbe(passphrase.data(), static_cast<int>(passphrase.size()),
                                            info.get(), algorithm));
    if (!encrypted) {
        X509_ALGOR_free(algorithm);
        fail(util::ErrorKind::internal, "failed to encrypt the private key");
    }

    unsigned char* der = nullptr;
    int length = i2d_X509_SIG(encrypted.get(), &der);
    if (length <= 0) {
        fail(util::ErrorKind::internal, "failed to encode the encrypted private key");
    }
    std::string result(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return result;
}

PublicKey PrivateKey::public_key() const {
    // Through SPKI DER so that the PublicKey holds no private material.
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(m_key.get(), &der);
    if (length <= 0) {
        fail(util::ErrorKind::internal, "failed to encode a public key");
    }
    std::string spki(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return PublicKey::from_spki_der(spki);
}

std::string PrivateKey::sign_ecdsa_sha256_raw(std::string_view message) const {
    if (EVP_PKEY_get_base_id(m_key.get()) != EVP_PKEY_EC) {
        fail(util::ErrorKind::bad_input, "an ECDSA signature needs an ECDSA key");
    }
    DigestContext context(EVP_MD_CTX_new());
    std::size_t length = 0;
    if (!context ||
        EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
        fail(util::ErrorKind::internal, "failed to start an ECDSA signature");
    }
    std::string der(length, '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(der.data()), &length,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
        fail(util::ErrorKind::internal, "failed to sign with ECDSA");
    }

    // OpenSSL writes DER; TUF wants r and s as fixed-size big-endian integers.
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    EcdsaSig signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(length)));
    int size = (EVP_PKEY_get_bits(m_key.get()) + 7) / 8;
    std::string raw(static_cast<std::size_t>(2 * size), '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (!signature || BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), out, size) != size ||
        BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), out + size, size) != size) {
        fail(util::ErrorKind::internal, "failed to encode an ECDSA signature");
    }
    return raw;
}

std::string self_signed_certificate_pem(const PrivateKey& key, const std::string& common_name,
                                        std::chrono::seconds validity) {
    Certificate509 certificate(X509_new());
    std::string serial = random_bytes(16);
    serial[0] = static_cast<char>(serial[0] & 0x7f); // a positive serial number
    BIGNUM* number = BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()), 16, nullptr);
    X509_NAME* name = X509_NAME_new();
    bool built =
        certificate && number != nullptr && name != nullptr &&
        X509_set_version(certificate.get(), X509_VERSION_3) == 1 &&
        BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate.get())) != nullptr &&
        X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0) != nullptr &&
        X509_gmtime_adj(X509_getm_notAfter(certificate.get()), validity.count()) != nullptr &&
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                                   -1, 0) == 1 &&
        X509_set_subject_name(certificate.get(), name) == 1 &&
        X509_set_issuer_name(certificate.get(), name) == 1 &&
        X509_set_pubkey(certificate.get(), key.native()) == 1;
    BN_free(number);
    X509_NAME_free(name);
    if (!built) {
        fail(util::ErrorKind::internal, "failed to build a certificate for " + common_name);
    }

    add_extension(certificate.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_extension(certificate.get(), NID_ext_key_usage, "codeSigning");
    add_extension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE");
    if (X509_sign(certificate.get(), key.native(), EVP_sha256()) <= 0) {
        fail(util::ErrorKind::internal, "failed to sign the certificate for " + common_name);
    }

    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate.get()) != 1) {
        fail(util::ErrorKind::internal, "failed to write the certificate for " + common_name);
    }
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

} // namespace tc::crypto
