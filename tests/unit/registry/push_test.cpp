#include "registry/base64.hpp"
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
const std::string k_layer = "layer bytes";

/// An image manifest naming a config and a layer by digest.
std::string manifest_of(const std::string& config_digest, const std::string& layer_digest) {
    return R"({"schemaVersion":2,"mediaType":")" + std::string(k_oci_manifest) +
           R"(","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" +
           config_digest + R"(","size":2},"layers":[{"mediaType":)" +
           R"("application/vnd.oci.image.layer.v1.tar","digest":")" + layer_digest +
           R"(","size":11}]})";
}

reference::Reference repository(const FakeRegistry& registry, const std::string& path,
                                std::optional<std::string> tag = std::nullopt) {
    return {registry.host(), path, std::move(tag), std::nullopt};
}

class PushTest : public ::testing::Test {
protected:
    void SetUp() override { unsetenv("DOCKER_AUTH_CONFIG"); }

    ClientOptions options() const {
        ClientOptions options;
        options.docker_config_dir = m_config.path();
        return options;
    }

    void log_in_as_alice(const FakeRegistry& registry) {
        const std::string auth =
            base64_encode(std::string(FakeRegistry::k_username) + ":" + FakeRegistry::k_password);
        m_config.write("config.json",
                       R"({"auths":{")" + registry.host() + R"(":{"auth":")" + auth + "\"}}}");
    }

    TempDir m_config;
};

TEST_F(PushTest, BlobIsUploadedToARelativeLocation) {
    FakeRegistry registry;
    registry.start();
    Client client(options());
    const std::string digest = testing::sha256_digest(k_layer);

    client.put_blob(repository(registry, "team/app"), digest, k_layer);

    EXPECT_EQ(registry.blob("team/app", digest), k_layer);
    const auto posts = registry.requests_with("POST");
    ASSERT_EQ(posts.size(), 1U);
    EXPECT_EQ(posts[0].path, "/v2/team/app/blobs/uploads/");
    const auto puts = registry.requests_with("PUT");
    ASSERT_EQ(puts.size(), 1U);
    EXPECT_EQ(puts[0].path, "/v2/team/app/blobs/uploads/upload-1");
    EXPECT_EQ(puts[0].params.find("digest")->second, digest);
    EXPECT_EQ(puts[0].body, k_layer);
}

TEST_F(PushTest, BlobIsUploadedToAnAbsoluteLocation) {
    FakeRegistry registry;
    registry.location_style = FakeRegistry::LocationStyle::absolute;
    registry.start();
    Client client(options());
    const std::string digest = testing::sha256_digest(k_layer);

    client.put_blob(repository(registry, "app"), digest, k_layer);

    EXPECT_EQ(registry.blob("app", digest), k_layer);
}

TEST_F(PushTest, LocationQueryIsKeptAndTheDigestAppended) {
    FakeRegistry registry;
    registry.location_style = FakeRegistry::LocationStyle::with_query;
    registry.start();
    Client client(options());
    const std::string digest = testing::sha256_digest(k_layer);

    client.put_blob(repository(registry, "app"), digest, k_layer);

    EXPECT_EQ(registry.blob("app", digest), k_layer);
    const auto put = registry.requests_with("PUT").at(0);
    EXPECT_EQ(put.params.find("_state")->second, "s7919");
    EXPECT_EQ(put.params.find("digest")->second, digest);
}

TEST_F(PushTest, BytesNotMatchingTheDigestAreRefusedBeforeAnyRequest) {
    FakeRegistry registry;
    registry.start();
    Client client(options());

    const Error error = error_of([&] {
        client.put_blob(repository(registry, "app"), testing::sha256_digest("other"), k_layer);
    });

    EXPECT_EQ(error.kind(), ErrorKind::bad_input);
    EXPECT_TRUE(registry.server().requests().empty());
}

TEST_F(PushTest, BlobExistsAsksWithHead) {
    FakeRegistry registry;
    const std::string digest = registry.add_blob("app", k_layer);
    registry.start();
    Client client(options());

    EXPECT_TRUE(client.blob_exists(repository(registry, "app"), digest));
    EXPECT_FALSE(client.blob_exists(repository(registry, "app"), testing::sha256_digest("x")));
    EXPECT_FALSE(client.blob_exists(repository(registry, "other"), digest));
    for (const auto& request : registry.server().requests()) {
        EXPECT_EQ(request.method, "HEAD");
    }
}

TEST_F(PushTest, MountAsksForBothRepositoriesInTheToken) {
    FakeRegistry registry(FakeRegistry::Auth::bearer);
    const std::string digest = registry.add_blob("library/base", k_layer);
    registry.start();
    log_in_as_alice(registry);
    Client client(options());

    EXPECT_TRUE(client.mount_blob(repository(registry, "team/app"), digest,
                                  repository(registry, "library/base")));

    EXPECT_EQ(registry.blob("team/app", digest), k_layer);
    const auto tokens = registry.requests_to("/token");
    ASSERT_EQ(tokens.size(), 1U);
    std::vector<std::string> scopes;
    for (auto [it, end] = tokens[0].params.equal_range("scope"); it != end; ++it) {
        scopes.push_back(it->second);
    }
    EXPECT_EQ(scopes, (std::vector<std::string>{"repository:team/app:pull,push",
                                                "repository:library/base:pull"}));
    const auto post = registry.requests_with("POST").back();
    EXPECT_EQ(post.params.find("mount")->second, digest);
    EXPECT_EQ(post.params.find("from")->second, "library/base");
}

