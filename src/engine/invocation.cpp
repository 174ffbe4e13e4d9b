#include "engine/invocation.hpp"

namespace tc::engine {

std::vector<std::string> compose_argv(const Compose& compose, const GlobalFlags& flags,
                                      const std::vector<std::string>& command_and_arguments) {
    std::vector<std::string> argv;
    if (compose.is_docker_plugin()) {
        argv.insert(argv.end(), compose.command.begin(), compose.command.end() - 1);
        argv.insert(argv.end(), flags.docker_flags.begin(), flags.docker_flags.end());
        argv.push_back(compose.command.back());
    } else {
        // Standalone binaries (v1, or v2 run as docker-compose) take docker's flags themselves.
        argv = compose.command;
        argv.insert(argv.end(), flags.docker_flags.begin(), flags.docker_flags.end());
    }
    argv.insert(argv.end(), flags.compose_flags.begin(), flags.compose_flags.end());
    argv.insert(argv.end(), command_and_arguments.begin(), command_and_arguments.end());
    return argv;
}

} // namespace tc::engine
