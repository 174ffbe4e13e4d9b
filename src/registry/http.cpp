#include "registry/http.hpp"

#include "util/error.hpp"
#include "util/files.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace tc::registry {

using util::Error;
using util::ErrorKind;

namespace {

constexpr int k_max_redirects = 10;
constexpr const char* k_fallback_ca_bundle = "/etc/ssl/certs/ca-certificates.crt";

/// The state the curl callbacks of one transfer fill in.
struct TransferState {
    std::size_t body_limit = 0;
    bool over_limit = false;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Owns a curl header list.
struct HeaderList {
    curl_slist* list = nullptr;
    HeaderList() = default;
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    ~HeaderList() { curl_slist_free_all(list); }

    void append(const std::string& header) {
        curl_slist* extended = curl_slist_append(list, header.c_str());
        if (extended == nullptr) {
            throw Error(ErrorKind::internal, "failed to build HTTP headers: out of memory");
        }
        list = extended;
    }
};

struct UrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(std::string_view text) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* state = static_cast<TransferState*>(user);
    const std::size_t length = size * count;

    // Returning less than was given makes curl abort the transfer with CURLE_WRITE_ERROR.
    if (state->body.size() + length > state->body_limit) {
        state->over_limit = true;
        return 0;
    }
    state->body.append(data, length);
    return length;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* state = static_cast<TransferState*>(user);
    const std::size_t length = size * count;
    const std::string_view line(data, length);

    // A status line starts a new response (after a 100 Continue, say): forget older headers.
    if (line.starts_with("HTTP/")) {
        state->headers.clear();
        return length;
    }
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && colon > 0) {
        state->headers.emplace_back(lowercase(std::string(line.substr(0, colon))),
                                    trim(line.substr(colon + 1)));
    }
    return length;
}

UrlHandle parse_url(const std::string& url) {
    UrlHandle handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return nullptr;
    }
    return handle;
}

std::string url_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
    char* value = nullptr;
    if (curl_url_get(url, part, &value, flags) != CURLUE_OK || value == nullptr) {
        return {};
    }
    std::string text(value);
    curl_free(value);
    return text;
}

/// The system CA bundle and the extra CA file, concatenated: CURLOPT_CAINFO would replace
/// the system bundle, and the registry's certificate may come from either.
std::string combined_ca_bundle(const std::filesystem::path& extra_ca_file) {
    std::string bundle;
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    const std::filesystem::path system_bundle =
        info->cainfo != nullptr ? info->cainfo : k_fallback_ca_bundle;
    std::error_code ignored;
    if (std::filesystem::is_regular_file(system_bundle, ignored)) {
        bundle = util::read_file(system_bundle) + "\n";
    }

    try {
        bundle += util::read_file(extra_ca_file);
    } catch (const Error&) {
        throw Error(ErrorKind::bad_input, "failed to read CA file " + extra_ca_file.string());
    }
    return bundle;
}

void initialize_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool is_redirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    const std::string wanted = lowercase(std::string(name));
    for (const auto& [key, value] : headers) {
        if (key == wanted) {
            return value;
        }
    }
    return std::nullopt;
}

std::vector<std::string> HttpResponse::header_values(std::string_view name) const {
    const std::string wanted = lowercase(std::string(name));
    std::vector<std::string> values;
    for (const auto& [key, value] : headers) {
        if (key == wanted) {
            values.push_back(value);
        }
    }
    return values;
}

HttpSession::HttpSession(HttpOptions options)
    : m_options(std::move(options)) {
    initialize_curl_once();
    if (m_options.extra_ca_file) {
        m_ca_bundle = combined_ca_bundle(*m_options.extra_ca_file);
    }
    m_curl = curl_easy_init();
    if (m_curl == nullptr) {
        throw Error(ErrorKind::internal, "failed to create an HTTP handle");
    }
}

