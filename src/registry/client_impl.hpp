#pragma once

// Private to tc_registry: the client's state and helpers, shared by client.cpp (the read path)
// and push.cpp (the write path).

#include "registry/auth.hpp"
#include "registry/client.hpp"
#include "registry/http.hpp"
#include "util/error.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

namespace tc::registry {

namespace detail {

/// The text, lowercased (ASCII).
std::string lowercase(std::string text);

/// Registry-supplied text made safe for a terminal: printable ASCII, bounded length.
std::string sanitize(std::string_view text, std::size_t limit = 200);

/// "algorithm:hex" of the bytes, with the algorithm `expected` uses.
std::string digest_like(std::string_view bytes, const std::string& expected);

/// Whether a tag may go into a URL path as it is.
bool is_valid_tag(std::string_view tag);

/// The scope a request on the reference's repository needs: "repository:<path>:<actions>".
std::string repository_scope(const reference::Reference& reference, const char* actions);

/// Wraps an operation's errors with what it was doing: "failed to <what>: <reason>".
template <typename Operation>
auto with_context(const std::string& what, Operation operation) {
    try {
        return operation();
    } catch (const util::Error& error) {
        throw util::Error(error.kind(), "failed to " + what + ": " + error.what());
    }
}

} // namespace detail

struct Client::Impl {
    ClientOptions options;
    HttpSession session;
    Authorizer authorizer;

    explicit Impl(ClientOptions client_options);

    bool plain_http(const std::string& host) const;
    std::string repository_url(const reference::Reference& reference) const;

    /// Sends a request to the reference's registry with the pull scope.
    HttpResponse send(const reference::Reference& reference, HttpRequest request);
    /// Sends a request, answering one authentication challenge for `scope` (which may list
    /// several scopes separated by spaces). A URL off the registry's origin gets no credentials.
    HttpResponse send(const reference::Reference& reference, HttpRequest request,
                      const std::string& scope);

    /// Throws the error of its class unless the status is one of `expected`.
    void check_status(const reference::Reference& reference, const HttpResponse& response,
                      std::initializer_list<long> expected = {200});

    HttpRequest manifest_request(const reference::Reference& reference, const char* method) const;
    Manifest get_manifest(const reference::Reference& reference);
    ManifestDescriptor head_manifest(const reference::Reference& reference);
    std::string get_blob(const reference::Reference& reference, const std::string& digest);

    // push.cpp
    bool blob_exists(const reference::Reference& repository, const std::string& digest);
    void put_blob(const reference::Reference& repository, const std::string& digest,
                  const std::string& bytes);
    bool mount_blob(const reference::Reference& repository, const std::string& digest,
                    const reference::Reference& from);
    std::string put_manifest(const reference::Reference& reference, const std::string& media_type,
                             const std::string& bytes);
    std::string upload_location(const reference::Reference& repository,
                                const HttpResponse& response);
    void cancel_upload(const reference::Reference& repository, const std::string& location);
};

} // namespace tc::registry
