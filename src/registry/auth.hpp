#pragma once

#include "registry/docker_config.hpp"
#include "registry/http.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tc::registry {

/// A registry's answer to an unauthenticated request, from WWW-Authenticate.
struct Challenge {
    enum class Scheme { basic, bearer };
    Scheme scheme = Scheme::basic;
    std::string realm;   // Bearer: the token endpoint's URL
    std::string service; // Bearer: passed back to the token endpoint
    std::string scope;   // Bearer: what the registry says this request needs
};

/// Parses one WWW-Authenticate value; nothing if its scheme is neither Basic nor Bearer.
std::optional<Challenge> parse_challenge(std::string_view header);

/// The challenge to answer among all WWW-Authenticate values: Bearer before Basic.
std::optional<Challenge> choose_challenge(const std::vector<std::string>& headers);

/// The Authorization value "Basic <base64 user:pass>".
std::string basic_authorization(const Credentials& credentials);

/// Whether a host[:port] is a loopback address: localhost, 127.x.y.z or [::1].
bool is_loopback(std::string_view host_port);

/// Answers registry challenges with credentials from the docker config, and remembers the
/// resulting Authorization values (tokens until they expire, basic credentials for good) per
/// registry and scope, so that later requests are authorized up front.
class Authorizer {
public:
    Authorizer(HttpSession& session, std::optional<std::filesystem::path> docker_config_dir);

    /// A remembered Authorization value for a registry and scope, if any.
    std::optional<std::string> cached(const std::string& registry, const std::string& scope);

    /// Obtains an Authorization value for a challenge (fetching a token if it is Bearer;
    /// `scope` may list several scopes separated by spaces, each sent as its own parameter);
    /// nothing for a Basic challenge without credentials. `plain_http_ok` allows sending
    /// credentials to a plain-HTTP token realm. Throws unauthorized or network errors.
    std::optional<std::string> answer(const std::string& registry, const std::string& scope,
                                      const Challenge& challenge, bool plain_http_ok);

    /// Drops what is remembered for a registry and scope, after the registry refused it.
    void forget(const std::string& registry, const std::string& scope);

    /// Why a 401 may have happened, for messages: "no credentials for X in <file>; run
    /// docker login X" or "credentials for X from <file> were refused; ...".
    std::string unauthorized_note(const std::string& registry);

private:
    struct Cached {
        std::string authorization;
        std::optional<std::chrono::steady_clock::time_point> expires;
    };

    const CredentialLookup& lookup(const std::string& registry);
    std::string fetch_token(const std::string& registry, const std::string& scope,
                            const Challenge& challenge, bool plain_http_ok);

    HttpSession& m_session;
    std::optional<std::filesystem::path> m_docker_config_dir;
    std::optional<DockerConfig> m_docker_config; // read on the first challenge
    std::map<std::string, CredentialLookup> m_lookups;
    std::map<std::string, Cached> m_cache; // "registry scope" or "registry" (basic)
};

} // namespace tc::registry
