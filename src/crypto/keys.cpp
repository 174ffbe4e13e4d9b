#include "crypto/keys.hpp"

#include "util/error.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>

namespace tc::crypto {

namespace {

[[noreturn]] void fail(const std::string& message) {
    throw util::Error(util::ErrorKind::bad_input, message);
}

KeyAlgorithm algorithm_of(EVP_PKEY* key) {
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC:
        return KeyAlgorithm::ecdsa;
    case EVP_PKEY_RSA:
        return KeyAlgorithm::rsa;
    case EVP_PKEY_ED25519:
        return KeyAlgorithm::ed25519;
    default:
        fail("unsupported public key type (want ECDSA, RSA or Ed25519)");
    }
}

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* time) {
    std::tm parts{};
    if (ASN1_TIME_to_tm(time, &parts) != 1) {
        fail("certificate has an unreadable validity time");
    }
    using namespace std::chrono;
    auto day = year_month_day{year{parts.tm_year + 1900}, month{unsigned(parts.tm_mon + 1)},
                              std::chrono::day{unsigned(parts.tm_mday)}};
    return sys_days{day} + hours{parts.tm_hour} + minutes{parts.tm_min} + seconds{parts.tm_sec};
}

} // namespace

PublicKey::PublicKey(EVP_PKEY* owned_key)
    : m_key(owned_key, EVP_PKEY_free)
    , m_algorithm(algorithm_of(owned_key)) {}

PublicKey PublicKey::from_spki_der(std::string_view der) {
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size()));
    if (key == nullptr) {
        fail("public key is not a PKIX SubjectPublicKeyInfo");
    }
    if (cursor != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
        EVP_PKEY_free(key);
        fail("public key has trailing bytes after its SubjectPublicKeyInfo");
    }
    return PublicKey(key);
}

PublicKey PublicKey::from_ed25519_raw(std::string_view raw) {
    if (raw.size() != 32) {
        fail("ed25519 public key must be 32 bytes, not " + std::to_string(raw.size()));
    }
    EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    if (key == nullptr) {
        fail("ed25519 public key is invalid");
    }
    return PublicKey(key);
}

int PublicKey::bits() const {
    return EVP_PKEY_get_bits(m_key.get());
}

std::string PublicKey::spki_der() const {
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(m_key.get(), &der);
    if (length <= 0) {
        throw util::Error(util::ErrorKind::internal, "OpenSSL failed to encode a public key");
    }
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return out;
}

Certificate::Certificate(X509* owned_certificate)
    : m_certificate(owned_certificate, X509_free) {}

std::vector<Certificate> Certificate::from_pem_bundle(std::string_view pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    std::vector<Certificate> certificates;
    while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        certificates.emplace_back(certificate);
    }
    ERR_clear_error(); // the reader reports the end of the text as an error
    if (certificates.empty()) {
        fail("no PEM certificate found");
    }
    return certificates;
}

PublicKey Certificate::public_key() const {
    EVP_PKEY* key = X509_get_pubkey(m_certificate.get()); // a new reference
    if (key == nullptr) {
        fail("certificate has an unreadable public key");
    }
    return PublicKey(key);
}

std::string Certificate::common_name() const {
    const X509_NAME* subject = X509_get_subject_name(m_certificate.get());
    int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0) {
        return {};
    }
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                       static_cast<std::size_t>(ASN1_STRING_length(value)));
}

std::chrono::system_clock::time_point Certificate::not_before() const {
    return to_time_point(X509_get0_notBefore(m_certificate.get()));
}

std::chrono::system_clock::time_point Certificate::not_after() const {
    return to_time_point(X509_get0_notAfter(m_certificate.get()));
}

bool Certificate::signed_with_sha1() const {
    int digest = NID_undef;
    int key = NID_undef;
    OBJ_find_sigid_algs(X509_get_signature_nid(m_certificate.get()), &digest, &key);
    return digest == NID_sha1;
}

bool Certificate::is_ca() const {
    return X509_check_ca(m_certificate.get()) != 0;
}

} // namespace tc::crypto
