#pragma once

#include <cstddef>
#include <string>

namespace tc::crypto {

/// `count` bytes from OpenSSL's CSPRNG; throws Error(internal) if it cannot deliver.
std::string random_bytes(std::size_t count);

} // namespace tc::crypto
