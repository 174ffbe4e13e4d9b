#pragma once

#include "engine/compose.hpp"
#include "engine/invocation.hpp"
#include "project/inputs.hpp"
#include "project/model.hpp"
#include "util/environment.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tc::project {

/// A loaded project: compose's effective model and the files it came from.
struct LoadedProject {
    Model model;
    ProjectInputs inputs;
    bool from_cache = false;
};

/// What to load, and with which compose.
struct LoadRequest {
    engine::Compose compose;
    engine::GlobalFlags flags;
    std::vector<std::string> services; // empty: every service enabled by the active profiles
    util::Environment environment;     // the environment compose runs with
    std::filesystem::path directory;   // the cwd compose runs in
    bool use_cache = true;
};

/// Asks the installed compose for the effective model (`config --format json`, or v1's
/// `config`), so that file discovery, interpolation, merging, extends, include and profiles
/// mean exactly what they mean to the compose that will run. The answer is cached by a hash of
/// every input file and of the environment variables those files can read.
/// Errors: Error(bad_input) carrying compose's own message when compose refuses the project,
/// or naming a selected service the project does not have.
LoadedProject load_project(const LoadRequest& request);

/// The cache key of a request, or "" when its inputs cannot all be known (then no caching).
std::string model_cache_key(const LoadRequest& request, const ProjectInputs& inputs);

} // namespace tc::project
