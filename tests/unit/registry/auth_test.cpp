#include "registry/auth.hpp"
#include "registry/base64.hpp"
#include "registry/client.hpp"
#include "test_server.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <sstream>

namespace tc::registry {
namespace {

using testing::error_of;
using testing::FakeRegistry;
using testing::TempDir;
using testing::TestServer;
using util::Error;
using util::ErrorKind;

constexpr const char* k_oci_manifest = "application/vnd.oci.image.manifest.v1+json";
const std::string k_manifest =
    R"({"schemaVersion":2,"mediaType":")" + std::string(k_oci_manifest) + R"(","layers":[]})";

std::string alice_basic() {
    return "Basic " +
           base64_encode(std::string(FakeRegistry::k_username) + ":" + FakeRegistry::k_password);
}

TEST(ParseChallenge, ReadsBearerParameters) {
    const auto challenge = parse_challenge(
        R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",)"
        R"(scope="repository:library/busybox:pull")");

    ASSERT_TRUE(challenge);
    EXPECT_EQ(challenge->scheme, Challenge::Scheme::bearer);
    EXPECT_EQ(challenge->realm, "https://auth.docker.io/token");
    EXPECT_EQ(challenge->service, "registry.docker.io");
    EXPECT_EQ(challenge->scope, "repository:library/busybox:pull");
}

TEST(ParseChallenge, IsCaseInsensitiveAndUnescapesQuotes) {
    const auto challenge = parse_challenge(R"(bearer Realm="http://a/t", SERVICE="say \"hi\"")");

    ASSERT_TRUE(challenge);
    EXPECT_EQ(challenge->realm, "http://a/t");
    EXPECT_EQ(challenge->service, "say \"hi\"");
    EXPECT_EQ(challenge->scope, "");
}

TEST(ParseChallenge, ReadsBasicAndRefusesOthers) {
    const auto basic = parse_challenge("Basic realm=Registry");
    ASSERT_TRUE(basic);
    EXPECT_EQ(basic->scheme, Challenge::Scheme::basic);
    EXPECT_EQ(basic->realm, "Registry");

    EXPECT_FALSE(parse_challenge(R"(Negotiate realm="x")"));
    EXPECT_FALSE(parse_challenge("Bearer service=\"no realm\""));
    EXPECT_FALSE(parse_challenge(""));
}

TEST(ChooseChallenge, PrefersBearer) {
    const auto chosen = choose_challenge({R"(Basic realm="r")", R"(Bearer realm="https://t/")"});

    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->scheme, Challenge::Scheme::bearer);
    EXPECT_EQ(chosen->realm, "https://t/");
}

TEST(IsLoopback, KnowsLoopbackAddressesOnly) {
    EXPECT_TRUE(is_loopback("localhost"));
    EXPECT_TRUE(is_loopback("localhost:5000"));
    EXPECT_TRUE(is_loopback("127.0.0.1"));
    EXPECT_TRUE(is_loopback("127.0.0.2:443"));
    EXPECT_TRUE(is_loopback("[::1]:5000"));
    EXPECT_FALSE(is_loopback("127.evil.example"));
    EXPECT_FALSE(is_loopback("127.0.0.1.example.com"));
    EXPECT_FALSE(is_loopback("localhost.example.com"));
    EXPECT_FALSE(is_loopback("registry.test"));
    EXPECT_FALSE(is_loopback("128.0.0.1"));
}

TEST(Urls, RedactAndOrigin) {
    EXPECT_EQ(redact_url("https://u:p@host:8443/v2/x?X-Amz-Signature=abc#f"),
              "https://host:8443/v2/x");
    EXPECT_EQ(url_origin("https://Host/v2/"), "https://host:443");
    EXPECT_EQ(url_origin("http://127.0.0.1:5000/x"), "http://127.0.0.1:5000");
    EXPECT_EQ(url_encode("repository:a/b:pull"), "repository%3Aa%2Fb%3Apull");
}

class AuthTest : public ::testing::Test {
protected:
    void SetUp() override { unsetenv("DOCKER_AUTH_CONFIG"); }

    ClientOptions options() const {
        ClientOptions options;
        options.docker_config_dir = m_config.path();
        return options;
    }

    void log_in(const std::string& host, const std::string& entry) {
        m_config.write("config.json", R"({"auths":{")" + host + "\":" + entry + "}}");
    }

    reference::Reference app(const FakeRegistry& registry) const {
        return {registry.host(), "team/app", "1", std::nullopt};
    }

    TempDir m_config;
};

TEST_F(AuthTest, BearerTokenIsFetchedWithBasicCredentialsAndReused) {
    FakeRegistry registry(FakeRegistry::Auth::bearer);
    registry.add_manifest("team/app", "1", k_oci_manifest, k_manifest);
    registry.start();
    log_in(registry.host(), R"({"auth":")" + alice_basic().substr(6) + "\"}");
    Client client(options());

    client.get_manifest(app(registry));
    client.get_manifest(app(registry));

    const auto tokens = registry.requests_to("/token");
    ASSERT_EQ(tokens.size(), 1U);
    EXPECT_EQ(tokens[0].authorization(), alice_basic());
    EXPECT_EQ(tokens[0].params.find("service")->second, "fake-registry");
    EXPECT_EQ(tokens[0].params.find("scope")->second, "repository:team/app:pull");
    const auto manifests = registry.requests_to("/v2/");
    ASSERT_EQ(manifests.size(), 3U);
    EXPECT_EQ(manifests[0].authorization(), "");
    EXPECT_EQ(manifests[1].authorization(), std::string("Bearer ") + FakeRegistry::k_token);
    EXPECT_EQ(manifests[2].authorization(), std::string("Bearer ") + FakeRegistry::k_token);
}

TEST_F(AuthTest, AnonymousTokenMayComeAsAccessToken) {
    FakeRegistry registry(FakeRegistry::Auth::bearer);
    registry.token_requires_credentials = false;
    registry.token_as_access_token = true;
    registry.add_manifest("team/app", "1", k_oci_manifest, k_manifest);
    registry.start();
    Client client(options());

    EXPECT_EQ(client.get_manifest(app(registry)).bytes, k_manifest);

    const auto tokens = registry.requests_to("/token");
    ASSERT_EQ(tokens.size(), 1U);
    EXPECT_EQ(tokens[0].authorization(), "");
}

TEST_F(AuthTest, IdentityTokenIsExchangedByPost) {
    FakeRegistry registry(FakeRegistry::Auth::bearer);
    registry.add_manifest("team/app", "1", k_oci_manifest, k_manifest);
    registry.start();
    log_in(registry.host(), R"({"identitytoken":"refresh-me"})");
    Client client(options());

    client.get_manifest(app(registry));

    const auto tokens = registry.requests_to("/token");
    ASSERT_EQ(tokens.size(), 1U);
    EXPECT_EQ(tokens[0].method, "POST");
    EXPECT_EQ(tokens[0].params.find("grant_type")->second, "refresh_token");
    EXPECT_EQ(tokens[0].params.find("refresh_token")->second, "refresh-me");
    EXPECT_EQ(tokens[0].params.find("scope")->second, "repository:team/app:pull");
}

TEST_F(AuthTest, BasicRegistryGetsCredentialsAndThenUpFront) {
    FakeRegistry registry(FakeRegistry::Auth::basic);
    registry.add_manifest("team/app", "1", k_oci_manifest, k_manifest);
    registry.start();
    log_in(registry.host(), R"({"username":"alice","password":"s3cret-pw"})");
    Client client(options());

    client.get_manifest(app(registry));
    client.get_manifest(app(registry));

    const auto requests = registry.requests_to("/v2/");
    ASSERT_EQ(requests.size(), 3U);
    EXPECT_EQ(requests[0].authorization(), "");
    EXPECT_EQ(requests[1].authorization(), alice_basic());
    EXPECT_EQ(requests[2].authorization(), alice_basic());
}

TEST_F(AuthTest, MissingCredentialsAreNamedInTheError) {
    FakeRegistry registry(FakeRegistry::Auth::basic);
    registry.start();
    Client client(options());

    const Error error = error_of([&] { client.get_manifest(app(registry)); });

    EXPECT_EQ(error.kind(), ErrorKind::unauthorized);
    const std::string host = registry.host();
    EXPECT_EQ(std::string(error.what()),
              "failed to fetch manifest of " + app(registry).str() + ": " + host +
                  ": 401 unauthorized: UNAUTHORIZED: authentication required (no credentials "
                  "for " +
                  host + " in " + (m_config.path() / "config.json").string() +
                  "; run docker login " + host + ")");
}

TEST_F(AuthTest, RefusedCredentialsAreSaidSoWithoutShowingThem) {
    FakeRegistry registry(FakeRegistry::Auth::basic);
    registry.start();
    log_in(registry.host(), R"({"username":"alice","password":"wrong-pw"})");
    Client client(options());

    const Error error = error_of([&] { client.get_manifest(app(registry)); });

    EXPECT_EQ(error.kind(), ErrorKind::unauthorized);
    const std::string message = error.what();
    EXPECT_NE(message.find("(credentials for " + registry.host() + " from " +
                           (m_config.path() / "config.json").string() + " were refused; run "),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("wrong-pw"), std::string::npos);
    EXPECT_EQ(message.find(base64_encode("alice:wrong-pw")), std::string::npos);
}

TEST_F(AuthTest, TokenEndpointRefusingAnonymousAccessIsUnauthorized) {
    FakeRegistry registry(FakeRegistry::Auth::bearer);
    registry.start();
    Client client(options());

    const Error error = error_of([&] { client.get_manifest(app(registry)); });

    EXPECT_EQ(error.kind(), ErrorKind::unauthorized);
    EXPECT_NE(std::string(error.what())
                  .find(registry.host() + ": 401 from token endpoint http://" + registry.host() +
                        "/token (no credentials for " + registry.host()),
              std::string::npos)
        << error.what();
}

TEST_F(AuthTest, RedirectToAnotherPortCarriesNoAuthorization) {
    TestServer storage;
    const std::string blob = "layer bytes";
    storage.server().Get("/storage/blob",
                         [&](const httplib::Request&, httplib::Response& response) {
                             response.set_content(blob, "application/octet-stream");
                         });
    storage.start();
    FakeRegistry registry(FakeRegistry::Auth::basic);
    const std::string digest = testing::sha256_digest(blob);
    registry.server().server().Get(
        "/v2/team/app/blobs/" + digest,
        [&](const httplib::Request& request, httplib::Response& response) {
            if (request.get_header_value("Authorization") != alice_basic()) {
                response.status = 401;
                response.set_header("WWW-Authenticate", "Basic realm=\"fake\"");
                return;
            }
            response.set_redirect("http://" + storage.host() + "/storage/blob?sig=secret-sig", 307);
        });
    registry.start();
    log_in(registry.host(), R"({"username":"alice","password":"s3cret-pw"})");
    Client client(options());

    EXPECT_EQ(client.get_blob(app(registry), digest), blob);

    const auto at_registry = registry.requests_to("/v2/");
    ASSERT_EQ(at_registry.size(), 2U);
    EXPECT_EQ(at_registry[1].authorization(), alice_basic());
    const auto at_storage = storage.requests();
    ASSERT_EQ(at_storage.size(), 1U);
    EXPECT_EQ(at_storage[0].authorization(), "");
    EXPECT_EQ(at_storage[0].params.find("sig")->second, "secret-sig");
}

TEST_F(AuthTest, RedirectWithinTheRegistryKeepsAuthorization) {
    FakeRegistry registry(FakeRegistry::Auth::basic);
    const std::string blob = "config bytes";
    const std::string digest = testing::sha256_digest(blob);
    auto& server = registry.server().server();
    server.Get("/v2/team/app/blobs/" + digest,
               [&](const httplib::Request& request, httplib::Response& response) {
                   if (request.get_header_value("Authorization") != alice_basic()) {
                       response.status = 401;
                       response.set_header("WWW-Authenticate", "Basic realm=\"fake\"");
                       return;
                   }
                   response.set_redirect("/internal/blob", 302);
               });
    server.Get("/internal/blob", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(blob, "application/octet-stream");
    });
    registry.start();
    log_in(registry.host(), R"({"username":"alice","password":"s3cret-pw"})");
    Client client(options());

    EXPECT_EQ(client.get_blob(app(registry), digest), blob);

    const auto internal = registry.requests_to("/internal/");
    ASSERT_EQ(internal.size(), 1U);
    EXPECT_EQ(internal[0].authorization(), alice_basic());
}

TEST_F(AuthTest, VerboseLogNamesRequestsButNoSecrets) {
    FakeRegistry registry(FakeRegistry::Auth::bearer);
    registry.add_manifest("team/app", "1", k_oci_manifest, k_manifest);
    registry.start();
    log_in(registry.host(), R"({"auth":")" + alice_basic().substr(6) + "\"}");
    std::ostringstream log;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
    ClientOptions verbose = options();
    verbose.verbose = true;

    {
        Client client(verbose);
        client.get_manifest(app(registry));
    }
    spdlog::set_default_logger(previous);

    const std::string text = log.str();
    const std::string base = "http://" + registry.host();
    EXPECT_NE(text.find("GET " + base + "/v2/team/app/manifests/1 -> 401"), std::string::npos);
    EXPECT_NE(text.find("GET " + base + "/token -> 200"), std::string::npos);
    EXPECT_NE(text.find("GET " + base + "/v2/team/app/manifests/1 -> 200"), std::string::npos);
    for (const std::string& secret :
         {std::string("s3cret-pw"), alice_basic().substr(6), std::string(FakeRegistry::k_token)}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret;
    }
}

} // namespace
} // namespace tc::registry
