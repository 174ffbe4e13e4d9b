#include "project/inputs.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <fstream>
#include <set>

namespace tc::project {

namespace fs = std::filesystem;

namespace {

// Compose v2 prefers compose.*, v1 docker-compose.* (compose-go cli/options.go; compose v1
// config.py SUPPORTED_FILENAMES).
constexpr std::array k_v2_names{"compose.yaml", "compose.yml", "docker-compose.yml",
                                "docker-compose.yaml"};
constexpr std::array k_v2_override_names{"compose.override.yml", "compose.override.yaml",
                                         "docker-compose.override.yml",
                                         "docker-compose.override.yaml"};
constexpr std::array k_v1_names{"docker-compose.yml", "docker-compose.yaml", "compose.yml",
                                "compose.yaml"};
constexpr std::array k_v1_override_names{"docker-compose.override.yml",
                                         "docker-compose.override.yaml", "compose.override.yml",
                                         "compose.override.yaml"};

bool cannot_be_followed(const std::string& path) {
    return path == "-" || path.find("://") != std::string::npos || path.starts_with("git@") ||
           path.find("${") != std::string::npos || path.find('$') != std::string::npos;
}

fs::path absolute_from(const fs::path& base, const std::string& path) {
    fs::path candidate(path);
    return (candidate.is_absolute() ? candidate : base / candidate).lexically_normal();
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(separator, start);
        if (end == std::string::npos) {
            end = text.size();
        }
        if (end > start) {
            parts.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return parts;
}

/// Compose's discovery: the first directory from `start` upwards that holds a compose file,
/// plus its first override file. Every name tried before a hit is remembered as absent.
void discover(const fs::path& start, engine::Dialect dialect, ProjectInputs& inputs) {
    const auto& names = dialect == engine::Dialect::v1 ? k_v1_names : k_v2_names;
    const auto& overrides =
        dialect == engine::Dialect::v1 ? k_v1_override_names : k_v2_override_names;
    for (fs::path directory = start;; directory = directory.parent_path()) {
        for (const char* name : names) {
            fs::path candidate = directory / name;
            if (!fs::is_regular_file(candidate)) {
                inputs.absent_files.push_back(candidate);
                continue;
            }
            inputs.compose_files.push_back(candidate);
            for (const char* override_name : overrides) {
                fs::path override_file = directory / override_name;
                if (fs::is_regular_file(override_file)) {
                    inputs.compose_files.push_back(override_file);
                    break;
                }
                inputs.absent_files.push_back(override_file);
            }
            return;
        }
        if (directory == directory.parent_path()) {
            return;
        }
    }
}

/// Adds the files a compose file includes or extends, recursively.
void add_referenced_files(const fs::path& file, std::set<fs::path>& seen, ProjectInputs& inputs) {
    if (!seen.insert(file).second) {
        return;
    }
    inputs.files.push_back(file);
    YAML::Node document;
    try {
        document = YAML::LoadFile(file.string());
    } catch (const YAML::Exception&) {
        return; // compose will report the error itself
    }
    if (!document.IsMap()) {
        return;
    }
    auto follow = [&](const fs::path& base, const std::string& path) {
        if (cannot_be_followed(path)) {
            inputs.complete = false;
            return;
        }
        add_referenced_files(absolute_from(base, path), seen, inputs);
    };
    fs::path base = file.parent_path();
    if (auto include = document["include"]; include && include.IsSequence()) {
        for (const auto& entry : include) {
            if (entry.IsScalar()) {
                follow(base, entry.as<std::string>());
                continue;
            }
            // Long form: path and env_file may each be a string or a list; an included
            // project may also carry its own .env, which compose reads.
            inputs.complete = inputs.complete && entry.IsMap();
            for (const char* key : {"path", "env_file"}) {
                auto value = entry[key];
                if (value && value.IsScalar()) {
                    follow(base, value.as<std::string>());
                } else if (value && value.IsSequence()) {
                    for (const auto& item : value) {
                        follow(base, item.as<std::string>());
                    }
                }
            }
            if (entry["project_directory"]) {
                inputs.complete = false;
            }
        }
    }
    if (auto services = document["services"]; services && services.IsMap()) {
        for (const auto& service : services) {
            auto extends = service.second["extends"];
            if (extends && extends.IsMap() && extends["file"]) {
                follow(base, extends["file"].as<std::string>());
            }
        }
    }
}

void add_env_file(const fs::path& file, std::set<fs::path>& seen, ProjectInputs& inputs) {
    if (!seen.insert(file).second) {
        return;
    }
    if (fs::is_regular_file(file)) {
        inputs.files.push_back(file);
    } else {
        inputs.absent_files.push_back(file);
    }
}

bool sets_compose_variables(const fs::path& env_file) {
    std::ifstream stream(env_file);
    for (std::string line; std::getline(stream, line);) {
        auto start = line.find_first_not_of(" \t");
        if (start != std::string::npos && line.compare(start, 7, "export ") == 0) {
            start = line.find_first_not_of(" \t", start + 7);
        }
        if (start != std::string::npos && line.compare(start, 8, "COMPOSE_") == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

ProjectInputs find_project_inputs(const engine::GlobalFlags& flags, engine::Dialect dialect,
                                  const util::Environment& environment, const fs::path& directory) {
    ProjectInputs inputs;
    fs::path start =
        flags.project_directory ? absolute_from(directory, *flags.project_directory) : directory;

    // The .env of the start directory is read before the compose files are known, and its
    // COMPOSE_* settings (COMPOSE_FILE, COMPOSE_ENV_FILES, …) then choose them: such a
    // project is not followed here, so it is never cached.
    std::set<fs::path> seen;
    add_env_file(start / ".env", seen, inputs);
    if (sets_compose_variables(start / ".env")) {
        inputs.complete = false;
    }

    std::vector<std::string> named = flags.files;
    if (named.empty()) {
        if (auto variable = environment.get("COMPOSE_FILE"); variable && !variable->empty()) {
            auto separator = environment.get("COMPOSE_PATH_SEPARATOR").value_or(":");
            named = split(*variable, separator.empty() ? ':' : separator[0]);
        }
    }
    for (const auto& file : named) {
        if (cannot_be_followed(file)) {
            inputs.complete = false;
            continue;
        }
        inputs.compose_files.push_back(absolute_from(directory, file));
    }
    if (named.empty()) {
        discover(start, dialect, inputs);
    }

    for (const auto& file : inputs.compose_files) {
        add_referenced_files(file, seen, inputs);
    }

    std::vector<std::string> env_files = flags.env_files;
    if (env_files.empty()) {
        if (auto variable = environment.get("COMPOSE_ENV_FILES"); variable) {
            env_files = split(*variable, ',');
        }
    }
    for (const auto& file : env_files) {
        add_env_file(absolute_from(directory, file), seen, inputs);
    }
    if (!inputs.compose_files.empty()) {
        fs::path project_directory =
            flags.project_directory ? start : inputs.compose_files.front().parent_path();
        add_env_file(project_directory / ".env", seen, inputs);
    }
    return inputs;
}

std::map<std::string, Location> find_image_locations(const ProjectInputs& inputs) {
    std::map<std::string, Location> locations;
    for (const auto& file : inputs.compose_files) {
        YAML::Node document;
        try {
            document = YAML::LoadFile(file.string());
        } catch (const YAML::Exception&) {
            continue;
        }
        auto services = document.IsMap() ? document["services"] : YAML::Node();
        if (!services || !services.IsMap()) {
            continue;
        }
        for (const auto& service : services) {
            auto image = service.second.IsMap() ? service.second["image"] : YAML::Node();
            if (image && image.IsScalar()) {
                locations[service.first.as<std::string>()] = {file, image.Mark().line + 1};
            }
        }
    }
    return locations;
}

} // namespace tc::project
