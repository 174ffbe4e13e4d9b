#include "test_server.hpp"

#include "crypto/digest.hpp"

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
    // A POST or PUT body is read after pre-routing, so those handlers record their requests.
    m_server->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
        if (request.method != "POST" && request.method != "PUT") {
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

std::string sha256_digest(const std::string& bytes) {
    return "sha256:" + crypto::sha256_hex(bytes);
}

} // namespace tc::registry::testing
