#pragma once

#include "reference/reference.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tc::registry {

/// Media types a manifest request accepts: Docker schema 2, Docker manifest list, OCI manifest
/// and OCI index. All four are always sent, because a registry that is not offered a list type
/// silently answers with one platform's manifest (a different digest).
extern const char* const k_manifest_media_types[4];

/// A manifest as the registry served it. The bytes are exactly those hashed into `digest`.
struct Manifest {
    std::string media_type; // from Content-Type, checked against the body's mediaType
    std::string digest;     // "sha256:<hex>" computed over `bytes`
    std::string bytes;
};

/// What a HEAD on a manifest says, before any body has been read.
struct ManifestDescriptor {
    std::string media_type;
    std::string digest; // Docker-Content-Digest, as the registry claims it: unverified
    std::size_t size = 0;
};

struct ClientOptions {
    std::optional<std::filesystem::path> extra_ca_file;     // trusted beside the system store
    std::size_t manifest_size_limit = 4 * 1024 * 1024;      // larger manifests are refused
    bool verbose = false;                                   // log each request (never credentials)
    std::optional<std::filesystem::path> docker_config_dir; // default: $DOCKER_CONFIG, ~/.docker
    std::size_t blob_size_limit = 64 * 1024 * 1024;         // larger blobs are refused
    std::vector<std::string> plain_http_hosts; // host[:port] spoken to over HTTP, beside loopback
    std::chrono::milliseconds connect_timeout{15'000};
    std::chrono::milliseconds request_timeout{300'000}; // one whole request, redirects included
    std::vector<std::string> connect_to; // tests: curl CONNECT_TO "host:port:addr:port" entries
};

/// A registry client speaking the distribution API over HTTPS (plain HTTP for loopback hosts),
/// with token and basic auth from the docker config. One client reuses its connections; use one
/// per thread.
class Client {
public:
    explicit Client(ClientOptions options = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    /// The manifest a tag or digest names now. By digest, the bytes are checked against it.
    /// Errors: not_found, unauthorized (naming the registry and whether credentials were sent),
    /// network, tampered (digest mismatch), bad_input (over the size limit).
    Manifest get_manifest(const reference::Reference& reference);

    /// HEAD of a manifest: its digest, media type and size as the registry states them.
    ManifestDescriptor head_manifest(const reference::Reference& reference);

    /// A blob of the reference's repository, checked against `digest` before it is returned.
    std::string get_blob(const reference::Reference& repository, const std::string& digest);

    /// Whether the repository holds the blob (HEAD): true on 200, false on 404.
    bool blob_exists(const reference::Reference& repository, const std::string& digest);

    /// Uploads a blob in one request (POST for an upload URL, then PUT with the digest).
    /// The bytes are checked against `digest` first. Uses the pull,push scope.
    void put_blob(const reference::Reference& repository, const std::string& digest,
                  const std::string& bytes);

    /// Asks the registry to mount a blob of `from` (same registry) into `repository`. True when
    /// mounted; false when the registry would rather have an upload (the session it opened is
    /// cancelled) or `from` is on another registry.
    bool mount_blob(const reference::Reference& repository, const std::string& digest,
                    const reference::Reference& from);

    /// Puts manifest bytes under the reference's tag, else its digest (which the bytes must
    /// match), with Content-Type `media_type`. Returns the digest of the bytes; a registry
    /// whose Docker-Content-Digest says otherwise is an Error(tampered).
    std::string put_manifest(const reference::Reference& reference, const std::string& media_type,
                             const std::string& bytes);

    /// How many TCP connections this client has opened so far (they are kept alive).
    long connections_opened() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The host[:port] the API of a reference's registry is served at: docker.io becomes
/// registry-1.docker.io; others are kept.
std::string api_host(const reference::Reference& reference);

} // namespace tc::registry
