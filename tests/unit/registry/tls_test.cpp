#include "registry/client.hpp"
#include "test_server.hpp"
#include "util/error.hpp"
#include "util/process.hpp"

#include <gtest/gtest.h>

namespace tc::registry {
namespace {

using testing::TempDir;
using testing::TestServer;
using util::Error;
using util::ErrorKind;

const std::string k_manifest =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]})";

void openssl(const std::vector<std::string>& arguments) {
    util::ProcessSpec spec;
    spec.argv = {"openssl"};
    spec.argv.insert(spec.argv.end(), arguments.begin(), arguments.end());
    const auto result = util::run_captured(spec);
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
}

/// A test CA and a certificate for registry.test that it signed, made with the openssl tool.
class TlsTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto file = [&](const char* name) { return (m_pki.path() / name).string(); };
        const std::vector<std::string> ec = {"-newkey", "ec", "-pkeyopt",
                                             "ec_paramgen_curve:prime256v1", "-nodes"};
        std::vector<std::string> ca = {"req", "-x509", "-days", "1", "-subj", "/CN=tc test CA"};
        ca.insert(ca.end(), ec.begin(), ec.end());
        ca.insert(ca.end(), {"-keyout", file("ca.key"), "-out", file("ca.crt")});
        openssl(ca);
        std::vector<std::string> request = {"req", "-subj", "/CN=registry.test"};
        request.insert(request.end(), ec.begin(), ec.end());
        request.insert(request.end(), {"-keyout", file("server.key"), "-out", file("server.csr")});
        openssl(request);
        m_pki.write("san.cnf", "subjectAltName=DNS:registry.test\n");
        openssl({"x509", "-req", "-days", "1", "-in", file("server.csr"), "-CA", file("ca.crt"),
                 "-CAkey", file("ca.key"), "-CAcreateserial", "-extfile", file("san.cnf"), "-out",
                 file("server.crt")});

        m_server = std::make_unique<TestServer>(std::make_unique<httplib::SSLServer>(
            file("server.crt").c_str(), file("server.key").c_str()));
        m_server->server().Get(
            "/v2/app/manifests/1", [](const httplib::Request&, httplib::Response& response) {
                response.set_content(k_manifest, "application/vnd.oci.image.index.v1+json");
            });
        m_server->server().Get("/v2/private/manifests/1", [](const httplib::Request&,
                                                             httplib::Response& response) {
            response.status = 401;
            response.set_header("WWW-Authenticate",
                                R"(Bearer realm="http://auth.test/token",service="registry.test")");
        });
        m_server->start();
    }

    ClientOptions options() const {
        ClientOptions options;
        options.docker_config_dir = m_pki.path();
        options.connect_to = {"registry.test:443:127.0.0.1:" + std::to_string(m_server->port())};
        return options;
    }

    TempDir m_pki;
    std::unique_ptr<TestServer> m_server;
};

TEST_F(TlsTest, ExtraCaFileIsTrusted) {
    ClientOptions trusting = options();
    trusting.extra_ca_file = m_pki.path() / "ca.crt";
    Client client(trusting);

    const auto manifest = client.get_manifest({"registry.test", "app", "1", std::nullopt});

    EXPECT_EQ(manifest.bytes, k_manifest);
    EXPECT_EQ(m_server->requests().size(), 1U);
}

TEST_F(TlsTest, UnknownCaIsANetworkError) {
    Client client(options());

    try {
        client.get_manifest({"registry.test", "app", "1", std::nullopt});
        FAIL() << "an unknown CA was accepted";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::network);
        EXPECT_NE(std::string(error.what()).find("cannot reach https://registry.test/v2/app/"),
                  std::string::npos)
            << error.what();
    }
}

TEST_F(TlsTest, CredentialsAreNotSentToAPlainHttpRealm) {
    m_pki.write("config.json", R"({"auths":{"registry.test":{"auth":"YWxpY2U6czNjcmV0"}}})");
    ClientOptions trusting = options();
    trusting.extra_ca_file = m_pki.path() / "ca.crt";
    Client client(trusting);

    try {
        client.get_manifest({"registry.test", "private", "1", std::nullopt});
        FAIL() << "credentials went to a plain-HTTP realm";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::network);
        EXPECT_EQ(std::string(error.what()),
                  "failed to fetch manifest of registry.test/private:1: registry.test: refusing "
                  "to send credentials over plain HTTP to token realm http://auth.test/token");
    }
}

TEST_F(TlsTest, UnreadableExtraCaFileIsBadInput) {
    ClientOptions trusting = options();
    trusting.extra_ca_file = m_pki.path() / "missing.crt";

    try {
        Client client(trusting);
        FAIL() << "a missing CA file was accepted";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::bad_input);
        EXPECT_EQ(std::string(error.what()),
                  "failed to read CA file " + (m_pki.path() / "missing.crt").string());
    }
}

} // namespace
} // namespace tc::registry
