#include "trust/notaryv1/http_source.hpp"

#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "util/environment.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

namespace tc::trust::notaryv1 {

using util::Error;
using util::ErrorKind;

namespace {

// What a fetch without a length from its parent may read (notary's MaxDownloadSize).
constexpr std::size_t k_default_max_length = std::size_t{100} << 20;

// Error bodies and server keys are small; more is not worth reading.
constexpr std::size_t k_small_body_limit = std::size_t{1} << 20;

std::string metadata_file_name(const MetadataRequest& request) {
    if (request.version) {
        return fmt::format("{}.{}.json", *request.version, request.role);
    }
    if (request.sha256_hex) {
        return fmt::format("{}.{}.json", request.role, *request.sha256_hex);
    }
    return request.role + ".json";
}

// The error codes of a notary error body, " (CODE: message, ...)", or nothing.
std::string error_codes(const std::string& body) {
    auto document = nlohmann::json::parse(body, nullptr, false);
    if (!document.is_object() || !document.contains("errors") || !document["errors"].is_array()) {
        return "";
    }
    std::string codes;
    for (const auto& error : document["errors"]) {
        if (error.is_object() && error.contains("code") && error["code"].is_string()) {
            codes += (codes.empty() ? "" : ", ") + error["code"].get<std::string>();
            if (error.contains("message") && error["message"].is_string()) {
                codes += ": " + error["message"].get<std::string>();
            }
        }
    }
    return codes.empty() ? "" : " (" + codes + ")";
}

std::string random_boundary() {
    return "tc-" + crypto::hex_encode(crypto::random_bytes(16));
}

std::string multipart_body(const std::vector<MetadataFile>& files, const std::string& boundary) {
    std::string body;
    for (const auto& file : files) {
        body += "--" + boundary + "\r\n";
        body +=
            "Content-Disposition: form-data; name=\"files\"; filename=\"" + file.role + "\"\r\n";
        body += "Content-Type: application/octet-stream\r\n\r\n";
        body += file.bytes + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return body;
}

} // namespace

HttpMetadataSource::HttpMetadataSource(std::string server, NotaryServerOptions options)
    : m_server(std::move(server))
    , m_options(std::move(options))
    , m_session([&] {
        registry::HttpOptions http;
        http.extra_ca_file = m_options.extra_ca_file;
        http.verbose = m_options.verbose;
        http.connect_to = m_options.connect_to;
        return http;
    }())
    , m_authorizer(m_session, m_options.docker_config_dir) {
    while (m_server.ends_with('/')) {
        m_server.pop_back();
    }
    if (m_options.credentials_registry.empty()) {
        m_options.credentials_registry = registry::url_host(m_server);
    }
}

registry::HttpResponse HttpMetadataSource::send(registry::HttpRequest request,
                                                const std::string& gun, bool push,
                                                const std::string& what) {
    const std::string& registry = m_options.credentials_registry;
    const std::string scope = "repository:" + gun + (push ? ":pull,push" : ":pull");
    auto attempt = [&] {
        try {
            return m_session.send(request);
        } catch (const Error& error) {
            throw Error(ErrorKind::network,
                        fmt::format("notary server {} unreachable: {}", m_server, error.what()));
        }
    };

    request.authorization = m_authorizer.cached(registry, scope);
    auto response = attempt();
    if (response.status != 401) {
        return response;
    }

    // Token auth as for the registry: the challenge names the realm, our login the user.
    m_authorizer.forget(registry, scope);
    auto challenge = registry::choose_challenge(response.header_values("www-authenticate"));
    if (challenge) {
        request.authorization = m_authorizer.answer(registry, scope, *challenge, false);
    }
    if (challenge && request.authorization) {
        response = attempt();
    }
    if (response.status == 401 || response.status == 403) {
        throw Error(ErrorKind::unauthorized,
                    fmt::format("notary server {} refused access to {} of {}: HTTP {} ({})",
                                m_server, what, gun, response.status,
                                m_authorizer.unauthorized_note(registry)));
    }
    return response;
}

std::optional<std::string> HttpMetadataSource::fetch(const std::string& gun,
                                                     const MetadataRequest& request) {
    registry::HttpRequest http;
    http.url = fmt::format("{}/v2/{}/_trust/tuf/{}", m_server, gun, metadata_file_name(request));
    http.body_limit = request.max_length > 0 ? static_cast<std::size_t>(request.max_length)
                                             : k_default_max_length;

    auto response = send(http, gun, false, request.role);
    if (response.status == 404) {
        return std::nullopt;
    }
    if (response.status != 200) {
        throw Error(ErrorKind::network,
                    fmt::format("notary server {} answered HTTP {} for {} of {}{}", m_server,
                                response.status, request.role, gun, error_codes(response.body)));
    }
    if (response.body_over_limit) {
        throw Error(ErrorKind::tampered,
                    fmt::format("notary server {} sent more than the {} bytes allowed for {} of {}",
                                m_server, http.body_limit, request.role, gun));
    }
    return std::move(response.body);
}

nlohmann::json HttpMetadataSource::fetch_server_key(const std::string& gun,
                                                    const std::string& role) {
    registry::HttpRequest http;
    http.url = fmt::format("{}/v2/{}/_trust/tuf/{}.key", m_server, gun, role);
    http.body_limit = k_small_body_limit;

    // The server creates the key on this request, which its auth counts as a write.
    auto response = send(http, gun, true, role + " key");
    auto key = nlohmann::json::parse(response.body, nullptr, false);
    if (response.status != 200 || response.body_over_limit || !key.is_object()) {
        throw Error(ErrorKind::network,
                    fmt::format("notary server {} answered HTTP {} without a key for the {} key "
                                "of {}{}",
                                m_server, response.status, role, gun, error_codes(response.body)));
    }
    return key;
}

void HttpMetadataSource::publish(const std::string& gun, const std::vector<MetadataFile>& files) {
    const std::string boundary = random_boundary();
    registry::HttpRequest http;
    http.method = "POST";
    http.url = fmt::format("{}/v2/{}/_trust/tuf/", m_server, gun);
    http.headers.push_back("Content-Type: multipart/form-data; boundary=" + boundary);
    http.body = multipart_body(files, boundary);
    http.body_limit = k_small_body_limit;

    auto response = send(http, gun, true, "publishing");
    if (response.status != 200) {
        throw Error(response.status == 400 ? ErrorKind::bad_input : ErrorKind::network,
                    fmt::format("failed to publish trust data of {} to notary server {}: HTTP "
                                "{}{}",
                                gun, m_server, response.status, error_codes(response.body)));
    }
}

NotaryServerMap parse_notary_servers(std::string_view text) {
    NotaryServerMap servers;
    while (!text.empty()) {
        auto comma = text.find(',');
        auto entry = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        if (entry.empty()) {
            continue;
        }
        auto equals = entry.find('=');
        if (equals == std::string_view::npos || equals == 0 ||
            !entry.substr(equals + 1).starts_with("https://")) {
            throw Error(ErrorKind::bad_input,
                        fmt::format("invalid notary server entry '{}': expected "
                                    "registry-host=https://notary-host[:port]",
                                    entry));
        }
        servers[std::string(entry.substr(0, equals))] = std::string(entry.substr(equals + 1));
    }
    return servers;
}

NotaryServerMap notary_servers_from_environment() {
    auto text = util::getenv("TRUSTED_COMPOSE_NOTARY_SERVERS");
    return text ? parse_notary_servers(*text) : NotaryServerMap{};
}

std::string notary_server_for(const reference::Reference& image, const NotaryServerMap& overrides) {
    if (auto found = overrides.find(image.domain); found != overrides.end()) {
        return found->second;
    }
    if (auto server = util::getenv("DOCKER_CONTENT_TRUST_SERVER"); server && !server->empty()) {
        // Docker insists on https here; so do we, trust data over plain HTTP is a downgrade.
        if (!server->starts_with("https://")) {
            throw Error(ErrorKind::bad_input,
                        "DOCKER_CONTENT_TRUST_SERVER must be an https URL, not " + *server);
        }
        return *server;
    }
    if (image.domain == "docker.io" || image.domain == "index.docker.io") {
        return "https://notary.docker.io";
    }
    return "https://" + image.domain;
}

} // namespace tc::trust::notaryv1
