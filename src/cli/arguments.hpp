#pragma once

#include "engine/invocation.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tc::cli {

/// Options of trusted-compose itself; they come before compose's global flags.
struct OwnOptions {
    std::optional<std::string> compose;          // --compose "docker-compose"
    std::optional<std::string> local_registry;   // --local-registry HOST:PORT
    std::optional<std::string> registry_ca_file; // --registry-ca-file PATH
    bool help = false;                           // -h/--help before any command
    bool verbose = false;                        // --verbose: decisions and HTTP requests
};

/// One command line, split the way compose itself splits it.
struct Invocation {
    OwnOptions own;
    engine::GlobalFlags global;
    std::vector<std::string> command_and_arguments; // empty when no command was given
};

/// Splits argv (without argv[0]) into our options, compose's global flags and the command.
/// Compose's table of global flags says which take a value, so `-p config pull config` is the
/// project "config" pulling the service "config". Throws Error(bad_input) for a flag neither
/// we nor compose know, or a flag missing its value.
Invocation split_arguments(const std::vector<std::string>& arguments);

} // namespace tc::cli
