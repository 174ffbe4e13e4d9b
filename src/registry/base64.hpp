#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tc::registry {

/// Standard base64 (RFC 4648, with padding), as Basic auth and docker's config "auth" use it.
std::string base64_encode(std::string_view bytes);

/// Decodes standard base64; padding is optional. Nothing on any other character.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace tc::registry
