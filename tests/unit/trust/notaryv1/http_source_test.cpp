// HttpMetadataSource against a small in-process notary server, and the server choice.
#include "reference/reference.hpp"
#include "support/error_of.hpp"
#include "trust/notaryv1/http_source.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

namespace tc::trust::notaryv1 {
namespace {

using tc::testing::error_of;
using ::testing::HasSubstr;

const std::string k_gun = "registry.example/library/app";

/// An httplib server on a random loopback port, serving canned notary answers.
class FakeNotary {
public:
    FakeNotary() {
        m_server.set_pre_routing_handler([this](const httplib::Request& request, auto&) {
            std::lock_guard lock(m_mutex);
            m_paths.push_back(request.path);
            m_ports.insert(request.remote_port);
            auto found = request.headers.find("Authorization");
            m_authorizations.push_back(found == request.headers.end() ? "" : found->second);
            return httplib::Server::HandlerResponse::Unhandled;
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
    }

    ~FakeNotary() {
        m_server.stop();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    void start() {
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        while (!m_server.is_running()) {
            std::this_thread::yield();
        }
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    httplib::Server m_server;
    std::mutex m_mutex;
    std::vector<std::string> m_paths;
    std::vector<std::string> m_authorizations;
    std::set<int> m_ports;
    std::thread m_thread;
    int m_port = 0;
};

std::string trust_path(const std::string& file) {
    return "/v2/" + k_gun + "/_trust/tuf/" + file;
}

class HttpSourceTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_notary.m_server.Get(R"(/v2/.*/_trust/tuf/(.*)\.json)", [](const httplib::Request& request,
                                                                    httplib::Response& response) {
            std::string file = request.matches[1];
            if (file == "broken") {
                response.status = 500;
                response.set_content(R"({"errors":[{"code":"UNKNOWN","message":"boom"}]})",
                                     "application/json");
            } else if (file == "missing") {
                response.status = 404;
            } else {
                response.set_content("content of " + file, "text/plain");
            }
        });
        m_notary.start();
    }

    std::optional<std::string> fetch(HttpMetadataSource& source, MetadataRequest request) {
        if (request.max_length == 0) {
            request.max_length = 1000;
        }
        return source.fetch(k_gun, request);
    }

    FakeNotary m_notary;
};

TEST_F(HttpSourceTest, FetchesCurrentConsistentAndVersionedNamesOverOneConnection) {
    HttpMetadataSource source(m_notary.url() + "/", NotaryServerOptions{});
    MetadataRequest current{"timestamp", std::nullopt, std::nullopt, 1000};
    MetadataRequest by_hash{"snapshot", "ab12", std::nullopt, 1000};
    MetadataRequest by_version{"root", std::nullopt, 3, 1000};
    MetadataRequest delegation{"targets/releases", std::nullopt, std::nullopt, 1000};

    EXPECT_EQ(fetch(source, current), "content of timestamp");
    EXPECT_EQ(fetch(source, by_hash), "content of snapshot.ab12");
    EXPECT_EQ(fetch(source, by_version), "content of 3.root");
    EXPECT_EQ(fetch(source, delegation), "content of targets/releases");
    EXPECT_EQ(
        m_notary.m_paths,
        (std::vector<std::string>{trust_path("timestamp.json"), trust_path("snapshot.ab12.json"),
                                  trust_path("3.root.json"), trust_path("targets/releases.json")}));
    EXPECT_EQ(m_notary.m_ports.size(), 1U);
    EXPECT_EQ(source.server(), m_notary.url());
}

TEST_F(HttpSourceTest, NotFoundIsNothing) {
    HttpMetadataSource source(m_notary.url(), NotaryServerOptions{});
    EXPECT_EQ(fetch(source, {"missing", std::nullopt, std::nullopt, 0}), std::nullopt);
}

TEST_F(HttpSourceTest, ServerErrorIsANetworkErrorNamingServerAndRole) {
    HttpMetadataSource source(m_notary.url(), NotaryServerOptions{});
    auto error = error_of([&] { fetch(source, {"broken", std::nullopt, std::nullopt, 0}); });
    EXPECT_EQ(error.kind(), util::ErrorKind::network);
    EXPECT_THAT(error.what(), HasSubstr("notary server " + m_notary.url()));
    EXPECT_THAT(error.what(), HasSubstr("HTTP 500 for broken of " + k_gun));
    EXPECT_THAT(error.what(), HasSubstr("UNKNOWN: boom"));
}

TEST_F(HttpSourceTest, BodyOverTheLimitIsRefused) {
    HttpMetadataSource source(m_notary.url(), NotaryServerOptions{});
    auto error = error_of([&] { fetch(source, {"timestamp", std::nullopt, std::nullopt, 5}); });
    EXPECT_EQ(error.kind(), util::ErrorKind::tampered);
    EXPECT_THAT(error.what(), HasSubstr("more than the 5 bytes allowed for timestamp"));
}

TEST(HttpSource, UnreachableServerIsNamed) {
    HttpMetadataSource source("http://127.0.0.1:1", NotaryServerOptions{});
    auto error = error_of([&] { source.fetch(k_gun, {"root", std::nullopt, std::nullopt, 100}); });
    EXPECT_EQ(error.kind(), util::ErrorKind::network);
    EXPECT_THAT(error.what(), HasSubstr("notary server http://127.0.0.1:1 unreachable"));
}

TEST(HttpSource, AnswersABearerChallengeWithTheRegistryLogin) {
    FakeNotary notary;
    std::string realm = notary.url() + "/token";
    notary.m_server.Get("/token", [](const httplib::Request& request, httplib::Response& response) {
        // "tc:secret" in base64, from the docker config below.
        bool basic = request.get_header_value("Authorization") == "Basic dGM6c2VjcmV0";
        bool scoped = request.get_param_value("scope") == "repository:" + k_gun + ":pull";
        response.set_content(basic && scoped ? R"({"token":"t0ken"})" : "{}", "application/json");
    });
    notary.m_server.Get(
        R"(/v2/.*)", [&](const httplib::Request& request, httplib::Response& response) {
            if (request.get_header_value("Authorization") != "Bearer t0ken") {
                response.status = 401;
                response.set_header("WWW-Authenticate",
                                    "Bearer realm=\"" + realm + "\",service=\"notary\"");
                return;
            }
            response.set_content("root bytes", "application/json");
        });
    notary.start();

    auto config =
        std::filesystem::temp_directory_path() / ("tc-notary-auth-" + std::to_string(getpid()));
    std::filesystem::create_directories(config);
    std::ofstream(config / "config.json")
        << R"({"auths":{"registry.example":{"auth":"dGM6c2VjcmV0"}}})";
    NotaryServerOptions options;
    options.docker_config_dir = config;
    options.credentials_registry = "registry.example";
    HttpMetadataSource source(notary.url(), options);

    EXPECT_EQ(source.fetch(k_gun, {"root", std::nullopt, std::nullopt, 100}), "root bytes");
    EXPECT_EQ(source.fetch(k_gun, {"targets", std::nullopt, std::nullopt, 100}), "root bytes");
    // The token is fetched once and sent up front afterwards.
    EXPECT_EQ(notary.m_authorizations,
              (std::vector<std::string>{"", "Basic dGM6c2VjcmV0", "Bearer t0ken", "Bearer t0ken"}));
    std::filesystem::remove_all(config);
}

TEST(HttpSource, PublishPostsEveryFileAsAFilesPart) {
    FakeNotary notary;
    std::vector<std::string> parts;
    std::string content_type;
    notary.m_server.Post(R"(/v2/.*/_trust/tuf/)",
                         [&](const httplib::Request& request, httplib::Response& response) {
                             for (const auto& [name, file] : request.files) {
                                 parts.push_back(name + " " + file.filename + " " + file.content);
                             }
                             content_type = request.get_header_value("Content-Type");
                             response.set_content("{}", "application/json");
                         });
    notary.start();
    HttpMetadataSource source(notary.url(), NotaryServerOptions{});

    source.publish(k_gun, {{"root", "{\"r\":1}"}, {"targets/releases", "{\"t\":2}"}});
    EXPECT_THAT(content_type, HasSubstr("multipart/form-data; boundary="));
    EXPECT_EQ(parts, (std::vector<std::string>{"files root {\"r\":1}",
                                               "files targets/releases {\"t\":2}"}));
    EXPECT_EQ(notary.m_paths, std::vector<std::string>{"/v2/" + k_gun + "/_trust/tuf/"});
}

TEST(HttpSource, RefusedPublishNamesTheServerAndItsErrorCodes) {
    FakeNotary notary;
    notary.m_server.Post(
        R"(/v2/.*/_trust/tuf/)", [](const httplib::Request&, httplib::Response& response) {
            response.status = 400;
            response.set_content(R"({"errors":[{"code":"BAD_UPDATE","message":"old version"}]})",
                                 "application/json");
        });
    notary.start();
    HttpMetadataSource source(notary.url(), NotaryServerOptions{});

    auto error = error_of([&] { source.publish(k_gun, {{"targets", "{}"}}); });
    EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
    EXPECT_THAT(error.what(), HasSubstr("to notary server " + notary.url() +
                                        ": HTTP 400 (BAD_UPDATE: old version)"));
}

TEST(NotaryServerFor, OverrideThenEnvironmentThenDockerDefaults) {
    auto hub = reference::parse_normalized("busybox:1");
    auto other = reference::parse_normalized("registry.test:5000/app:1");
    NotaryServerMap overrides = parse_notary_servers("registry.test:5000=https://n.test:4443,");

    unsetenv("DOCKER_CONTENT_TRUST_SERVER");
    EXPECT_EQ(notary_server_for(hub), "https://notary.docker.io");
    EXPECT_EQ(notary_server_for(other), "https://registry.test:5000");
    EXPECT_EQ(notary_server_for(other, overrides), "https://n.test:4443");

    setenv("DOCKER_CONTENT_TRUST_SERVER", "https://notary.test:4443", 1);
    EXPECT_EQ(notary_server_for(hub), "https://notary.test:4443");
    EXPECT_EQ(notary_server_for(other, overrides), "https://n.test:4443");

    setenv("DOCKER_CONTENT_TRUST_SERVER", "http://notary.test:4443", 1);
    EXPECT_EQ(error_of([&] { notary_server_for(hub); }).kind(), util::ErrorKind::bad_input);
    unsetenv("DOCKER_CONTENT_TRUST_SERVER");
}

TEST(NotaryServerFor, MalformedOverrideIsNamed) {
    auto error = error_of([] { parse_notary_servers("a=https://x,registry.test"); });
    EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
    EXPECT_THAT(error.what(), HasSubstr("'registry.test'"));
    EXPECT_EQ(error_of([] { parse_notary_servers("a=http://x"); }).kind(),
              util::ErrorKind::bad_input);
}

} // namespace
} // namespace tc::trust::notaryv1
