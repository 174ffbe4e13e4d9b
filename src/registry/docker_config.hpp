#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tc::registry {

/// What docker login stored for a registry. Never logged, never put in a message.
struct Credentials {
    std::string username;
    std::string password;
    std::string identity_token; // an OAuth2 refresh token, exchanged at the token realm
    std::string registry_token; // a bearer token sent to the registry as it is
};

/// The outcome of a credential lookup, with where it looked, for error messages.
struct CredentialLookup {
    std::optional<Credentials> credentials;
    std::string source; // a config.json path, "DOCKER_AUTH_CONFIG" or "docker-credential-<x>"
};

/// The key docker stores a registry's credentials under: "https://index.docker.io/v1/" for
/// Docker Hub, else the registry's host[:port].
std::string credential_key(std::string_view registry);

/// The host[:port] a config key names: legacy keys such as "https://host:5000/v1/" lose
/// their scheme and path.
std::string key_hostname(std::string_view key);

/// The credential parts of docker's client configuration: `auths`, `credsStore`,
/// `credHelpers`, and the DOCKER_AUTH_CONFIG environment variable that takes precedence.
class DockerConfig {
public:
    /// Reads DOCKER_AUTH_CONFIG and <directory>/config.json, the directory defaulting to
    /// $DOCKER_CONFIG, else ~/.docker. A missing file is an empty configuration.
    /// Throws Error(bad_input) naming the file if it is not valid.
    static DockerConfig load(const std::optional<std::filesystem::path>& directory);

    /// Parses config.json text read from `path` (named in messages), and the value of
    /// DOCKER_AUTH_CONFIG if set.
    static DockerConfig parse(std::string_view config_json, const std::filesystem::path& path,
                              const std::optional<std::string>& environment_json);

    /// The credentials for a registry ("docker.io", "registry.test", "localhost:5000"):
    /// DOCKER_AUTH_CONFIG, then a credential helper if one is configured, else `auths`.
    CredentialLookup find(std::string_view registry) const;

    /// The config.json this configuration was read from (which need not exist).
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
    std::map<std::string, Credentials> m_file_auths;
    std::map<std::string, Credentials> m_environment_auths;
    std::map<std::string, std::string> m_helpers; // credHelpers: key -> helper suffix
    std::string m_store;                          // credsStore: the default helper
};

} // namespace tc::registry
