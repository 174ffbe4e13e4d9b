#include "registry/client.hpp"

#include "crypto/digest.hpp"
#include "registry/client_impl.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tc::registry {

using nlohmann::json;
using reference::Reference;
using util::Error;
using util::ErrorKind;
using namespace detail;

const char* const k_manifest_media_types[4] = {
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
};

namespace detail {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// Registry-supplied text made safe for a terminal: printable ASCII, bounded length.
std::string sanitize(std::string_view text, std::size_t limit) {
    std::string clean;
    for (char c : text.substr(0, limit)) {
        clean += (c >= ' ' && c < 0x7f) ? c : '?';
    }
    return clean;
}

/// "algorithm:hex" of the bytes, with the algorithm `expected` uses.
/// Limitation: only sha256 and sha512 digests can be checked (tc::crypto has no sha384).
std::string digest_like(std::string_view bytes, const std::string& expected) {
    const std::string algorithm = lowercase(expected.substr(0, expected.find(':')));
    if (algorithm == "sha256") {
        return "sha256:" + crypto::sha256_hex(bytes);
    }
    if (algorithm == "sha512") {
        return "sha512:" + crypto::sha512_hex(bytes);
    }
    throw Error(ErrorKind::bad_input, "unsupported digest algorithm in " + sanitize(expected));
}

/// Tags go into a URL path; one built by hand must not smuggle in '/', '?' or '%'.
bool is_valid_tag(std::string_view tag) {
    const auto word = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    };
    return !tag.empty() && tag.size() <= 128 && word(tag.front()) &&
           std::all_of(tag.begin(), tag.end(),
                       [&](char c) { return word(c) || c == '.' || c == '-'; });
}

std::string repository_scope(const Reference& reference, const char* actions) {
    return "repository:" + reference.path + ":" + actions;
}

} // namespace detail

namespace {

bool is_manifest_type(std::string_view type) {
    return std::find(std::begin(k_manifest_media_types), std::end(k_manifest_media_types), type) !=
           std::end(k_manifest_media_types);
}

/// A Content-Type without parameters, lowercased.
std::string media_type_of(const std::optional<std::string>& content_type) {
    std::string type = content_type.value_or("");
    type = type.substr(0, type.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
        type.pop_back();
    }
    return lowercase(type);
}

/// Content types that say nothing about the manifest kind, so they cannot contradict it.
bool is_generic_type(std::string_view type) {
    return type.empty() || type == "application/json" || type == "application/octet-stream" ||
           type == "text/plain";
}

/// The "code: message" pairs of a distribution error body, or "" if it has none.
std::string registry_errors(const HttpResponse& response) {
    const json body = json::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("errors") || !body["errors"].is_array()) {
        return "";
    }
    std::string text;
    int shown = 0;
    for (const auto& error : body["errors"]) {
        if (!error.is_object() || ++shown > 3) {
            continue;
        }
        const std::string code = error.value("code", std::string("UNKNOWN"));
        const std::string message = error.value("message", std::string());
        text += (text.empty() ? "" : "; ") + sanitize(code, 40);
        text += message.empty() ? "" : ": " + sanitize(message);
    }
    return text;
}

/// The manifest kind: the Content-Type, which the body's mediaType must not contradict.
std::string checked_media_type(const HttpResponse& response, const std::string& bytes) {
    const std::string declared = media_type_of(response.header("content-type"));
    const json body = json::parse(bytes, nullptr, false);
    if (!body.is_object()) {
        throw Error(ErrorKind::network, "the manifest is not a JSON object");
    }
    std::string in_body;
    if (body.contains("mediaType") && body["mediaType"].is_string()) {
        in_body = lowercase(body["mediaType"].get<std::string>());
    }

    if (!in_body.empty() && !is_generic_type(declared) && in_body != declared) {
        throw Error(ErrorKind::tampered, "Content-Type " + sanitize(declared) +
                                             " contradicts the manifest's mediaType " +
                                             sanitize(in_body));
    }
    // Limitation: a manifest with neither a specific Content-Type nor a mediaType is refused,
    // not recognized by its fields.
    const std::string type = is_generic_type(declared) ? in_body : declared;
    if (!is_manifest_type(type)) {
        throw Error(ErrorKind::network,
                    "unsupported manifest media type \"" + sanitize(type) + "\"");
    }
    return type;
}

