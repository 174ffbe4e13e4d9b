#pragma once

#include "support/error_of.hpp"
#include "support/temporary_directory.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tc::registry::testing {

/// A request as the test server received it.
struct RecordedRequest {
    std::string method;
    std::string path;
    std::string body;
    std::multimap<std::string, std::string> params;
    httplib::Headers headers;
    int remote_port = 0;

    /// The Authorization header, or "" if none was sent.
    std::string authorization() const;
};

/// An httplib server on 127.0.0.1 and a random port, run in a thread, that records every
/// request. Routes are added through server() before start().
class TestServer {
public:
    TestServer();
    explicit TestServer(std::unique_ptr<httplib::Server> server); // e.g. an SSLServer
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    httplib::Server& server() { return *m_server; }
    void start();
    int port() const { return m_port; }
    /// "127.0.0.1:<port>".
    std::string host() const;
    std::vector<RecordedRequest> requests() const;
    /// Records a request; POST and PUT handlers call it themselves, once the body is read.
    void record(const httplib::Request& request);
    /// How many TCP connections the requests arrived on (distinct client ports).
    std::size_t connections() const;

private:
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;
    mutable std::mutex m_mutex;
    std::vector<RecordedRequest> m_requests;
};

/// An in-memory distribution registry on a TestServer, with optional Basic or Bearer auth.
/// It serves pulls and pushes (monolithic uploads, cross-repository mounts, manifest PUTs) and,
/// like the distribution registry, refuses a manifest whose blobs or children it lacks.
class FakeRegistry {
public:
    enum class Auth { none, basic, bearer };
    /// How upload Locations are written: a path, a full URL, or a path with a query string
    /// that the PUT must bring back.
    enum class LocationStyle { relative, absolute, with_query };

    static constexpr const char* k_username = "alice";
    static constexpr const char* k_password = "s3cret-pw";
    static constexpr const char* k_token = "tok-9f8e7d";

    explicit FakeRegistry(Auth auth = Auth::none);

    /// Stores a manifest under a tag and under its digest; returns the digest.
    std::string add_manifest(const std::string& repository, const std::string& tag,
                             const std::string& media_type, const std::string& bytes);
    /// Stores a blob; returns its digest.
    std::string add_blob(const std::string& repository, const std::string& bytes);
    /// Serves `bytes` for a digest they do not have: a registry that tampers with content.
    void add_tampered_blob(const std::string& repository, const std::string& digest,
                           const std::string& bytes);
    /// Serves `bytes` as the manifest of a reference (tag or digest) they need not match.
    void add_tampered_manifest(const std::string& repository, const std::string& reference,
                               const std::string& media_type, const std::string& bytes);

    /// The manifest bytes stored under a tag or digest, if any.
    std::optional<std::string> manifest(const std::string& repository,
                                        const std::string& reference) const;
    /// The media type a manifest was stored with ("" if there is none).
    std::string manifest_media_type(const std::string& repository,
                                    const std::string& reference) const;
    /// The blob stored under a digest, if any.
    std::optional<std::string> blob(const std::string& repository, const std::string& digest) const;
    /// How many manifest entries (tags and digests) and blobs the registry holds.
    std::size_t manifest_entries() const;
    std::size_t blob_count() const;

    /// Bearer only: whether the token endpoint wants alice's Basic credentials, and
    /// whether it names the token "access_token" instead of "token".
    bool token_requires_credentials = true;
    bool token_as_access_token = false;
    LocationStyle location_style = LocationStyle::relative;
    bool mount_enabled = true; // false: mount requests open a plain upload (202)

    /// Adds the registry routes (after any the test added itself) and starts serving.
    void start();

    TestServer& server() { return m_server; }
    std::string host() const { return m_server.host(); }
    /// The requests for a path prefix, e.g. "/token" or "/v2/".
    std::vector<RecordedRequest> requests_to(const std::string& prefix) const;
    /// The requests with a method, e.g. "PUT".
    std::vector<RecordedRequest> requests_with(const std::string& method) const;

private:
    struct Stored {
        std::string media_type;
        std::string bytes;
    };
    struct Upload {
        std::string repository;
        std::string state; // the query value a with_query Location asks back
    };

    bool authorized(const httplib::Request& request, httplib::Response& response,
                    const std::string& repository, const char* actions) const;
    void add_pull_routes();
    void add_push_routes();
    void start_upload(const std::string& repository, httplib::Response& response);
    void finish_upload(const httplib::Request& request, httplib::Response& response);
    void put_manifest(const httplib::Request& request, httplib::Response& response);
    /// What a manifest references that the repository lacks: "" if nothing.
    std::string missing_reference(const std::string& repository, const std::string& bytes) const;

    Auth m_auth;
    TestServer m_server;
    mutable std::mutex m_mutex;                 // the maps below are written by server threads
    std::map<std::string, Stored> m_manifests;  // "repository reference"
    std::map<std::string, std::string> m_blobs; // "repository digest"
    std::map<std::string, Upload> m_uploads;    // by upload id
    int m_next_upload = 0;
};

/// Shared test helpers, under the names these tests use.
using TempDir = tc::testing::TemporaryDirectory;
using tc::testing::error_of;

/// "sha256:<hex>" of the bytes.
std::string sha256_digest(const std::string& bytes);

} // namespace tc::registry::testing
