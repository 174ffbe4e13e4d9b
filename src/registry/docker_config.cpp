#include "registry/docker_config.hpp"

#include "registry/base64.hpp"
#include "util/environment.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/process.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <pwd.h>
#include <unistd.h>

namespace tc::registry {

using nlohmann::json;
using util::Error;
using util::ErrorKind;

namespace {

constexpr const char* k_docker_hub_key = "https://index.docker.io/v1/";

std::filesystem::path home_directory() {
    if (auto home = util::getenv("HOME"); home && !home->empty()) {
        return *home;
    }
    const passwd* entry = getpwuid(getuid());
    return entry != nullptr && entry->pw_dir != nullptr ? entry->pw_dir : "/";
}

/// Parses JSON without letting the parser's message quote the text: it may hold secrets.
json parse_json(std::string_view text, const std::string& what) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& error) {
        throw Error(ErrorKind::bad_input, "failed to parse " + what + ": invalid JSON at byte " +
                                              std::to_string(error.byte));
    }
}

std::string string_field(const json& object, const char* name) {
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

/// One `auths` entry; nothing if it holds no credentials (helpers leave such entries behind).
std::optional<Credentials> parse_entry(const json& entry, const std::string& key,
                                       const std::string& source) {
    if (!entry.is_object()) {
        return std::nullopt;
    }
    Credentials credentials;
    credentials.username = string_field(entry, "username");
    credentials.password = string_field(entry, "password");
    credentials.identity_token = string_field(entry, "identitytoken");
    credentials.registry_token = string_field(entry, "registrytoken");

    // As in docker, "auth" wins over separate username and password fields.
    if (const std::string auth = string_field(entry, "auth"); !auth.empty()) {
        const auto decoded = base64_decode(auth);
        const auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos) {
            throw Error(ErrorKind::bad_input,
                        "invalid \"auth\" for " + key + " in " + source + ": not base64 user:pass");
        }
        credentials.username = decoded->substr(0, colon);
        credentials.password = decoded->substr(colon + 1);
    }

    const bool empty = credentials.username.empty() && credentials.password.empty() &&
                       credentials.identity_token.empty() && credentials.registry_token.empty();
    return empty ? std::nullopt : std::optional(credentials);
}

std::map<std::string, Credentials> parse_auths(const json& document, const std::string& source) {
    std::map<std::string, Credentials> auths;
    const auto found = document.find("auths");
    if (found == document.end() || !found->is_object()) {
        return auths;
    }
    for (const auto& [key, entry] : found->items()) {
        if (auto credentials = parse_entry(entry, key, source)) {
            auths.emplace(key, std::move(*credentials));
        }
    }
    return auths;
}

/// An exact key first, then any key that reduces to the same host[:port].
std::optional<Credentials> lookup(const std::map<std::string, Credentials>& auths,
                                  const std::string& key) {
    if (auto found = auths.find(key); found != auths.end()) {
        return found->second;
    }
    const std::string hostname = key_hostname(key);
    for (const auto& [candidate, credentials] : auths) {
        if (key_hostname(candidate) == hostname) {
            return credentials;
        }
    }
    return std::nullopt;
}

/// Asks `docker-credential-<helper> get` for a server's credentials. A helper that is
/// missing or fails is reported and treated as "no credentials", so that public images
/// still resolve when a stale credsStore is configured.
std::optional<Credentials> ask_helper(const std::string& helper, const std::string& server) {
    const std::string program = "docker-credential-" + helper;
    util::ProcessSpec spec;
    spec.argv = {program, "get"};
    spec.standard_input = server + "\n";
    util::ProcessResult result;
    try {
        result = util::run_captured(spec);
    } catch (const Error& error) {
        spdlog::warn("cannot run credential helper {} for {}: {}", program, server, error.what());
        return std::nullopt;
    }

    if (result.exit_code != 0) {
        if (result.standard_output.find("credentials not found") == std::string::npos) {
            spdlog::warn("credential helper {} failed for {} (exit code {})", program, server,
                         result.exit_code);
        }
        return std::nullopt;
    }
    const json answer = json::parse(result.standard_output, nullptr, false);
    if (!answer.is_object()) {
        spdlog::warn("credential helper {} answered no JSON object for {}", program, server);
        return std::nullopt;
    }

    Credentials credentials;
    const std::string username = string_field(answer, "Username");
    const std::string secret = string_field(answer, "Secret");
    if (secret.empty()) {
        return std::nullopt;
    }
    // The helper protocol marks an identity token by the user name "<token>".
    if (username == "<token>") {
        credentials.identity_token = secret;
    } else {
        credentials.username = username;
        credentials.password = secret;
    }
    return credentials;
}

} // namespace

