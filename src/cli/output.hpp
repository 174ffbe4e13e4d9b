#pragma once

#include "project/image_uses.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tc::cli {

/// A JSON array of objects: service, kind, reference, written, and file/line/platform where
/// known.
std::string format_uses_json(const std::vector<project::ImageUse>& uses);

/// An aligned table, one use a line; files under `directory` are shown relative to it.
std::string format_uses_table(const std::vector<project::ImageUse>& uses,
                              const std::filesystem::path& directory);

} // namespace tc::cli
