#pragma once

#include "util/environment.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tc::engine {

/// The two command-line dialects of compose: the Go v2 plugin (or its standalone binary) and
/// the Python docker-compose 1.x.
enum class Dialect { v1, v2 };

/// The compose program that will run, as found on this machine.
struct Compose {
    std::vector<std::string> command; // {"docker", "compose"} or {"docker-compose"}
    Dialect dialect = Dialect::v2;
    std::string version; // as `version --short` printed it, e.g. "5.6.0", "1.29.2"

    /// Whether compose runs as a docker CLI plugin, so docker's own global flags must stand
    /// before the word "compose".
    bool is_docker_plugin() const;
};

/// The environment variable that overrides which compose runs, like --compose.
inline constexpr const char* k_compose_variable = "TRUSTED_COMPOSE_COMPOSE";

/// Finds compose: the override (a command line split on spaces, e.g. "docker-compose" or
/// "docker compose") if given, else `docker compose` when that plugin answers, else
/// `docker-compose`. Throws Error(compose) when none answers `version --short`.
Compose locate_compose(const std::optional<std::string>& override_command);

/// Parses the output of `compose version --short` ("v2.27.0", "5.6.0", "1.29.2") into its
/// dialect; throws Error(compose) on text that is no version.
Dialect dialect_of_version(const std::string& version_text);

} // namespace tc::engine
