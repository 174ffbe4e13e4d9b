#include "project/loader.hpp"

#include "crypto/digest.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/process.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <set>

namespace tc::project {

namespace fs = std::filesystem;

namespace {

/// Bumped whenever the cached text or its meaning changes.
constexpr const char* k_cache_format = "trusted-compose model cache 1";

/// Names a file may read through interpolation: every `$NAME` or `${NAME`. A superset of
/// what compose reads, which is what a cache key needs.
void collect_variable_names(const std::string& text, std::set<std::string>& names) {
    auto is_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    auto is_part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '$') {
            continue;
        }
        size_t start = text[i + 1] == '{' ? i + 2 : i + 1;
        size_t end = start;
        while (end < text.size() && (end == start ? is_start(text[end]) : is_part(text[end]))) {
            ++end;
        }
        if (end > start) {
            names.insert(text.substr(start, end - start));
        }
    }
}

bool is_compose_setting(const std::string& name) {
    return name.starts_with("COMPOSE_") || name.starts_with("DOCKER_") ||
           name.starts_with("BUILDX_");
}

std::string run_compose_config(const LoadRequest& request) {
    std::vector<std::string> command{"config"};
    if (request.compose.dialect == engine::Dialect::v2) {
        command.insert(command.end(), {"--format", "json"});
        command.insert(command.end(), request.services.begin(), request.services.end());
    }
    util::ProcessSpec spec;
    spec.argv = engine::compose_argv(request.compose, request.flags, command);
    spec.environment = request.environment;
    spec.workdir = request.directory;
    auto result = util::run_captured(spec);

    if (result.exit_code != 0) {
        auto message = result.standard_error;
        while (!message.empty() && message.back() == '\n') {
            message.pop_back();
        }
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("compose could not load the project:\n{}", message));
    }
    // Compose's warnings (unset variables, obsolete `version`) are the user's to see.
    std::cerr << result.standard_error;
    return result.standard_output;
}

Model parse(const LoadRequest& request, const std::string& text) {
    return request.compose.dialect == engine::Dialect::v2 ? parse_model_json(text)
                                                          : parse_model_yaml(text);
}

std::string service_names(const Model& model) {
    std::string names;
    for (const auto& service : model.services) {
        names += (names.empty() ? "" : ", ") + service.name;
    }
    return names;
}

/// Keeps only the services asked for; v1 cannot be asked, so the filter is ours.
void select_services(const LoadRequest& request, Model& model) {
    if (request.services.empty()) {
        return;
    }
    std::vector<Service> selected;
    for (const auto& name : request.services) {
        const Service* service = model.find_service(name);
        if (service == nullptr) {
            throw util::Error(util::ErrorKind::bad_input,
                              fmt::format("no such service: {} (the project has: {})", name,
                                          service_names(model)));
        }
        selected.push_back(*service);
    }
    model.services = std::move(selected);
}

} // namespace

std::string model_cache_key(const LoadRequest& request, const ProjectInputs& inputs) {
    if (!inputs.complete) {
        return "";
    }
    std::string material = k_cache_format;
    auto add = [&material](const std::string& label, const std::string& value) {
        material += "\n" + label + "=" + std::to_string(value.size()) + ":" + value;
    };
    for (const auto& word : request.compose.command) {
        add("compose", word);
    }
    add("version", request.compose.version);
    add("directory", request.directory.string());
    for (const auto& flag : request.flags.docker_flags) {
        add("docker-flag", flag);
    }
    for (const auto& flag : request.flags.compose_flags) {
        add("compose-flag", flag);
    }
    for (const auto& service : request.services) {
        add("service", service);
    }

    std::set<std::string> names;
    for (const auto& file : inputs.files) {
        std::string content;
        try {
            content = util::read_file(file);
        } catch (const util::Error&) {
            return ""; // unreadable now: let compose say why
        }
        add("file", file.string());
        add("sha256", crypto::sha256_hex(content));
        collect_variable_names(content, names);
    }
    for (const auto& file : inputs.absent_files) {
        if (fs::exists(file)) {
            return ""; // appeared since discovery ran: never trust a stale view
        }
        add("absent", file.string());
    }
    for (const auto& [name, value] : request.environment.variables()) {
        if (is_compose_setting(name) || names.contains(name)) {
            add("env:" + name, value);
        }
    }
    return crypto::sha256_hex(material);
}

LoadedProject load_project(const LoadRequest& request) {
    LoadedProject project;
    project.inputs = find_project_inputs(request.flags, request.compose.dialect,
                                         request.environment, request.directory);

    std::string key = request.use_cache ? model_cache_key(request, project.inputs) : "";
    fs::path cache_file = key.empty() ? fs::path() : util::cache_directory() / "models" / key;
    std::string text;
    if (!key.empty() && fs::is_regular_file(cache_file)) {
        text = util::read_file(cache_file);
        project.from_cache = true;
        spdlog::debug("project model from cache {}", cache_file.string());
    } else {
        text = run_compose_config(request);
    }

    project.model = parse(request, text);
    if (!key.empty() && !project.from_cache) {
        util::write_file_atomically(cache_file, text);
    }
    select_services(request, project.model);
    return project;
}

} // namespace tc::project