std::string credential_key(std::string_view registry) {
    if (registry == "docker.io" || registry == "index.docker.io") {
        return k_docker_hub_key;
    }
    return std::string(registry);
}

std::string key_hostname(std::string_view key) {
    if (const auto scheme = key.find("://"); scheme != std::string_view::npos) {
        key.remove_prefix(scheme + 3);
    }
    return std::string(key.substr(0, key.find('/')));
}

DockerConfig DockerConfig::load(const std::optional<std::filesystem::path>& directory) {
    std::filesystem::path config_directory;
    if (directory) {
        config_directory = *directory;
    } else if (auto from_environment = util::getenv("DOCKER_CONFIG"); from_environment) {
        config_directory = *from_environment;
    } else {
        config_directory = home_directory() / ".docker";
    }
    const std::filesystem::path path = config_directory / "config.json";

    std::string text = "{}";
    std::error_code ignored;
    if (std::filesystem::exists(path, ignored)) {
        text = util::read_file(path);
    }
    return parse(text, path, util::getenv("DOCKER_AUTH_CONFIG"));
}

DockerConfig DockerConfig::parse(std::string_view config_json, const std::filesystem::path& path,
                                 const std::optional<std::string>& environment_json) {
    DockerConfig config;
    config.m_path = path;

    const json document = parse_json(config_json, path.string());
    if (!document.is_object()) {
        throw Error(ErrorKind::bad_input, "failed to parse " + path.string() + ": not an object");
    }
    config.m_file_auths = parse_auths(document, path.string());
    config.m_store = string_field(document, "credsStore");
    if (const auto helpers = document.find("credHelpers");
        helpers != document.end() && helpers->is_object()) {
        for (const auto& [key, helper] : helpers->items()) {
            if (helper.is_string()) {
                config.m_helpers.emplace(key, helper.get<std::string>());
            }
        }
    }

    if (environment_json && !environment_json->empty()) {
        const json environment = parse_json(*environment_json, "DOCKER_AUTH_CONFIG");
        if (!environment.is_object()) {
            throw Error(ErrorKind::bad_input, "failed to parse DOCKER_AUTH_CONFIG: not an object");
        }
        config.m_environment_auths = parse_auths(environment, "DOCKER_AUTH_CONFIG");
    }
    return config;
}

CredentialLookup DockerConfig::find(std::string_view registry) const {
    const std::string key = credential_key(registry);

    if (auto credentials = lookup(m_environment_auths, key)) {
        return {std::move(credentials), "DOCKER_AUTH_CONFIG"};
    }

    std::string helper = m_store;
    for (const auto& name : {key, std::string(registry)}) {
        if (auto found = m_helpers.find(name); found != m_helpers.end()) {
            helper = found->second;
            break;
        }
    }
    if (!helper.empty()) {
        // A helper name is appended to a program name; a slash would make it a path.
        if (helper.find('/') != std::string::npos) {
            throw Error(ErrorKind::bad_input,
                        "invalid credential helper \"" + helper + "\" in " + m_path.string());
        }
        return {ask_helper(helper, key), "docker-credential-" + helper};
    }

    return {lookup(m_file_auths, key), m_path.string()};
}

} // namespace tc::registry
