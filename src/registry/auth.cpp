#include "registry/auth.hpp"

#include "registry/base64.hpp"
#include "util/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace tc::registry {

using nlohmann::json;
using util::Error;
using util::ErrorKind;

namespace {

constexpr std::size_t k_token_response_limit = 1024 * 1024;
constexpr long k_default_token_lifetime = 60; // seconds, as the token spec prescribes

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

/// Reads a token (up to a space, comma or '=') from the front of text.
std::string_view take_token(std::string_view& text) {
    std::size_t end = 0;
    while (end < text.size() && text[end] != ' ' && text[end] != ',' && text[end] != '=') {
        ++end;
    }
    const auto token = text.substr(0, end);
    text.remove_prefix(end);
    return token;
}

/// Reads a parameter value: a quoted string with backslash escapes, or a bare token.
std::string take_value(std::string_view& text) {
    if (text.empty() || text.front() != '"') {
        return std::string(take_token(text));
    }
    text.remove_prefix(1);
    std::string value;
    while (!text.empty() && text.front() != '"') {
        if (text.front() == '\\' && text.size() > 1) {
            text.remove_prefix(1);
        }
        value += text.front();
        text.remove_prefix(1);
    }
    if (!text.empty()) {
        text.remove_prefix(1);
    }
    return value;
}

void skip_separators(std::string_view& text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == ',')) {
        text.remove_prefix(1);
    }
}

/// Whether a token may go into a header as it is: visible ASCII only, so a hostile token
/// endpoint cannot inject header lines.
bool is_header_safe(const std::string& token) {
    return !token.empty() &&
           std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

std::string join_query(const std::vector<std::pair<std::string, std::string>>& parameters) {
    std::string query;
    for (const auto& [name, value] : parameters) {
        query += (query.empty() ? "" : "&") + name + "=" + url_encode(value);
    }
    return query;
}

/// The scopes of a space-separated list, in order, without repeats.
std::vector<std::string> split_scopes(std::string_view text) {
    std::vector<std::string> scopes;
    while (!text.empty()) {
        const auto space = text.find(' ');
        const std::string one(text.substr(0, space));
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
        if (!one.empty() && std::find(scopes.begin(), scopes.end(), one) == scopes.end()) {
            scopes.push_back(one);
        }
    }
    return scopes;
}

} // namespace

std::optional<Challenge> parse_challenge(std::string_view header) {
    skip_separators(header);
    const auto scheme = take_token(header);
    Challenge challenge;
    if (equals_ignoring_case(scheme, "bearer")) {
        challenge.scheme = Challenge::Scheme::bearer;
    } else if (!equals_ignoring_case(scheme, "basic")) {
        return std::nullopt;
    }

    while (true) {
        skip_separators(header);
        const auto name = take_token(header);
        // A name without '=' starts the next challenge of the same header: stop there.
        if (name.empty() || header.empty() || header.front() != '=') {
            break;
        }
        header.remove_prefix(1);
        std::string value = take_value(header);
        if (equals_ignoring_case(name, "realm")) {
            challenge.realm = std::move(value);
        } else if (equals_ignoring_case(name, "service")) {
            challenge.service = std::move(value);
        } else if (equals_ignoring_case(name, "scope")) {
            challenge.scope = std::move(value);
        }
    }

    if (challenge.scheme == Challenge::Scheme::bearer && challenge.realm.empty()) {
        return std::nullopt;
    }
    return challenge;
}

std::optional<Challenge> choose_challenge(const std::vector<std::string>& headers) {
    std::optional<Challenge> basic;
    for (const auto& header : headers) {
        auto challenge = parse_challenge(header);
        if (challenge && challenge->scheme == Challenge::Scheme::bearer) {
            return challenge;
        }
        if (challenge && !basic) {
            basic = std::move(challenge);
        }
    }
    return basic;
}

std::string basic_authorization(const Credentials& credentials) {
    return "Basic " + base64_encode(credentials.username + ":" + credentials.password);
}

bool is_loopback(std::string_view host_port) {
    std::string_view host = host_port;
    if (host.starts_with('[')) {
        host = host.substr(0, host.find(']') + 1);
    } else {
        host = host.substr(0, host.find(':'));
    }
    if (equals_ignoring_case(host, "localhost") || host == "[::1]") {
        return true;
    }

    // 127.0.0.0/8 written as a dotted quad; "127.example.com" is a name, not loopback.
    if (!host.starts_with("127.")) {
        return false;
    }
    int parts = 0;
    while (!host.empty()) {
        const auto dot = host.find('.');
        const auto part = host.substr(0, dot);
        const bool numeric =
            !part.empty() && part.size() <= 3 && std::all_of(part.begin(), part.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) != 0;
            });
        if (!numeric || std::stoi(std::string(part)) > 255) {
            return false;
        }
        ++parts;
        host = dot == std::string_view::npos ? std::string_view() : host.substr(dot + 1);
    }
    return parts == 4;
}

Authorizer::Authorizer(HttpSession& session, std::optional<std::filesystem::path> docker_config_dir)
    : m_session(session)
    , m_docker_config_dir(std::move(docker_config_dir)) {}

std::optional<std::string> Authorizer::cached(const std::string& registry,
                                              const std::string& scope) {
    for (const auto& key : {registry + " " + scope, registry}) {
        const auto found = m_cache.find(key);
        if (found == m_cache.end()) {
            continue;
        }
        if (found->second.expires && *found->second.expires <= std::chrono::steady_clock::now()) {
            m_cache.erase(found);
            continue;
        }
        return found->second.authorization;
    }
    return std::nullopt;
}

