#include "registry/client.hpp"
#include "test_server.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tc::registry {
namespace {

using testing::error_of;
using testing::FakeRegistry;
using testing::TempDir;
using util::Error;
using util::ErrorKind;

constexpr const char* k_oci_manifest = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* k_docker_manifest = "application/vnd.docker.distribution.manifest.v2+json";
constexpr const char* k_docker_list = "application/vnd.docker.distribution.manifest.list.v2+json";

// The OCI empty config "{}" and a manifest naming it; digests computed with sha256sum.
const std::string k_config = "{}";
const std::string k_config_digest =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
const std::string k_manifest =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
    R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":)"
    R"("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},)"
    R"("layers":[]})";
const std::string k_manifest_digest =
    "sha256:f20c43161d73848408ef247f0ec7111b19fe58ffebc0cbcaa0d2c8bda4967268";

reference::Reference make_reference(const std::string& domain, const std::string& path,
                                    std::optional<std::string> tag,
                                    std::optional<std::string> digest = std::nullopt) {
    return {domain, path, std::move(tag), std::move(digest)};
}

class ClientTest : public ::testing::Test {
protected:
    void SetUp() override { unsetenv("DOCKER_AUTH_CONFIG"); }

    ClientOptions options() const {
        ClientOptions options;
        options.docker_config_dir = m_config.path();
        return options;
    }

    TempDir m_config;
};

TEST_F(ClientTest, ManifestByTagHasTheDigestOfItsBytes) {
    FakeRegistry registry;
    registry.server().server().Get(
        "/v2/app/manifests/1", [](const httplib::Request&, httplib::Response& response) {
            // A lying Docker-Content-Digest must not leak into the result.
            response.set_header("Docker-Content-Digest", "sha256:" + std::string(64, '0'));
            response.set_content(k_manifest, k_oci_manifest);
        });
    registry.start();
    Client client(options());

    const Manifest manifest = client.get_manifest(make_reference(registry.host(), "app", "1"));

    EXPECT_EQ(manifest.digest, k_manifest_digest);
    EXPECT_EQ(manifest.media_type, k_oci_manifest);
    EXPECT_EQ(manifest.bytes, k_manifest);
}

TEST_F(ClientTest, ManifestByDigestIsVerified) {
    FakeRegistry registry;
    registry.add_manifest("library/app", "1", k_oci_manifest, k_manifest);
    registry.start();
    Client client(options());

    const auto manifest = client.get_manifest(
        make_reference(registry.host(), "library/app", "ignored", k_manifest_digest));

    EXPECT_EQ(manifest.digest, k_manifest_digest);
    const auto requests = registry.requests_to("/v2/");
    ASSERT_EQ(requests.size(), 1U);
    EXPECT_EQ(requests[0].path, "/v2/library/app/manifests/" + k_manifest_digest);
}

TEST_F(ClientTest, ManifestByDigestWithOtherBytesIsTampered) {
    FakeRegistry registry;
    const std::string other =
        R"({"schemaVersion":2,"mediaType":")" + std::string(k_oci_manifest) + R"(","layers":[{}]})";
    registry.server().server().Get("/v2/app/manifests/" + k_manifest_digest,
                                   [&](const httplib::Request&, httplib::Response& response) {
                                       response.set_header("Docker-Content-Digest",
                                                           k_manifest_digest);
                                       response.set_content(other, k_oci_manifest);
                                   });
    registry.start();
    Client client(options());
    const auto reference = make_reference(registry.host(), "app", std::nullopt, k_manifest_digest);

    const Error error = error_of([&] { client.get_manifest(reference); });

    EXPECT_EQ(error.kind(), ErrorKind::tampered);
    EXPECT_EQ(std::string(error.what()), "failed to fetch manifest of " + reference.str() + ": " +
                                             registry.host() + " served other content: expected " +
                                             k_manifest_digest + ", got " +
                                             testing::sha256_digest(other));
}

