#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tc::util {

/// The whole content of a file; throws Error(not_found) naming the path if it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Writes a file so that readers see either the old content or the new, never a part:
/// the bytes go to a temporary file beside it, which is then renamed over it.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Where trusted-compose keeps rebuildable data: $XDG_CACHE_HOME/trusted-compose, else
/// ~/.cache/trusted-compose.
std::filesystem::path cache_directory();

/// Where trusted-compose keeps state that must survive (trust state, pinned roots):
/// $XDG_CONFIG_HOME/trusted-compose, else ~/.config/trusted-compose.
std::filesystem::path config_directory();

/// Where trusted-compose keeps data it serves (the local registry's content):
/// $XDG_DATA_HOME/trusted-compose, else ~/.local/share/trusted-compose.
std::filesystem::path data_directory();

} // namespace tc::util