std::string accept_header() {
    std::string header = "Accept: ";
    for (const char* type : k_manifest_media_types) {
        header += std::string(header.size() > 8 ? ", " : "") + type;
    }
    return header;
}

} // namespace

std::string api_host(const Reference& reference) {
    if (reference.domain == "docker.io" || reference.domain == "index.docker.io") {
        return "registry-1.docker.io";
    }
    return reference.domain;
}

Client::Impl::Impl(ClientOptions client_options)
    : options(std::move(client_options))
    , session(HttpOptions{options.extra_ca_file, options.connect_timeout, options.request_timeout,
                          options.verbose, options.connect_to})
    , authorizer(session, options.docker_config_dir) {}

bool Client::Impl::plain_http(const std::string& host) const {
    return is_loopback(host) ||
           std::find(options.plain_http_hosts.begin(), options.plain_http_hosts.end(), host) !=
               options.plain_http_hosts.end();
}

std::string Client::Impl::repository_url(const Reference& reference) const {
    const std::string host = api_host(reference);
    return (plain_http(host) ? "http://" : "https://") + host + "/v2/" + reference.path;
}

HttpResponse Client::Impl::send(const Reference& reference, HttpRequest request) {
    return send(reference, std::move(request), repository_scope(reference, "pull"));
}

HttpResponse Client::Impl::send(const Reference& reference, HttpRequest request,
                                const std::string& scope) {
    // Credentials belong to the registry's API origin; an upload Location may point elsewhere.
    if (url_origin(request.url) != url_origin(repository_url(reference))) {
        return session.send(request);
    }

    const std::string& registry = reference.domain;
    request.authorization = authorizer.cached(registry, scope);
    HttpResponse response = session.send(request);
    if (response.status != 401) {
        return response;
    }

    authorizer.forget(registry, scope);
    const auto challenge = choose_challenge(response.header_values("www-authenticate"));
    if (!challenge) {
        return response;
    }
    request.authorization =
        authorizer.answer(registry, scope, *challenge, plain_http(api_host(reference)));
    if (!request.authorization) {
        return response;
    }
    return session.send(request);
}

void Client::Impl::check_status(const Reference& reference, const HttpResponse& response,
                                std::initializer_list<long> expected) {
    if (std::find(expected.begin(), expected.end(), response.status) != expected.end()) {
        return;
    }
    const std::string registry = reference.domain;
    std::string errors = registry_errors(response);
    errors = errors.empty() ? "" : ": " + errors;
    switch (response.status) {
    case 401:
        throw Error(ErrorKind::unauthorized, registry + ": 401 unauthorized" + errors + " (" +
                                                 authorizer.unauthorized_note(registry) + ")");
    case 403:
        throw Error(ErrorKind::unauthorized, registry + ": 403 forbidden" + errors);
    case 404:
        throw Error(ErrorKind::not_found, registry + ": 404 not found" + errors);
    case 429: {
        const auto retry = response.header("retry-after");
        throw Error(ErrorKind::network,
                    registry + ": 429 too many requests" + errors +
                        (retry ? " (retry after " + sanitize(*retry, 40) + " s)" : ""));
    }
    default:
        throw Error(ErrorKind::network, registry + ": answered HTTP " +
                                            std::to_string(response.status) + " from " +
                                            redact_url(response.url) + errors);
    }
}

