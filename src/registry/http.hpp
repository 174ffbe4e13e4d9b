#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tc::registry {

/// How an HttpSession connects: trust, timeouts and logging.
struct HttpOptions {
    std::optional<std::filesystem::path> extra_ca_file; // trusted beside the system store
    std::chrono::milliseconds connect_timeout{15'000};
    std::chrono::milliseconds request_timeout{300'000}; // a whole transfer, redirects included
    bool verbose = false;                               // log method, URL and status
    std::vector<std::string> connect_to; // curl CURLOPT_CONNECT_TO entries, for tests
};

/// One HTTP request. The Authorization value is kept apart from the other headers so that it
/// is only ever sent to the origin (scheme, host, port) of `url` and never logged.
struct HttpRequest {
    std::string method = "GET"; // GET, HEAD, POST, PUT or DELETE
    std::string url;
    std::vector<std::string> headers;         // "Name: value"; must not carry secrets
    std::optional<std::string> authorization; // the Authorization header's value
    std::string body;                         // POST and PUT only
    std::string_view borrowed_body;           // if set, sent instead of body, uncopied
    std::size_t body_limit = 1024 * 1024;     // a longer body aborts the transfer
};

/// The final response after redirects.
struct HttpResponse {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers; // names lowercased
    std::string body;
    bool body_over_limit = false; // the transfer was cut at HttpRequest::body_limit
    std::string url;              // where the response came from

    /// The first value of a header, by case-insensitive name.
    std::optional<std::string> header(std::string_view name) const;
    /// Every value of a header (WWW-Authenticate may come several times).
    std::vector<std::string> header_values(std::string_view name) const;
};

/// A libcurl easy handle that keeps its connections alive across requests. Redirects are
/// followed here, a bounded number of times, so that credentials never leave their origin.
/// Not thread-safe: one session per thread.
class HttpSession {
public:
    explicit HttpSession(HttpOptions options);
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    /// Sends a request, following redirects. Throws Error(network) naming the URL when no
    /// response arrives; any HTTP status is returned, not thrown.
    HttpResponse send(const HttpRequest& request);

    /// How many new connections this session has opened so far.
    long connections_opened() const { return m_connections_opened; }

private:
    HttpResponse perform(const std::string& method, const std::string& url,
                         const HttpRequest& request, bool with_authorization);

    HttpOptions m_options;
    void* m_curl = nullptr;  // CURL*, kept opaque so that users need no curl headers
    std::string m_ca_bundle; // system bundle plus the extra CA file, if one is given
    long m_connections_opened = 0;
};

/// A URL fit for logs and messages: no user, password, query or fragment (presigned blob
/// URLs carry their signature in the query).
std::string redact_url(const std::string& url);

/// "scheme://host:port" with the default port made explicit; empty if unparsable.
std::string url_origin(const std::string& url);

/// The host of a URL, lowercased, IPv6 in brackets; empty if unparsable.
std::string url_host(const std::string& url);

/// A Location header resolved against the URL it came from (it may be relative); empty if
/// the result is not a valid URL.
std::string resolve_url(const std::string& base, const std::string& location);

/// Percent-encodes a query parameter value.
std::string url_encode(std::string_view text);

} // namespace tc::registry