HttpSession::~HttpSession() {
    curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

HttpResponse HttpSession::send(const HttpRequest& request) {
    const std::string origin = url_origin(request.url);
    if (origin.empty()) {
        throw Error(ErrorKind::network, "invalid URL " + redact_url(request.url));
    }

    std::string url = request.url;
    std::string method = request.method;
    for (int hop = 0; hop <= k_max_redirects; ++hop) {
        // Authorization goes to the origin it was issued for, never to a redirect target
        // elsewhere (a blob store, a CDN), as the distribution spec requires.
        const bool same_origin = url_origin(url) == origin;
        HttpResponse response = perform(method, url, request, same_origin);
        if (!is_redirect(response.status)) {
            return response;
        }

        char* location = nullptr;
        curl_easy_getinfo(static_cast<CURL*>(m_curl), CURLINFO_REDIRECT_URL, &location);
        if (location == nullptr) {
            return response;
        }
        url = location;
        if (response.status == 303 || (method == "POST" && response.status <= 302)) {
            method = "GET";
        }
    }
    throw Error(ErrorKind::network, "too many redirects from " + redact_url(request.url));
}

HttpResponse HttpSession::perform(const std::string& method, const std::string& url,
                                  const HttpRequest& request, bool with_authorization) {
    auto* curl = static_cast<CURL*>(m_curl);
    TransferState state;
    state.body_limit = request.body_limit;
    char error_text[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "trusted-compose");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(m_options.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(m_options.request_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &state);
    if (!m_ca_bundle.empty()) {
        curl_blob blob{m_ca_bundle.data(), m_ca_bundle.size(), CURL_BLOB_NOCOPY};
        curl_easy_setopt(curl, CURLOPT_CAINFO_BLOB, &blob);
    }

    HeaderList connect_to;
    for (const auto& entry : m_options.connect_to) {
        connect_to.append(entry);
    }
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to.list);

    // The method is set in full each time: the handle keeps options from earlier transfers.
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (method == "POST" || method == "PUT") {
        // The body is not copied (blobs can be large); `request` outlives the transfer.
        const std::string_view body =
            request.borrowed_body.data() != nullptr ? request.borrowed_body : request.body;
        curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        if (method == "PUT") {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
        }
    } else {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        if (method == "DELETE") {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
        }
    }

    HeaderList headers;
    for (const auto& header : request.headers) {
        headers.append(header);
    }
    if (with_authorization && request.authorization) {
        headers.append("Authorization: " + *request.authorization);
    }
    // An empty Expect: keeps curl from waiting for a 100 Continue before a POST body.
    headers.append("Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);

    const CURLcode code = curl_easy_perform(curl);

    // The lists die with this frame; the handle must not keep pointing at them.
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    long new_connections = 0;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &new_connections);
    m_connections_opened += new_connections;

    HttpResponse response;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    if (m_options.verbose) {
        spdlog::info("{} {} -> {}", method, redact_url(url), response.status);
    }
    if (code != CURLE_OK && !state.over_limit) {
        const std::string reason = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
        throw Error(ErrorKind::network, "cannot reach " + redact_url(url) + ": " + reason);
    }

    response.headers = std::move(state.headers);
    response.body = std::move(state.body);
    response.body_over_limit = state.over_limit;
    response.url = url;
    return response;
}

std::string redact_url(const std::string& url) {
    UrlHandle handle = parse_url(url);
    if (!handle) {
        return "<invalid URL>";
    }
    curl_url_set(handle.get(), CURLUPART_USER, nullptr, 0);
    curl_url_set(handle.get(), CURLUPART_PASSWORD, nullptr, 0);
    curl_url_set(handle.get(), CURLUPART_QUERY, nullptr, 0);
    curl_url_set(handle.get(), CURLUPART_FRAGMENT, nullptr, 0);
    return url_part(handle.get(), CURLUPART_URL);
}

std::string url_origin(const std::string& url) {
    UrlHandle handle = parse_url(url);
    if (!handle) {
        return {};
    }
    const std::string scheme = lowercase(url_part(handle.get(), CURLUPART_SCHEME));
    const std::string host = lowercase(url_part(handle.get(), CURLUPART_HOST));
    const std::string port = url_part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
    if (scheme.empty() || host.empty()) {
        return {};
    }
    return scheme + "://" + host + ":" + port;
}

std::string url_host(const std::string& url) {
    UrlHandle handle = parse_url(url);
    return handle ? lowercase(url_part(handle.get(), CURLUPART_HOST)) : "";
}

std::string resolve_url(const std::string& base, const std::string& location) {
    UrlHandle handle = parse_url(base);
    // On a handle that holds a URL, curl resolves a relative one against it.
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK) {
        return {};
    }
    const std::string scheme = lowercase(url_part(handle.get(), CURLUPART_SCHEME));
    if (scheme != "http" && scheme != "https") {
        return {};
    }
    return url_part(handle.get(), CURLUPART_URL);
}

std::string url_encode(std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += k_hex[c >> 4];
            encoded += k_hex[c & 0x0f];
        }
    }
    return encoded;
}

} // namespace tc::registry
