#include "cli/arguments.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace tc::cli {

namespace {

enum class Scope { own, compose, docker };

/// Which GlobalFlags/OwnOptions field a flag's value also goes to.
enum class Field {
    none,
    files,
    project_name,
    project_directory,
    profiles,
    env_files,
    own_compose,
    own_local_registry,
    own_registry_ca_file,
    own_help,
    own_verbose,
};

struct FlagSpec {
    std::string_view long_name; // without "--"
    char short_name;            // 0 if none
    bool takes_value;
    Scope scope;
    Field field;
};

// Compose v2's global flags (visible and hidden), v1's extra ones, and the docker CLI's, which
// the plugin needs before the word "compose". Sources: `docker compose --help`, compose's
// cmd/compose/compose.go, docker-compose 1.29 `--help`, and the docker CLI's global options.
constexpr std::array k_flags{
    FlagSpec{"compose", 0, true, Scope::own, Field::own_compose},
    FlagSpec{"local-registry", 0, true, Scope::own, Field::own_local_registry},
    FlagSpec{"registry-ca-file", 0, true, Scope::own, Field::own_registry_ca_file},
    FlagSpec{"help", 'h', false, Scope::own, Field::own_help},
    // Compose has a hidden, deprecated --verbose of its own; ours shows what we do.
    FlagSpec{"verbose", 0, false, Scope::own, Field::own_verbose},

    FlagSpec{"file", 'f', true, Scope::compose, Field::files},
    FlagSpec{"project-name", 'p', true, Scope::compose, Field::project_name},
    FlagSpec{"project-directory", 0, true, Scope::compose, Field::project_directory},
    FlagSpec{"workdir", 0, true, Scope::compose, Field::project_directory},
    FlagSpec{"profile", 0, true, Scope::compose, Field::profiles},
    FlagSpec{"env-file", 0, true, Scope::compose, Field::env_files},
    FlagSpec{"parallel", 0, true, Scope::compose, Field::none},
    FlagSpec{"progress", 0, true, Scope::compose, Field::none},
    FlagSpec{"ansi", 0, true, Scope::compose, Field::none},
    FlagSpec{"insecure-registry", 0, true, Scope::compose, Field::none},
    FlagSpec{"compatibility", 0, false, Scope::compose, Field::none},
    FlagSpec{"dry-run", 0, false, Scope::compose, Field::none},
    FlagSpec{"all-resources", 0, false, Scope::compose, Field::none},
    FlagSpec{"no-ansi", 0, false, Scope::compose, Field::none},
    FlagSpec{"version", 'v', false, Scope::compose, Field::none},
    FlagSpec{"skip-hostname-check", 0, false, Scope::compose, Field::none},

    FlagSpec{"config", 0, true, Scope::docker, Field::none},
    FlagSpec{"context", 'c', true, Scope::docker, Field::none},
    FlagSpec{"host", 'H', true, Scope::docker, Field::none},
    FlagSpec{"log-level", 'l', true, Scope::docker, Field::none},
    FlagSpec{"debug", 'D', false, Scope::docker, Field::none},
    FlagSpec{"tls", 0, false, Scope::docker, Field::none},
    FlagSpec{"tlscacert", 0, true, Scope::docker, Field::none},
    FlagSpec{"tlscert", 0, true, Scope::docker, Field::none},
    FlagSpec{"tlskey", 0, true, Scope::docker, Field::none},
    FlagSpec{"tlsverify", 0, false, Scope::docker, Field::none},
};

const FlagSpec* find_long(std::string_view name) {
    for (const auto& flag : k_flags) {
        if (flag.long_name == name) {
            return &flag;
        }
    }
    return nullptr;
}

const FlagSpec* find_short(char name) {
    for (const auto& flag : k_flags) {
        if (flag.short_name == name) {
            return &flag;
        }
    }
    return nullptr;
}

void record_value(const FlagSpec& flag, const std::string& value, Invocation& invocation) {
    auto& global = invocation.global;
    switch (flag.field) {
    case Field::files:
        global.files.push_back(value);
        break;
    case Field::project_name:
        global.project_name = value;
        break;
    case Field::project_directory:
        global.project_directory = value;
        break;
    case Field::profiles:
        global.profiles.push_back(value);
        break;
    case Field::env_files:
        global.env_files.push_back(value);
        break;
    case Field::own_compose:
        invocation.own.compose = value;
        break;
    case Field::own_local_registry:
        invocation.own.local_registry = value;
        break;
    case Field::own_registry_ca_file:
        invocation.own.registry_ca_file = value;
        break;
    case Field::own_help:
        invocation.own.help = true;
        break;
    case Field::own_verbose:
        invocation.own.verbose = true;
        break;
    case Field::none:
        break;
    }
}

/// Where a flag goes: own flags are consumed, the others kept as written for compose.
void keep_for_compose(const FlagSpec& flag, const std::vector<std::string>& written,
                      Invocation& invocation) {
    auto& target = flag.scope == Scope::docker ? invocation.global.docker_flags
                                               : invocation.global.compose_flags;
    target.insert(target.end(), written.begin(), written.end());
}

} // namespace

Invocation split_arguments(const std::vector<std::string>& arguments) {
    Invocation invocation;
    size_t index = 0;
    while (index < arguments.size()) {
        const std::string& argument = arguments[index];
        if (argument == "--") {
            ++index;
            break;
        }
        if (argument.size() < 2 || argument[0] != '-') {
            break;
        }

        const FlagSpec* flag = nullptr;
        std::optional<std::string> inline_value; // --file=x, -fx, -f=x
        if (argument.starts_with("--")) {
            std::string_view body = std::string_view(argument).substr(2);
            auto equals = body.find('=');
            flag = find_long(body.substr(0, equals));
            if (equals != std::string_view::npos) {
                inline_value = std::string(body.substr(equals + 1));
            }
        } else {
            flag = find_short(argument[1]);
            if (argument.size() > 2) {
                inline_value = argument.substr(argument[2] == '=' ? 3 : 2);
            }
        }
        if (flag == nullptr) {
            throw util::Error(util::ErrorKind::bad_input,
                              fmt::format("unknown global flag \"{}\": it is neither "
                                          "trusted-compose's nor compose's (see --help)",
                                          argument));
        }
        // Like cobra, a boolean flag may say --flag=true or --flag=false.
        if (!flag->takes_value && inline_value && *inline_value != "true" &&
            *inline_value != "false") {
            throw util::Error(util::ErrorKind::bad_input,
                              fmt::format("global flag \"{}\" takes no value", argument));
        }

        std::vector<std::string> written{argument};
        std::string value;
        if (flag->takes_value) {
            if (inline_value) {
                value = *inline_value;
            } else if (index + 1 < arguments.size()) {
                value = arguments[++index];
                written.push_back(value);
            } else {
                throw util::Error(util::ErrorKind::bad_input,
                                  fmt::format("global flag \"{}\" needs a value", argument));
            }
        }
        record_value(*flag, value, invocation);
        if (flag->scope != Scope::own) {
            keep_for_compose(*flag, written, invocation);
        }
        ++index;
    }

    invocation.command_and_arguments.assign(arguments.begin() + static_cast<long>(index),
                                            arguments.end());
    return invocation;
}

} // namespace tc::cli
