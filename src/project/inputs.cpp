#include "project/inputs.hpp"

#include "util/files.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
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

constexpr std::uintmax_t k_max_compose_file_size = 16 * 1024 * 1024;

/// Whether a file can be read here as an input: a regular file of sane size. FIFOs, devices
/// and directories are compose's to refuse; we must neither hang nor read without end.
bool is_readable_input(const fs::path& file) {
    std::error_code error;
    return fs::is_regular_file(file, error) &&
           fs::file_size(file, error) <= k_max_compose_file_size && !error;
}

void add_env_file(const fs::path& file, std::set<fs::path>& seen, ProjectInputs& inputs);

/// Follows the include and extends references of one YAML document of `file`.
void follow_document(const YAML::Node& document, const fs::path& file, std::set<fs::path>& seen,
                     ProjectInputs& inputs);

/// Adds a compose file and, recursively, the files it includes or extends. Whatever cannot
/// be followed exactly (merge keys, odd shapes, unreadable files) makes the inputs incomplete,
/// so the model is then never cached.
void add_referenced_files(const fs::path& file, std::set<fs::path>& seen, ProjectInputs& inputs) {
    if (!seen.insert(file).second) {
        return;
    }
    inputs.files.push_back(file);
    if (!is_readable_input(file)) {
        inputs.complete = false;
        return;
    }
    try {
        // YAML merge keys (`<<:`) may carry include or extends entries that yaml-cpp does not
        // expand.
        auto text = util::read_file(file);
        if (text.find("<<") != std::string::npos) {
            inputs.complete = false;
        }
        for (const auto& document : YAML::LoadAll(text)) {
            follow_document(document, file, seen, inputs);
        }
    } catch (const std::exception&) {
        inputs.complete = false; // compose will report what is wrong with the file
    }
}

void follow_document(const YAML::Node& document, const fs::path& file, std::set<fs::path>& seen,
                     ProjectInputs& inputs) {
    if (!document.IsMap()) {
        return;
    }
    fs::path base = file.parent_path();
    auto follow = [&](const YAML::Node& node, bool is_env_file) {
        if (!node.IsScalar() || cannot_be_followed(node.as<std::string>())) {
            inputs.complete = false;
            return;
        }
        auto path = absolute_from(base, node.as<std::string>());
        if (is_env_file) {
            add_env_file(path, seen, inputs);
            return;
        }
        add_referenced_files(path, seen, inputs);
        // An included project reads the .env beside it.
        add_env_file(path.parent_path() / ".env", seen, inputs);
    };
    auto follow_each = [&](const YAML::Node& node, bool is_env_file) {
        if (node.IsSequence()) {
            for (const auto& item : node) {
                follow(item, is_env_file);
            }
        } else {
            follow(node, is_env_file);
        }
    };

    if (auto include = document["include"]; include) {
        if (!include.IsSequence()) {
            inputs.complete = false;
        }
        for (const auto& entry : include) {
            if (entry.IsScalar()) {
                follow(entry, false);
                continue;
            }
            if (!entry.IsMap() || !entry["path"] || entry["project_directory"]) {
                inputs.complete = false;
                continue;
            }
            follow_each(entry["path"], false);
            if (entry["env_file"]) {
                follow_each(entry["env_file"], true);
            }
        }
    }
    if (auto services = document["services"]; services && services.IsMap()) {
        for (const auto& service : services) {
            auto extends = service.second.IsMap() ? service.second["extends"] : YAML::Node();
            if (extends && extends.IsMap() && extends["file"]) {
                follow(extends["file"], false);
            }
        }
    }
}

void add_env_file(const fs::path& file, std::set<fs::path>& seen, ProjectInputs& inputs) {
    if (!seen.insert(file).second) {
        return;
    }
    if (!fs::exists(file)) {
        inputs.absent_files.push_back(file);
        return;
    }
    inputs.files.push_back(file);
    // An env file's COMPOSE_* settings (COMPOSE_FILE, COMPOSE_ENV_FILES, …) choose compose's
    // inputs; such a project is not followed here. Any mention counts, however written.
    if (!is_readable_input(file) || util::read_file(file).find("COMPOSE_") != std::string::npos) {
        inputs.complete = false;
    }
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
        if (!is_readable_input(file)) {
            continue;
        }
        try {
            for (const auto& document : YAML::LoadAllFromFile(file.string())) {
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
        } catch (const std::exception&) {
            continue; // compose reports what is wrong with the file
        }
    }
    return locations;
}

} // namespace tc::project
