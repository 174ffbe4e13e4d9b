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

/// Names a file may make compose read from the environment: not only `$NAME` and `${NAME}`,
/// but also a bare `NAME` in `args`, `environment` or an env file takes its value from there.
/// So every identifier-like word counts: a superset, which is what a cache key needs.
void collect_variable_names(const std::string& text, std::set<std::string>& names) {
    auto is_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    auto is_part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    size_t i = 0;
    while (i < text.size()) {
        if (!is_start(text[i]) || (i > 0 && is_part(text[i - 1]))) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < text.size() && is_part(text[end])) {
            ++end;
        }
        names.insert(text.substr(i, end - i));
        i = end;
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

/// Keeps the services asked for and those they depend on, which compose starts (and pulls)
/// with them; v1 cannot be asked for services, so the filter is ours.
void select_services(const LoadRequest& request, Model& model) {
    if (request.services.empty()) {
        return;
    }
    std::set<std::string> wanted;
    std::vector<std::string> pending = request.services;
    while (!pending.empty()) {
        auto name = pending.back();
        pending.pop_back();
        const Service* service = model.find_service(name);
        if (service == nullptr) {
            throw util::Error(util::ErrorKind::bad_input,
                              fmt::format("no such service: {} (the project has: {})", name,
                                          service_names(model)));
        }
        if (wanted.insert(name).second) {
            pending.insert(pending.end(), service->depends_on.begin(), service->depends_on.end());
        }
    }
    std::erase_if(model.services,
                  [&](const Service& service) { return !wanted.contains(service.name); });
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
        try {
            text = util::read_file(cache_file);
            project.model = parse(request, text);
            project.from_cache = true;
            spdlog::debug("project model from cache {}", cache_file.string());
        } catch (const util::Error&) {
            spdlog::debug("ignoring the unreadable cache entry {}", cache_file.string());
        }
    }
    if (!project.from_cache) {
        text = run_compose_config(request);
        project.model = parse(request, text);
    }
    if (!key.empty() && !project.from_cache) {
        util::write_file_atomically(cache_file, text);
    }
    select_services(request, project.model);
    return project;
}

} // namespace tc::project
