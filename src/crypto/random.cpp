#include "crypto/random.hpp"

#include "util/error.hpp"

#include <openssl/rand.h>

namespace tc::crypto {

std::string random_bytes(std::size_t count) {
    std::string bytes(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
        throw util::Error(util::ErrorKind::internal, "failed to draw random bytes from OpenSSL");
    }
    return bytes;
}

} // namespace tc::crypto