TEST_F(ClientTest, ContentTypeContradictingMediaTypeIsTampered) {
    FakeRegistry registry;
    registry.add_manifest("app", "1", k_docker_manifest, k_manifest);
    registry.start();
    Client client(options());

    const Error error =
        error_of([&] { client.get_manifest(make_reference(registry.host(), "app", "1")); });

    EXPECT_EQ(error.kind(), ErrorKind::tampered);
    EXPECT_NE(std::string(error.what())
                  .find("Content-Type application/vnd.docker.distribution.manifest.v2+json "
                        "contradicts the manifest's mediaType "
                        "application/vnd.oci.image.manifest.v1+json"),
              std::string::npos)
        << error.what();
}

TEST_F(ClientTest, GenericContentTypeDefersToTheBody) {
    FakeRegistry registry;
    registry.add_manifest("app", "1", "application/json; charset=utf-8", k_manifest);
    registry.start();
    Client client(options());

    EXPECT_EQ(client.get_manifest(make_reference(registry.host(), "app", "1")).media_type,
              k_oci_manifest);
}

TEST_F(ClientTest, Schema1ManifestIsRefused) {
    FakeRegistry registry;
    const std::string schema1 = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    registry.add_manifest("app", "old", schema1, R"({"schemaVersion":1})");
    registry.start();
    Client client(options());

    const Error error =
        error_of([&] { client.get_manifest(make_reference(registry.host(), "app", "old")); });

    EXPECT_EQ(error.kind(), ErrorKind::network);
    EXPECT_NE(std::string(error.what()).find("unsupported manifest media type \"" + schema1),
              std::string::npos);
}

TEST_F(ClientTest, OversizeManifestIsRefused) {
    FakeRegistry registry;
    const std::string big = R"({"mediaType":")" + std::string(k_oci_manifest) + "\",\"pad\":\"" +
                            std::string(5000, 'x') + "\"}";
    registry.add_manifest("app", "big", k_oci_manifest, big);
    registry.start();
    ClientOptions limited = options();
    limited.manifest_size_limit = 4096;
    Client client(limited);

    const Error error =
        error_of([&] { client.get_manifest(make_reference(registry.host(), "app", "big")); });

    EXPECT_EQ(error.kind(), ErrorKind::bad_input);
    EXPECT_NE(std::string(error.what()).find("the manifest is larger than the limit of 4096 bytes"),
              std::string::npos);
}

TEST_F(ClientTest, AcceptHeaderNamesAllFourManifestTypes) {
    FakeRegistry registry;
    registry.add_manifest("app", "list", k_docker_list, R"({"schemaVersion":2,"manifests":[]})");
    registry.start();
    Client client(options());

    const auto manifest = client.get_manifest(make_reference(registry.host(), "app", "list"));

    EXPECT_EQ(manifest.media_type, k_docker_list);
    const auto requests = registry.requests_to("/v2/");
    ASSERT_EQ(requests.size(), 1U);
    const std::string accept = requests[0].headers.find("Accept")->second;
    EXPECT_EQ(accept, "application/vnd.docker.distribution.manifest.v2+json, "
                      "application/vnd.docker.distribution.manifest.list.v2+json, "
                      "application/vnd.oci.image.manifest.v1+json, "
                      "application/vnd.oci.image.index.v1+json");
}

TEST_F(ClientTest, HeadManifestReportsTheRegistrysClaim) {
    FakeRegistry registry;
    registry.add_manifest("app", "1", k_oci_manifest, k_manifest);
    registry.start();
    Client client(options());

    const auto descriptor = client.head_manifest(make_reference(registry.host(), "app", "1"));

    EXPECT_EQ(descriptor.digest, k_manifest_digest);
    EXPECT_EQ(descriptor.media_type, k_oci_manifest);
    EXPECT_EQ(descriptor.size, k_manifest.size());
    EXPECT_EQ(registry.requests_to("/v2/").at(0).method, "HEAD");
}

TEST_F(ClientTest, MissingManifestIsNotFound) {
    FakeRegistry registry;
    registry.start();
    Client client(options());
    const auto reference = make_reference(registry.host(), "app", "nope");

    const Error error = error_of([&] { client.get_manifest(reference); });

    EXPECT_EQ(error.kind(), ErrorKind::not_found);
    EXPECT_EQ(std::string(error.what()), "failed to fetch manifest of " + reference.str() + ": " +
                                             registry.host() +
                                             ": 404 not found: MANIFEST_UNKNOWN: manifest unknown");
}