TEST_F(PushTest, RefusedMountCancelsTheUploadItOpened) {
    FakeRegistry registry;
    registry.mount_enabled = false;
    const std::string digest = registry.add_blob("library/base", k_layer);
    registry.start();
    Client client(options());

    EXPECT_FALSE(client.mount_blob(repository(registry, "app"), digest,
                                   repository(registry, "library/base")));

    EXPECT_FALSE(registry.blob("app", digest));
    const auto deletes = registry.requests_with("DELETE");
    ASSERT_EQ(deletes.size(), 1U);
    EXPECT_EQ(deletes[0].path, "/v2/app/blobs/uploads/upload-1");
}

TEST_F(PushTest, MountFromAnotherRegistryIsNotAttempted) {
    FakeRegistry registry;
    registry.start();
    Client client(options());
    const reference::Reference elsewhere{"registry.test", "app", std::nullopt, std::nullopt};

    EXPECT_FALSE(
        client.mount_blob(repository(registry, "app"), testing::sha256_digest(k_layer), elsewhere));
    EXPECT_TRUE(registry.server().requests().empty());
}

TEST_F(PushTest, ManifestIsPutByTagWithItsMediaType) {
    FakeRegistry registry(FakeRegistry::Auth::bearer);
    const std::string config = registry.add_blob("app", "{}");
    const std::string layer = registry.add_blob("app", k_layer);
    registry.start();
    log_in_as_alice(registry);
    Client client(options());
    const std::string manifest = manifest_of(config, layer);

    const std::string digest =
        client.put_manifest(repository(registry, "app", "1"), k_oci_manifest, manifest);

    EXPECT_EQ(digest, testing::sha256_digest(manifest));
    EXPECT_EQ(registry.manifest("app", "1"), manifest);
    EXPECT_EQ(registry.manifest_media_type("app", "1"), k_oci_manifest);
    EXPECT_EQ(registry.requests_to("/token").at(0).params.find("scope")->second,
              "repository:app:pull,push");
}

TEST_F(PushTest, PushAfterPullAsksForAPushToken) {
    FakeRegistry registry(FakeRegistry::Auth::bearer);
    const std::string config = registry.add_blob("app", "{}");
    registry.start();
    log_in_as_alice(registry);
    Client client(options());

    client.get_blob(repository(registry, "app"), config);
    client.put_blob(repository(registry, "app"), testing::sha256_digest(k_layer), k_layer);

    const auto tokens = registry.requests_to("/token");
    ASSERT_EQ(tokens.size(), 2U);
    EXPECT_EQ(tokens[0].params.find("scope")->second, "repository:app:pull");
    EXPECT_EQ(tokens[1].params.find("scope")->second, "repository:app:pull,push");
    EXPECT_EQ(registry.blob("app", testing::sha256_digest(k_layer)), k_layer);
}

TEST_F(PushTest, ManifestByDigestMustMatchItsBytes) {
    FakeRegistry registry;
    registry.start();
    Client client(options());
    reference::Reference target = repository(registry, "app");
    target.digest = testing::sha256_digest("something else");

    const Error error = error_of([&] { client.put_manifest(target, k_oci_manifest, "{}"); });

    EXPECT_EQ(error.kind(), ErrorKind::bad_input);
    EXPECT_TRUE(registry.server().requests().empty());
}

TEST_F(PushTest, StatedDigestOtherThanTheBytesIsTampered) {
    FakeRegistry registry;
    registry.server().server().Put(
        "/v2/app/manifests/1", [](const httplib::Request&, httplib::Response& response) {
            response.status = 201;
            response.set_header("Docker-Content-Digest", "sha256:" + std::string(64, 'e'));
        });
    registry.start();
    Client client(options());

    const Error error = error_of(
        [&] { client.put_manifest(repository(registry, "app", "1"), k_oci_manifest, "{}"); });

    EXPECT_EQ(error.kind(), ErrorKind::tampered);
    EXPECT_NE(std::string(error.what()).find("stored other content"), std::string::npos);
}

TEST_F(PushTest, ManifestWithMissingBlobsIsRefusedWithTheRegistrysWords) {
    FakeRegistry registry;
    registry.start();
    Client client(options());
    const std::string manifest =
        manifest_of(testing::sha256_digest("{}"), testing::sha256_digest(k_layer));

    const Error error = error_of(
        [&] { client.put_manifest(repository(registry, "app", "1"), k_oci_manifest, manifest); });

    EXPECT_EQ(error.kind(), ErrorKind::network);
    EXPECT_NE(std::string(error.what())
                  .find("answered HTTP 400 from http://" + registry.host() +
                        "/v2/app/manifests/1: MANIFEST_BLOB_UNKNOWN: unknown blob"),
              std::string::npos)
        << error.what();
}

TEST_F(PushTest, PushWithoutCredentialsIsUnauthorized) {
    FakeRegistry registry(FakeRegistry::Auth::basic);
    registry.start();
    Client client(options());

    const Error error = error_of([&] {
        client.put_blob(repository(registry, "app"), testing::sha256_digest(k_layer), k_layer);
    });

    EXPECT_EQ(error.kind(), ErrorKind::unauthorized);
    EXPECT_NE(std::string(error.what()).find("401 unauthorized"), std::string::npos);
    EXPECT_EQ(registry.blob_count(), 0U);
}

} // namespace
} // namespace tc::registry
