#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tc::crypto {

/// Standard base64 (RFC 4648 §4) with padding, as Go's base64.StdEncoding writes it.
std::string base64_encode(std::string_view bytes);

/// Decodes standard padded base64; nullopt if the text is not exactly that (no whitespace,
/// no URL alphabet), so a malformed field is refused rather than half-read.
std::optional<std::string> base64_decode(std::string_view text);

/// Lowercase hex of the bytes.
std::string hex_encode(std::string_view bytes);

} // namespace tc::crypto
