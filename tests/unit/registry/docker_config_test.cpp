#include "registry/base64.hpp"
#include "registry/docker_config.hpp"
#include "test_server.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace tc::registry {
namespace {

using testing::TempDir;
using util::Error;
using util::ErrorKind;

const std::filesystem::path k_path = "/home/dev/.docker/config.json";

DockerConfig parse(const std::string& json,
                   const std::optional<std::string>& environment = std::nullopt) {
    return DockerConfig::parse(json, k_path, environment);
}

TEST(Base64, RoundTrips) {
    EXPECT_EQ(base64_encode("alice:s3cret"), "YWxpY2U6czNjcmV0");
    EXPECT_EQ(base64_encode("ab"), "YWI=");
    EXPECT_EQ(base64_decode("YWxpY2U6czNjcmV0"), "alice:s3cret");
    EXPECT_EQ(base64_decode("YWI"), "ab");
    EXPECT_FALSE(base64_decode("YW*="));
}

TEST(CredentialKey, DockerHubUsesTheV1Url) {
    EXPECT_EQ(credential_key("docker.io"), "https://index.docker.io/v1/");
    EXPECT_EQ(credential_key("index.docker.io"), "https://index.docker.io/v1/");
    EXPECT_EQ(credential_key("registry.test:5000"), "registry.test:5000");
    EXPECT_EQ(key_hostname("https://registry.test:5000/v1/"), "registry.test:5000");
    EXPECT_EQ(key_hostname("http://localhost:5000"), "localhost:5000");
    EXPECT_EQ(key_hostname("registry.test"), "registry.test");
}

TEST(DockerConfig, AuthIsBase64UserColonPassword) {
    const auto config = parse(R"({"auths":{"registry.test":{"auth":"YWxpY2U6czNjOnJldA=="}}})");

    const auto found = config.find("registry.test");

    ASSERT_TRUE(found.credentials);
    EXPECT_EQ(found.credentials->username, "alice");
    EXPECT_EQ(found.credentials->password, "s3c:ret");
    EXPECT_EQ(found.source, k_path.string());
}

TEST(DockerConfig, UsernameAndPasswordFields) {
    const auto config = parse(R"({"auths":{"localhost:5000":{"username":"bob","password":"pw"}}})");

    const auto found = config.find("localhost:5000");

    ASSERT_TRUE(found.credentials);
    EXPECT_EQ(found.credentials->username, "bob");
    EXPECT_EQ(found.credentials->password, "pw");
    EXPECT_FALSE(config.find("localhost:5001").credentials);
}

TEST(DockerConfig, IdentityToken) {
    const auto config =
        parse(R"({"auths":{"registry.test":{"auth":"","identitytoken":"refresh-1"}}})");

    const auto found = config.find("registry.test");

    ASSERT_TRUE(found.credentials);
    EXPECT_EQ(found.credentials->identity_token, "refresh-1");
    EXPECT_EQ(found.credentials->username, "");
}

TEST(DockerConfig, DockerHubKey) {
    const auto config =
        parse(R"({"auths":{"https://index.docker.io/v1/":{"auth":"aHViOmh1YnB3"}}})");

    const auto found = config.find("docker.io");

    ASSERT_TRUE(found.credentials);
    EXPECT_EQ(found.credentials->username, "hub");
    EXPECT_EQ(found.credentials->password, "hubpw");
}

TEST(DockerConfig, LegacyKeyWithSchemeAndPath) {
    const auto config = parse(R"({"auths":{"https://registry.test/v1/":{"auth":"YTpi"}}})");

    const auto found = config.find("registry.test");

    ASSERT_TRUE(found.credentials);
    EXPECT_EQ(found.credentials->username, "a");
    EXPECT_EQ(found.credentials->password, "b");
}

TEST(DockerConfig, EmptyEntriesAreNoCredentials) {
    const auto config = parse(R"({"auths":{"registry.test":{}}})");

    const auto found = config.find("registry.test");

    EXPECT_FALSE(found.credentials);
    EXPECT_EQ(found.source, k_path.string());
}

TEST(DockerConfig, EnvironmentTakesPrecedence) {
    const auto config = parse(R"({"auths":{"registry.test":{"auth":"ZmlsZTpmaWxl"}}})",
                              R"({"auths":{"registry.test":{"auth":"ZW52OmVudg=="}}})");

    const auto found = config.find("registry.test");

    ASSERT_TRUE(found.credentials);
    EXPECT_EQ(found.credentials->username, "env");
    EXPECT_EQ(found.source, "DOCKER_AUTH_CONFIG");
    EXPECT_EQ(config.find("other.test").source, k_path.string());
}

TEST(DockerConfig, InvalidAuthIsBadInputWithoutTheValue) {
    const Error error = [] {
        try {
            parse(R"({"auths":{"registry.test":{"auth":"bm9jb2xvbg=="}}})");
        } catch (const Error& error) {
            return error;
        }
        return Error(ErrorKind::internal, "no error");
    }();

    EXPECT_EQ(error.kind(), ErrorKind::bad_input);
    EXPECT_EQ(std::string(error.what()), "invalid \"auth\" for registry.test in " +
                                             k_path.string() + ": not base64 user:pass");
}

TEST(DockerConfig, InvalidJsonNamesTheFileButNotItsText) {
    const Error error = [] {
        try {
            parse(R"({"auths":{"registry.test":{"auth":"c2VjcmV0OnB3"})");
        } catch (const Error& error) {
            return error;
        }
        return Error(ErrorKind::internal, "no error");
    }();

    EXPECT_EQ(error.kind(), ErrorKind::bad_input);
    EXPECT_NE(std::string(error.what()).find("failed to parse " + k_path.string()),
              std::string::npos);
    EXPECT_EQ(std::string(error.what()).find("c2VjcmV0"), std::string::npos);
}

TEST(DockerConfig, LoadReadsTheDirectoryAndToleratesAMissingFile) {
    unsetenv("DOCKER_AUTH_CONFIG");
    TempDir directory;

    EXPECT_FALSE(DockerConfig::load(directory.path()).find("registry.test").credentials);

    directory.write("config.json", R"({"auths":{"registry.test":{"auth":"YTpi"}}})");
    const auto found = DockerConfig::load(directory.path()).find("registry.test");
    ASSERT_TRUE(found.credentials);
    EXPECT_EQ(found.source, (directory.path() / "config.json").string());
}

class CredentialHelperTest : public ::testing::Test {
protected:
    void SetUp() override {
        // The helper echoes the server URL it was given, so the test sees what was asked.
        const auto helper = m_bin.write("docker-credential-fake", R"(#!/bin/sh
read server
case "$server" in
  registry.test)
    printf '{"ServerURL":"%s","Username":"carol","Secret":"pw-%s"}' "$server" "$server" ;;
  token.test) echo '{"Username":"<token>","Secret":"idtok"}' ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
)");
        std::filesystem::permissions(helper, std::filesystem::perms::owner_all);
        m_old_path = std::getenv("PATH");
        setenv("PATH", (m_bin.path().string() + ":" + m_old_path).c_str(), 1);
    }
    void TearDown() override { setenv("PATH", m_old_path.c_str(), 1); }

    TempDir m_bin;
    std::string m_old_path;
};

TEST_F(CredentialHelperTest, CredHelpersEntryRunsTheHelper) {
    const auto config = parse(R"({"credHelpers":{"registry.test":"fake"},)"
                              R"("auths":{"registry.test":{"auth":"ZmlsZTpmaWxl"}}})");

    const auto found = config.find("registry.test");

    ASSERT_TRUE(found.credentials);
    EXPECT_EQ(found.credentials->username, "carol");
    EXPECT_EQ(found.credentials->password, "pw-registry.test");
    EXPECT_EQ(found.source, "docker-credential-fake");
}

TEST_F(CredentialHelperTest, CredsStoreAppliesToEveryRegistry) {
    const auto config = parse(R"({"credsStore":"fake"})");

    const auto token = config.find("token.test");
    ASSERT_TRUE(token.credentials);
    EXPECT_EQ(token.credentials->identity_token, "idtok");
    EXPECT_EQ(token.credentials->username, "");

    const auto missing = config.find("other.test");
    EXPECT_FALSE(missing.credentials);
    EXPECT_EQ(missing.source, "docker-credential-fake");
}

TEST_F(CredentialHelperTest, MissingHelperMeansNoCredentials) {
    const auto config = parse(R"({"credsStore":"absent-helper"})");

    EXPECT_FALSE(config.find("registry.test").credentials);
}

TEST_F(CredentialHelperTest, HelperNameWithSlashIsRefused) {
    const auto config = parse(R"({"credsStore":"../evil"})");

    EXPECT_THROW(config.find("registry.test"), Error);
}

} // namespace
} // namespace tc::registry
