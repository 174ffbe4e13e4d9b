#pragma once

#include <string>
#include <string_view>

namespace tc::crypto {

/// Lowercase hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

/// Lowercase hex SHA-512 of the bytes.
std::string sha512_hex(std::string_view bytes);

/// Incremental SHA-256, for content that arrives in pieces (registry blobs).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    /// Lowercase hex of everything passed to update(); the object is spent afterwards.
    std::string finish_hex();

private:
    struct State;
    State* m_state;
};

} // namespace tc::crypto
