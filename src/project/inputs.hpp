#pragma once

#include "engine/compose.hpp"
#include "engine/invocation.hpp"
#include "util/environment.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tc::project {

/// The local files a compose model is made from, found without loading the model: the files
/// compose would pick (-f, COMPOSE_FILE or discovery), those they include or extend, and the
/// env files. Used to key the model cache and to point at the line that names an image.
struct ProjectInputs {
    std::vector<std::filesystem::path> compose_files; // the top-level files, in merge order
    std::vector<std::filesystem::path> files;         // everything read, top-level files first
    std::vector<std::filesystem::path> absent_files;  // files whose appearance would matter
    // Limitation: inputs read from stdin, remote files, paths with variables, an include's own
    // project_directory or a .env setting COMPOSE_* are not followed; `complete` is then false.
    bool complete = true;
};

/// Finds the inputs of the project the given flags select, from `directory` (the cwd).
ProjectInputs find_project_inputs(const engine::GlobalFlags& flags, engine::Dialect dialect,
                                  const util::Environment& environment,
                                  const std::filesystem::path& directory);

/// Where each service's `image:` is written: the last top-level file that sets it wins, as in
/// compose's merge. Files that cannot be parsed are skipped (compose reports them itself).
struct Location {
    std::filesystem::path file;
    int line = 0;
};
std::map<std::string, Location> find_image_locations(const ProjectInputs& inputs);

} // namespace tc::project