std::optional<std::string> Authorizer::answer(const std::string& registry, const std::string& scope,
                                              const Challenge& challenge, bool plain_http_ok) {
    if (challenge.scheme == Challenge::Scheme::bearer) {
        return fetch_token(registry, scope, challenge, plain_http_ok);
    }

    const auto& credentials = lookup(registry).credentials;
    if (!credentials || credentials->username.empty()) {
        return std::nullopt;
    }
    // Basic credentials hold for every repository of the registry.
    std::string authorization = basic_authorization(*credentials);
    m_cache[registry] = {authorization, std::nullopt};
    return authorization;
}

void Authorizer::forget(const std::string& registry, const std::string& scope) {
    m_cache.erase(registry + " " + scope);
    m_cache.erase(registry);
}

std::string Authorizer::unauthorized_note(const std::string& registry) {
    const auto& found = lookup(registry);
    const std::string login = registry == "docker.io" ? "docker login" : "docker login " + registry;
    if (found.credentials) {
        return "credentials for " + registry + " from " + found.source + " were refused; run " +
               login;
    }
    return "no credentials for " + registry + " in " + found.source + "; run " + login;
}

const CredentialLookup& Authorizer::lookup(const std::string& registry) {
    if (auto found = m_lookups.find(registry); found != m_lookups.end()) {
        return found->second;
    }
    if (!m_docker_config) {
        m_docker_config = DockerConfig::load(m_docker_config_dir);
    }
    return m_lookups.emplace(registry, m_docker_config->find(registry)).first->second;
}

std::string Authorizer::fetch_token(const std::string& registry, const std::string& scope,
                                    const Challenge& challenge, bool plain_http_ok) {
    const auto& credentials = lookup(registry).credentials;
    if (credentials && !credentials->registry_token.empty()) {
        return "Bearer " + credentials->registry_token;
    }

    const std::string origin = url_origin(challenge.realm);
    if (!origin.starts_with("https://") && !origin.starts_with("http://")) {
        throw Error(ErrorKind::network, registry + ": invalid token realm in WWW-Authenticate");
    }
    const std::string realm = redact_url(challenge.realm);
    if (credentials && origin.starts_with("http://") && !plain_http_ok &&
        !is_loopback(url_host(challenge.realm))) {
        throw Error(ErrorKind::network, registry + ": refusing to send credentials over plain " +
                                            "HTTP to token realm " + realm);
    }

    std::vector<std::pair<std::string, std::string>> parameters;
    if (!challenge.service.empty()) {
        parameters.emplace_back("service", challenge.service);
    }
    // Each scope is its own parameter: ours (a mount also needs the source repository's)
    // and whatever else the challenge names.
    for (const auto& one : split_scopes(scope + " " + challenge.scope)) {
        parameters.emplace_back("scope", one);
    }

    HttpRequest request;
    request.body_limit = k_token_response_limit;
    if (credentials && !credentials->identity_token.empty()) {
        // An identity token is an OAuth2 refresh token: exchange it by a form POST.
        // Limitation: a realm without the OAuth2 POST (404) is not retried with a GET.
        parameters.emplace_back("grant_type", "refresh_token");
        parameters.emplace_back("refresh_token", credentials->identity_token);
        parameters.emplace_back("client_id", "trusted-compose");
        request.method = "POST";
        request.url = challenge.realm;
        request.headers.push_back("Content-Type: application/x-www-form-urlencoded");
        request.body = join_query(parameters);
    } else {
        const char separator = challenge.realm.find('?') == std::string::npos ? '?' : '&';
        request.url = challenge.realm + separator + join_query(parameters);
        if (credentials && !credentials->username.empty()) {
            request.authorization = basic_authorization(*credentials);
        }
    }

    const HttpResponse response = m_session.send(request);
    if (response.status == 401 || response.status == 403) {
        throw Error(ErrorKind::unauthorized, registry + ": " + std::to_string(response.status) +
                                                 " from token endpoint " + realm + " (" +
                                                 unauthorized_note(registry) + ")");
    }
    if (response.status != 200 || response.body_over_limit) {
        throw Error(ErrorKind::network, registry + ": token endpoint " + realm + " answered HTTP " +
                                            std::to_string(response.status));
    }

    const json answer = json::parse(response.body, nullptr, false);
    std::string token;
    long lifetime = k_default_token_lifetime;
    if (answer.is_object()) {
        for (const char* field : {"token", "access_token"}) {
            if (token.empty() && answer.contains(field) && answer[field].is_string()) {
                token = answer[field].get<std::string>();
            }
        }
        if (answer.contains("expires_in") && answer["expires_in"].is_number_integer()) {
            lifetime = std::max(answer["expires_in"].get<long>(), k_default_token_lifetime);
        }
    }
    if (!is_header_safe(token)) {
        throw Error(ErrorKind::network,
                    registry + ": token endpoint " + realm + " answered no usable token");
    }

    // Renew a little early so a token does not expire between the check and the request.
    const auto expires = std::chrono::steady_clock::now() + std::chrono::seconds(lifetime * 9 / 10);
    std::string authorization = "Bearer " + token;
    m_cache[registry + " " + scope] = {authorization, expires};
    return authorization;
}

} // namespace tc::registry
