#include "test_server.hpp"

#include "crypto/digest.hpp"
#include "registry/base64.hpp"

#include <cstdlib>
#include <fstream>
#include <set>

namespace tc::registry::testing {

std::string RecordedRequest::authorization() const {
    const auto found = headers.find("Authorization");
    return found == headers.end() ? "" : found->second;
}

TestServer::TestServer()
    : TestServer(std::make_unique<httplib::Server>()) {}

TestServer::TestServer(std::unique_ptr<httplib::Server> server)
    : m_server(std::move(server)) {
    m_server->set_keep_alive_max_count(1000);
    // A POST body is read after pre-routing, so POST handlers record their own requests.
    m_server->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
        if (request.method != "POST") {
            record(request);
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    m_port = m_server->bind_to_any_port("127.0.0.1");
}

TestServer::~TestServer() {
    m_server->stop();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void TestServer::start() {
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    while (!m_server->is_running()) {
        std::this_thread::yield();
    }
}

void TestServer::record(const httplib::Request& request) {
    std::lock_guard lock(m_mutex);
    m_requests.push_back({request.method,
                          request.path,
                          request.body,
                          {request.params.begin(), request.params.end()},
                          request.headers,
                          request.remote_port});
}

std::string TestServer::host() const {
    return "127.0.0.1:" + std::to_string(m_port);
}

std::vector<RecordedRequest> TestServer::requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
}

std::size_t TestServer::connections() const {
    std::lock_guard lock(m_mutex);
    std::set<int> ports;
    for (const auto& request : m_requests) {
        ports.insert(request.remote_port);
    }
    return ports.size();
}

FakeRegistry::FakeRegistry(Auth auth)
    : m_auth(auth) {}

std::string FakeRegistry::add_manifest(const std::string& repository, const std::string& tag,
                                       const std::string& media_type, const std::string& bytes) {
    const std::string digest = sha256_digest(bytes);
    m_manifests[repository + " " + tag] = {media_type, bytes};
    m_manifests[repository + " " + digest] = {media_type, bytes};
    return digest;
}

std::string FakeRegistry::add_blob(const std::string& repository, const std::string& bytes) {
    const std::string digest = sha256_digest(bytes);
    m_blobs[repository + " " + digest] = bytes;
    return digest;
}

bool FakeRegistry::authorized(const httplib::Request& request, httplib::Response& response,
                              const std::string& repository) const {
    const std::string sent = request.get_header_value("Authorization");
    const std::string basic =
        "Basic " + base64_encode(std::string(k_username) + ":" + std::string(k_password));
    if (m_auth == Auth::none || (m_auth == Auth::basic && sent == basic) ||
        (m_auth == Auth::bearer && sent == std::string("Bearer ") + k_token)) {
        return true;
    }

    response.status = 401;
    if (m_auth == Auth::basic) {
        response.set_header("WWW-Authenticate", "Basic realm=\"fake registry\"");
    } else {
        response.set_header(
            "WWW-Authenticate",
            "Bearer realm=\"http://" + host() +
                "/token\",service=\"fake-registry\",scope=\"repository:" + repository + ":pull\"");
    }
    response.set_content(
        R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})",
        "application/json");
    return false;
}

void FakeRegistry::start() {
    auto& server = m_server.server();
    const auto token = [this](const httplib::Request& request, httplib::Response& response) {
        if (request.method == "POST") {
            m_server.record(request);
        }
        const std::string basic =
            "Basic " + base64_encode(std::string(k_username) + ":" + std::string(k_password));
        const bool refresh = request.method == "POST";
        if (token_requires_credentials && !refresh &&
            request.get_header_value("Authorization") != basic) {
            response.status = 401;
            return;
        }
        const char* field = token_as_access_token || refresh ? "access_token" : "token";
        response.set_content(std::string("{\"") + field + "\":\"" + k_token +
                                 "\",\"expires_in\":300}",
                             "application/json");
    };
    server.Get("/token", token);
    server.Post("/token", token);

    server.Get(R"(/v2/(.+)/manifests/([^/]+))", [this](const httplib::Request& request,
                                                       httplib::Response& response) {
        const std::string repository = request.matches[1];
        if (!authorized(request, response, repository)) {
            return;
        }
        const auto found = m_manifests.find(repository + " " + request.matches[2].str());
        if (found == m_manifests.end()) {
            response.status = 404;
            response.set_content(
                R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})",
                "application/json");
            return;
        }
        response.set_header("Docker-Content-Digest", sha256_digest(found->second.bytes));
        response.set_content(found->second.bytes, found->second.media_type.c_str());
    });

    server.Get(R"(/v2/(.+)/blobs/([^/]+))", [this](const httplib::Request& request,
                                                   httplib::Response& response) {
        const std::string repository = request.matches[1];
        if (!authorized(request, response, repository)) {
            return;
        }
        const auto found = m_blobs.find(repository + " " + request.matches[2].str());
        if (found == m_blobs.end()) {
            response.status = 404;
            response.set_content(R"({"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]})",
                                 "application/json");
            return;
        }
        response.set_content(found->second, "application/octet-stream");
    });

    m_server.start();
}

std::vector<RecordedRequest> FakeRegistry::requests_to(const std::string& prefix) const {
    std::vector<RecordedRequest> matching;
    for (auto& request : m_server.requests()) {
        if (request.path.starts_with(prefix)) {
            matching.push_back(std::move(request));
        }
    }
    return matching;
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tc-registry-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
    const auto path = m_path / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::string sha256_digest(const std::string& bytes) {
    return "sha256:" + crypto::sha256_hex(bytes);
}

} // namespace tc::registry::testing
