// The write path of the registry client: blob uploads, cross-repository mounts and manifest
// PUTs, all with the pull,push scope.

#include "crypto/digest.hpp"
#include "registry/client_impl.hpp"

#include <algorithm>

namespace tc::registry {

using reference::Reference;
using util::Error;
using util::ErrorKind;
using namespace detail;

namespace {

/// Whether text can be sent as a header value as it is (no line breaks or controls).
bool is_header_safe(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= ' ' && c < 0x7f; });
}

/// The URL with one more query parameter: '?' starts a query, '&' extends one.
std::string with_parameter(const std::string& url, const std::string& name,
                           const std::string& value) {
    const char separator = url.find('?') == std::string::npos ? '?' : '&';
    return url + separator + name + "=" + url_encode(value);
}

/// A write's Docker-Content-Digest, when the registry states one, must name the bytes sent:
/// anything else means it stored (or will serve) other content.
void check_stored_digest(const Reference& reference, const HttpResponse& response,
                         std::string_view bytes, const std::string& digest) {
    const auto stated = response.header("docker-content-digest");
    if (!stated || lowercase(*stated) == digest) {
        return;
    }

    std::string actual;
    try {
        reference::validate_digest(*stated);
        actual = digest_like(bytes, *stated);
    } catch (const Error&) {
        throw Error(ErrorKind::tampered, reference.domain + " stated a Docker-Content-Digest " +
                                             "that cannot be checked: " + sanitize(*stated));
    }
    if (actual != lowercase(*stated)) {
        throw Error(ErrorKind::tampered, reference.domain + " stored other content: it states " +
                                             sanitize(*stated) + ", the bytes sent are " + digest);
    }
}

} // namespace

bool Client::Impl::blob_exists(const Reference& repository, const std::string& digest) {
    reference::validate_digest(digest);
    HttpRequest request;
    request.method = "HEAD";
    request.url = repository_url(repository) + "/blobs/" + digest;
    const HttpResponse response = send(repository, request);

    if (response.status == 404) {
        return false;
    }
    check_status(repository, response);
    return true;
}

void Client::Impl::put_blob(const Reference& repository, const std::string& digest,
                            const std::string& bytes) {
    reference::validate_digest(digest);
    const std::string actual = digest_like(bytes, digest);
    if (actual != lowercase(digest)) {
        throw Error(ErrorKind::bad_input, "the bytes to upload are " + actual + ", not " + digest);
    }
    const std::string scope = repository_scope(repository, "pull,push");

    HttpRequest start;
    start.method = "POST";
    start.url = repository_url(repository) + "/blobs/uploads/";
    const HttpResponse started = send(repository, start, scope);
    check_status(repository, started, {202});
    const std::string location = upload_location(repository, started);

    // Monolithic upload: the Location may carry query parameters the registry needs back.
    HttpRequest finish;
    finish.method = "PUT";
    finish.url = with_parameter(location, "digest", digest);
    finish.headers.push_back("Content-Type: application/octet-stream");
    finish.borrowed_body = bytes;
    const HttpResponse finished = send(repository, finish, scope);
    check_status(repository, finished, {201});
    check_stored_digest(repository, finished, bytes, actual);
}

bool Client::Impl::mount_blob(const Reference& repository, const std::string& digest,
                              const Reference& from) {
    reference::validate_digest(digest);
    if (api_host(from) != api_host(repository)) {
        return false;
    }

    // The token must grant pull on the repository the blob comes from, too.
    const std::string scope =
        repository_scope(repository, "pull,push") + " " + repository_scope(from, "pull");
    HttpRequest request;
    request.method = "POST";
    request.url = with_parameter(repository_url(repository) + "/blobs/uploads/", "mount", digest);
    request.url = with_parameter(request.url, "from", from.path);
    const HttpResponse response = send(repository, request, scope);
    if (response.status == 201) {
        return true;
    }
    check_status(repository, response, {202});

    // 202: the registry opened a plain upload instead; put_blob opens its own.
    if (response.header("location")) {
        cancel_upload(repository, upload_location(repository, response));
    }
    return false;
}

std::string Client::Impl::put_manifest(const Reference& reference, const std::string& media_type,
                                       const std::string& bytes) {
    if (!is_header_safe(media_type)) {
        throw Error(ErrorKind::bad_input, "invalid media type \"" + sanitize(media_type) + "\"");
    }
    std::string digest = "sha256:" + crypto::sha256_hex(bytes);
    std::string target;
    if (reference.digest) {
        reference::validate_digest(*reference.digest);
        digest = digest_like(bytes, *reference.digest);
        if (digest != lowercase(*reference.digest)) {
            throw Error(ErrorKind::bad_input,
                        "the manifest bytes are " + digest + ", not " + *reference.digest);
        }
        target = *reference.digest;
    }
    if (reference.tag) {
        if (!is_valid_tag(*reference.tag)) {
            throw Error(ErrorKind::bad_input, "invalid tag \"" + sanitize(*reference.tag) + "\"");
        }
        target = *reference.tag;
    }
    if (target.empty()) {
        throw Error(ErrorKind::bad_input, "no tag or digest to put the manifest under");
    }

    HttpRequest request;
    request.method = "PUT";
    request.url = repository_url(reference) + "/manifests/" + target;
    request.headers.push_back("Content-Type: " + media_type);
    request.borrowed_body = bytes;
    const HttpResponse response =
        send(reference, request, repository_scope(reference, "pull,push"));
    check_status(reference, response, {201});
    check_stored_digest(reference, response, bytes, digest);
    return digest;
}

std::string Client::Impl::upload_location(const Reference& repository,
                                          const HttpResponse& response) {
    const auto location = response.header("location");
    const std::string url = location ? resolve_url(response.url, *location) : "";
    if (url.empty()) {
        throw Error(ErrorKind::network, repository.domain + " opened an upload without a usable " +
                                            "Location (" + redact_url(response.url) + ")");
    }
    return url;
}

void Client::Impl::cancel_upload(const Reference& repository, const std::string& location) {
    // Best effort: an abandoned upload only costs the registry until it expires it.
    HttpRequest request;
    request.method = "DELETE";
    request.url = location;
    try {
        send(repository, request, repository_scope(repository, "pull,push"));
    } catch (const Error&) {
    }
}

bool Client::blob_exists(const Reference& repository, const std::string& digest) {
    return with_context("check blob " + sanitize(digest) + " in " + repository.repository(),
                        [&] { return m_impl->blob_exists(repository, digest); });
}

void Client::put_blob(const Reference& repository, const std::string& digest,
                      const std::string& bytes) {
    with_context("upload blob " + sanitize(digest) + " to " + repository.repository(),
                 [&] { m_impl->put_blob(repository, digest, bytes); });
}

bool Client::mount_blob(const Reference& repository, const std::string& digest,
                        const Reference& from) {
    return with_context("mount blob " + sanitize(digest) + " from " + from.repository() + " into " +
                            repository.repository(),
                        [&] { return m_impl->mount_blob(repository, digest, from); });
}

std::string Client::put_manifest(const Reference& reference, const std::string& media_type,
                                 const std::string& bytes) {
    return with_context("put manifest " + reference.str(),
                        [&] { return m_impl->put_manifest(reference, media_type, bytes); });
}

} // namespace tc::registry
