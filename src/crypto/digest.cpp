#include "crypto/digest.hpp"

#include "util/error.hpp"

#include <openssl/evp.h>

#include <array>

namespace tc::crypto {

namespace {

std::string to_hex(const unsigned char* bytes, unsigned int length) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(digits[bytes[i] >> 4]);
        hex.push_back(digits[bytes[i] & 0x0f]);
    }
    return hex;
}

std::string digest_hex(const EVP_MD* algorithm, std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), out.data(), &length, algorithm, nullptr) != 1) {
        throw util::Error(util::ErrorKind::internal, "OpenSSL failed to compute a digest");
    }
    return to_hex(out.data(), length);
}

} // namespace

std::string sha256_hex(std::string_view bytes) {
    return digest_hex(EVP_sha256(), bytes);
}

std::string sha512_hex(std::string_view bytes) {
    return digest_hex(EVP_sha512(), bytes);
}

struct Sha256::State {
    EVP_MD_CTX* context = nullptr;
};

Sha256::Sha256()
    : m_state(new State) {
    m_state->context = EVP_MD_CTX_new();
    if (m_state->context == nullptr ||
        EVP_DigestInit_ex(m_state->context, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(m_state->context);
        delete m_state;
        throw util::Error(util::ErrorKind::internal, "OpenSSL failed to start a SHA-256");
    }
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(m_state->context);
    delete m_state;
}

void Sha256::update(std::string_view bytes) {
    EVP_DigestUpdate(m_state->context, bytes.data(), bytes.size());
}

std::string Sha256::finish_hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_state->context, out.data(), &length);
    return to_hex(out.data(), length);
}

} // namespace tc::crypto