HttpRequest Client::Impl::manifest_request(const Reference& reference, const char* method) const {
    std::string target;
    if (reference.digest) {
        reference::validate_digest(*reference.digest);
        target = *reference.digest;
    } else {
        target = reference.tag.value_or("latest");
        if (!is_valid_tag(target)) {
            throw Error(ErrorKind::bad_input, "invalid tag \"" + sanitize(target) + "\"");
        }
    }
    HttpRequest request;
    request.method = method;
    request.url = repository_url(reference) + "/manifests/" + target;
    request.headers.push_back(accept_header());
    request.body_limit = options.manifest_size_limit;
    return request;
}

Manifest Client::Impl::get_manifest(const Reference& reference) {
    HttpResponse response = send(reference, manifest_request(reference, "GET"));
    check_status(reference, response);
    if (response.body_over_limit) {
        throw Error(ErrorKind::bad_input, "the manifest is larger than the limit of " +
                                              std::to_string(options.manifest_size_limit) +
                                              " bytes");
    }

    // Docker-Content-Digest is the registry's claim; only the bytes count.
    Manifest manifest;
    manifest.bytes = std::move(response.body);
    manifest.digest = "sha256:" + crypto::sha256_hex(manifest.bytes);
    if (reference.digest) {
        const std::string actual = digest_like(manifest.bytes, *reference.digest);
        if (actual != lowercase(*reference.digest)) {
            throw Error(ErrorKind::tampered, reference.domain + " served other content: expected " +
                                                 *reference.digest + ", got " + actual);
        }
    }

    manifest.media_type = checked_media_type(response, manifest.bytes);
    return manifest;
}

ManifestDescriptor Client::Impl::head_manifest(const Reference& reference) {
    const HttpResponse response = send(reference, manifest_request(reference, "HEAD"));
    check_status(reference, response);

    ManifestDescriptor descriptor;
    descriptor.media_type = media_type_of(response.header("content-type"));
    descriptor.digest = response.header("docker-content-digest").value_or("");
    try {
        reference::validate_digest(descriptor.digest);
    } catch (const Error&) {
        throw Error(ErrorKind::network,
                    reference.domain + " stated no valid " + "Docker-Content-Digest");
    }
    const std::string length = response.header("content-length").value_or("0");
    std::from_chars(length.data(), length.data() + length.size(), descriptor.size);
    return descriptor;
}

std::string Client::Impl::get_blob(const Reference& reference, const std::string& digest) {
    reference::validate_digest(digest);
    HttpRequest request;
    request.url = repository_url(reference) + "/blobs/" + digest;
    request.body_limit = options.blob_size_limit;
    HttpResponse response = send(reference, request);
    check_status(reference, response);
    if (response.body_over_limit) {
        throw Error(ErrorKind::bad_input, "the blob is larger than the limit of " +
                                              std::to_string(options.blob_size_limit) + " bytes");
    }

    const std::string actual = digest_like(response.body, digest);
    if (actual != lowercase(digest)) {
        throw Error(ErrorKind::tampered, reference.domain + " served other content: expected " +
                                             digest + ", got " + actual);
    }
    return std::move(response.body);
}

Client::Client(ClientOptions options)
    : m_impl(std::make_unique<Impl>(std::move(options))) {}

Client::~Client() = default;

Manifest Client::get_manifest(const Reference& reference) {
    return with_context("fetch manifest of " + reference.str(),
                        [&] { return m_impl->get_manifest(reference); });
}

ManifestDescriptor Client::head_manifest(const Reference& reference) {
    return with_context("check manifest of " + reference.str(),
                        [&] { return m_impl->head_manifest(reference); });
}

std::string Client::get_blob(const Reference& repository, const std::string& digest) {
    return with_context("fetch blob " + sanitize(digest) + " of " + repository.repository(),
                        [&] { return m_impl->get_blob(repository, digest); });
}

long Client::connections_opened() const {
    return m_impl->session.connections_opened();
}

} // namespace tc::registry