TEST_F(ClientTest, BlobIsCheckedAgainstItsDigest) {
    FakeRegistry registry;
    registry.add_blob("app", k_config);
    registry.server().server().Get("/v2/app/blobs/sha256:" + std::string(64, 'a'),
                                   [](const httplib::Request&, httplib::Response& response) {
                                       response.set_content("not what was asked for",
                                                            "application/octet-stream");
                                   });
    registry.start();
    Client client(options());
    const auto repository = make_reference(registry.host(), "app", std::nullopt);

    EXPECT_EQ(client.get_blob(repository, k_config_digest), "{}");
    const Error error =
        error_of([&] { client.get_blob(repository, "sha256:" + std::string(64, 'a')); });
    EXPECT_EQ(error.kind(), ErrorKind::tampered);
    EXPECT_NE(std::string(error.what())
                  .find("expected sha256:" + std::string(64, 'a') + ", got " +
                        testing::sha256_digest("not what was asked for")),
              std::string::npos);
}

TEST_F(ClientTest, OversizeBlobIsRefused) {
    FakeRegistry registry;
    const std::string digest = registry.add_blob("app", std::string(10000, 'b'));
    registry.start();
    ClientOptions limited = options();
    limited.blob_size_limit = 1000;
    Client client(limited);

    const Error error = error_of(
        [&] { client.get_blob(make_reference(registry.host(), "app", std::nullopt), digest); });

    EXPECT_EQ(error.kind(), ErrorKind::bad_input);
}

TEST_F(ClientTest, MalformedBlobDigestIsRefusedBeforeAnyRequest) {
    FakeRegistry registry;
    registry.start();
    Client client(options());

    const Error error = error_of([&] {
        client.get_blob(make_reference(registry.host(), "app", std::nullopt), "sha256:../../x");
    });

    EXPECT_EQ(error.kind(), ErrorKind::bad_input);
    EXPECT_TRUE(registry.server().requests().empty());
}

TEST_F(ClientTest, ConnectionsAreReused) {
    FakeRegistry registry;
    registry.add_manifest("app", "1", k_oci_manifest, k_manifest);
    const std::string digest = registry.add_blob("app", k_config);
    registry.start();
    Client client(options());
    const auto reference = make_reference(registry.host(), "app", "1");

    for (int i = 0; i < 3; ++i) {
        client.get_manifest(reference);
    }
    client.head_manifest(reference);
    client.get_blob(reference, digest);

    EXPECT_EQ(registry.server().requests().size(), 5U);
    EXPECT_EQ(registry.server().connections(), 1U);
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ClientTest, UnreachableRegistryIsANetworkErrorNamingTheUrl) {
    Client client(options());

    const Error error =
        error_of([&] { client.get_manifest(make_reference("127.0.0.1:1", "app", "1")); });

    EXPECT_EQ(error.kind(), ErrorKind::network);
    EXPECT_NE(std::string(error.what()).find("cannot reach http://127.0.0.1:1/v2/app/manifests/1"),
              std::string::npos)
        << error.what();
}

TEST_F(ClientTest, PlainHttpCanBeForcedForANamedHost) {
    FakeRegistry registry;
    registry.add_manifest("app", "1", k_oci_manifest, k_manifest);
    registry.start();
    ClientOptions plain = options();
    plain.plain_http_hosts = {"registry.test:5000"};
    plain.connect_to = {"registry.test:5000:127.0.0.1:" + std::to_string(registry.server().port())};
    Client client(plain);

    const auto manifest = client.get_manifest(make_reference("registry.test:5000", "app", "1"));

    EXPECT_EQ(manifest.digest, k_manifest_digest);
    EXPECT_EQ(registry.requests_to("/v2/").at(0).headers.find("Host")->second,
              "registry.test:5000");
}

TEST(ApiHost, DockerHubIsServedByRegistry1) {
    EXPECT_EQ(api_host(make_reference("docker.io", "library/busybox", "1")),
              "registry-1.docker.io");
    EXPECT_EQ(api_host(make_reference("localhost:5000", "app", "1")), "localhost:5000");
    EXPECT_EQ(api_host(make_reference("registry.test", "app", "1")), "registry.test");
}

} // namespace
} // namespace tc::registry
