#pragma once

#include <httplib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
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
    /// Records a request; POST handlers call it themselves, once the body has been read.
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
class FakeRegistry {
public:
    enum class Auth { none, basic, bearer };

    static constexpr const char* k_username = "alice";
    static constexpr const char* k_password = "s3cret-pw";
    static constexpr const char* k_token = "tok-9f8e7d";

    explicit FakeRegistry(Auth auth = Auth::none);

    /// Stores a manifest under a tag and under its digest; returns the digest.
    std::string add_manifest(const std::string& repository, const std::string& tag,
                             const std::string& media_type, const std::string& bytes);
    /// Stores a blob; returns its digest.
    std::string add_blob(const std::string& repository, const std::string& bytes);

    /// Bearer only: whether the token endpoint wants alice's Basic credentials, and
    /// whether it names the token "access_token" instead of "token".
    bool token_requires_credentials = true;
    bool token_as_access_token = false;

    /// Adds the registry routes (after any the test added itself) and starts serving.
    void start();

    TestServer& server() { return m_server; }
    std::string host() const { return m_server.host(); }
    /// The requests for a path prefix, e.g. "/token" or "/v2/".
    std::vector<RecordedRequest> requests_to(const std::string& prefix) const;

private:
    struct Stored {
        std::string media_type;
        std::string bytes;
    };

    bool authorized(const httplib::Request& request, httplib::Response& response,
                    const std::string& repository) const;

    Auth m_auth;
    TestServer m_server;
    std::map<std::string, Stored> m_manifests;  // "repository reference"
    std::map<std::string, std::string> m_blobs; // "repository digest"
};

/// A fresh temporary directory, removed with the object.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return m_path; }
    /// Writes a file below the directory and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path m_path;
};

/// "sha256:<hex>" of the bytes.
std::string sha256_digest(const std::string& bytes);

} // namespace tc::registry::testing
