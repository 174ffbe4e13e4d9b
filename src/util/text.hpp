#pragma once

#include <string>
#include <string_view>

namespace tc::util {

/// Text safe to print on a terminal: control characters (ESC above all, which could retitle
/// or clear the user's terminal from a hostile file name or image name) become \xNN.
/// Newlines and tabs are kept when `keep_newlines` is true.
std::string printable(std::string_view text, bool keep_newlines = false);

} // namespace tc::util
