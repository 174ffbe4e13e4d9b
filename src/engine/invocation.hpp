#pragma once

#include "engine/compose.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tc::engine {

/// Compose's global flags of one invocation, kept as written (so compose sees exactly what the
/// user typed) and, for the few that decide which project is loaded, also as values.
struct GlobalFlags {
    std::vector<std::string> docker_flags;  // docker CLI flags (-H, --context, --tls…)
    std::vector<std::string> compose_flags; // compose's own (-f, -p, --profile, …)

    std::vector<std::string> files;               // -f/--file, in order
    std::optional<std::string> project_name;      // -p/--project-name
    std::optional<std::string> project_directory; // --project-directory/--workdir
    std::vector<std::string> profiles;            // --profile
    std::vector<std::string> env_files;           // --env-file
};

/// The argv that runs `command_and_arguments` under compose with these global flags: for the
/// docker plugin, docker's flags go before "compose" and compose's after it.
std::vector<std::string> compose_argv(const Compose& compose, const GlobalFlags& flags,
                                      const std::vector<std::string>& command_and_arguments);

} // namespace tc::engine
