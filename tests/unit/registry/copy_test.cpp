#include "registry/copy.hpp"
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
constexpr const char* k_oci_index = "application/vnd.oci.image.index.v1+json";

/// An image manifest naming a config and layers by digest.
std::string manifest_of(const std::string& config, const std::vector<std::string>& layers) {
    std::string text = R"({"schemaVersion":2,"mediaType":")" + std::string(k_oci_manifest) +
                       R"(","config":{"mediaType":"application/vnd.oci.image.config.v1+json",)" +
                       R"("digest":")" + config + R"(","size":2},"layers":[)";
    for (std::size_t i = 0; i < layers.size(); ++i) {
        text += std::string(i == 0 ? "" : ",") +
                R"({"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":")" + layers[i] +
                R"(","size":1})";
    }
    return text + "]}";
}

std::string index_of(const std::vector<std::string>& children) {
    std::string text =
        R"({"schemaVersion":2,"mediaType":")" + std::string(k_oci_index) + R"(","manifests":[)";
    for (std::size_t i = 0; i < children.size(); ++i) {
        text += std::string(i == 0 ? "" : ",") + R"({"mediaType":")" + k_oci_manifest +
                R"(","digest":")" + children[i] + R"(","size":1})";
    }
    return text + "]}";
}

/// A source registry holding one image, library/app:1, made of a config and two layers.
struct SourceImage {
    FakeRegistry registry;
    std::string config;
    std::vector<std::string> layers;
    std::string manifest;
    std::string digest;

    SourceImage() {
        config = registry.add_blob("library/app", R"({"architecture":"amd64"})");
        layers = {registry.add_blob("library/app", "layer one"),
                  registry.add_blob("library/app", "layer two")};
        manifest = manifest_of(config, layers);
        digest = registry.add_manifest("library/app", "1", k_oci_manifest, manifest);
    }

    reference::Reference from() const { return {registry.host(), "library/app", "1", {}}; }
};

/// Each test declares its clients after its registries: a client must close its kept-alive
/// connections before a registry's server stops, or the server waits out the keep-alive.
class CopyTest : public ::testing::Test {
protected:
    void SetUp() override { unsetenv("DOCKER_AUTH_CONFIG"); }

    ClientOptions options() const {
        ClientOptions options;
        options.docker_config_dir = m_config.path();
        return options;
    }

    static reference::Reference to(const FakeRegistry& registry) {
        return {registry.host(), "mirror/app", "1", std::nullopt};
    }

    TempDir m_config;
};

TEST_F(CopyTest, SinglePlatformImageArrivesByteForByte) {
    SourceImage source;
    source.registry.start();
    FakeRegistry destination;
    destination.start();
    Client source_client(options());
    Client destination_client(options());

    const CopyResult result = copy_image(source_client, source.from(), source.digest,
                                         destination_client, to(destination));

    EXPECT_EQ(result.digest, source.digest);
    EXPECT_EQ(result.manifests, std::vector<std::string>{source.digest});
    EXPECT_EQ(result.blobs_uploaded,
              (std::vector<std::string>{source.config, source.layers[0], source.layers[1]}));
    EXPECT_TRUE(result.blobs_skipped.empty());
    EXPECT_EQ(result.bytes_uploaded, std::string(R"({"architecture":"amd64"})").size() + 18);
    EXPECT_EQ(destination.manifest("mirror/app", "1"), source.manifest);
    EXPECT_EQ(destination.manifest("mirror/app", source.digest), source.manifest);
    EXPECT_EQ(destination.manifest_media_type("mirror/app", "1"), k_oci_manifest);
    EXPECT_EQ(destination.blob("mirror/app", source.layers[1]), "layer two");
    EXPECT_EQ(destination.blob_count(), 3U);

    // The manifest comes by digest from the source, and the tag is the destination's last write.
    EXPECT_EQ(source.registry.requests_to("/v2/library/app/manifests/").at(0).path,
              "/v2/library/app/manifests/" + source.digest);
    EXPECT_EQ(destination.server().requests().back().path, "/v2/mirror/app/manifests/1");
}

TEST_F(CopyTest, IndexBringsItsChildrenFirst) {
    FakeRegistry source;
    const std::string shared = source.add_blob("library/app", "shared layer");
    std::vector<std::string> children;
    for (const std::string arch : {"amd64", "arm64"}) {
        const std::string config = source.add_blob("library/app", "{\"arch\":\"" + arch + "\"}");
        const std::string layer = source.add_blob("library/app", "layer for " + arch);
        children.push_back(source.add_manifest("library/app", arch, k_oci_manifest,
                                               manifest_of(config, {shared, layer})));
    }
    const std::string index = index_of(children);
    const std::string digest = source.add_manifest("library/app", "1", k_oci_index, index);
    source.start();
    FakeRegistry destination;
    destination.start();
    Client source_client(options());
    Client destination_client(options());
    const reference::Reference from{source.host(), "library/app", std::nullopt, std::nullopt};

    const CopyResult result =
        copy_image(source_client, from, digest, destination_client, to(destination));

    EXPECT_EQ(result.manifests, (std::vector<std::string>{children[0], children[1], digest}));
    EXPECT_EQ(result.blobs_uploaded.size(), 5U); // the shared layer once
    EXPECT_EQ(destination.manifest("mirror/app", "1"), index);
    EXPECT_EQ(destination.manifest_media_type("mirror/app", "1"), k_oci_index);
    EXPECT_TRUE(destination.manifest("mirror/app", children[0]));
    EXPECT_TRUE(destination.manifest("mirror/app", children[1]));
    EXPECT_FALSE(destination.manifest("mirror/app", "amd64")); // children are not tagged

    std::vector<std::string> manifest_puts;
    for (const auto& request : destination.requests_with("PUT")) {
        if (request.path.find("/manifests/") != std::string::npos) {
            manifest_puts.push_back(request.path);
        }
    }
    EXPECT_EQ(manifest_puts, (std::vector<std::string>{"/v2/mirror/app/manifests/" + children[0],
                                                       "/v2/mirror/app/manifests/" + children[1],
                                                       "/v2/mirror/app/manifests/1"}));
}

TEST_F(CopyTest, BlobsTheDestinationHoldsAreSkipped) {
    SourceImage source;
    source.registry.start();
    FakeRegistry destination;
    destination.add_blob("mirror/app", "layer one");
    destination.start();
    Client source_client(options());
    Client destination_client(options());

    const CopyResult result = copy_image(source_client, source.from(), source.digest,
                                         destination_client, to(destination));

    EXPECT_EQ(result.blobs_skipped, std::vector<std::string>{source.layers[0]});
    EXPECT_EQ(result.blobs_uploaded.size(), 2U);
    EXPECT_TRUE(source.registry.requests_to("/v2/library/app/blobs/" + source.layers[0]).empty());
    EXPECT_EQ(destination.manifest("mirror/app", "1"), source.manifest);
}

TEST_F(CopyTest, TamperedLayerFailsAndNothingIsTagged) {
    SourceImage source;
    source.registry.add_tampered_blob("library/app", source.layers[1], "evil layer");
    source.registry.start();
    FakeRegistry destination;
    destination.start();
    Client source_client(options());
    Client destination_client(options());

    const Error error = error_of([&] {
        copy_image(source_client, source.from(), source.digest, destination_client,
                   to(destination));
    });

    EXPECT_EQ(error.kind(), ErrorKind::tampered);
    EXPECT_EQ(std::string(error.what()),
              "failed to copy " + source.registry.host() + "/library/app@" + source.digest +
                  " to " + destination.host() + "/mirror/app:1: failed to fetch blob " +
                  source.layers[1] + " of " + source.registry.host() +
                  "/library/app: " + source.registry.host() + " served other content: expected " +
                  source.layers[1] + ", got " + testing::sha256_digest("evil layer"));
    EXPECT_EQ(destination.manifest_entries(), 0U);
    EXPECT_FALSE(destination.blob("mirror/app", source.layers[1]));
    for (const auto& request : destination.requests_with("PUT")) {
        EXPECT_EQ(request.path.find("/manifests/"), std::string::npos) << request.path;
    }
}

TEST_F(CopyTest, ManifestOtherThanItsDigestFailsBeforeAnyWrite) {
    SourceImage source;
    source.registry.add_tampered_manifest("library/app", source.digest, k_oci_manifest,
                                          manifest_of(source.config, {source.layers[0]}));
    source.registry.start();
    FakeRegistry destination;
    destination.start();
    Client source_client(options());
    Client destination_client(options());

    const Error error = error_of([&] {
        copy_image(source_client, source.from(), source.digest, destination_client,
                   to(destination));
    });

    EXPECT_EQ(error.kind(), ErrorKind::tampered);
    EXPECT_TRUE(destination.server().requests().empty());
}

TEST_F(CopyTest, TamperedChildFailsBeforeAnyWrite) {
    FakeRegistry source;
    const std::string child = manifest_of(source.add_blob("app", "{}"), {});
    const std::string child_digest = testing::sha256_digest(child);
    source.add_tampered_manifest("app", child_digest, k_oci_manifest, child + " ");
    const std::string digest =
        source.add_manifest("app", "1", k_oci_index, index_of({child_digest}));
    source.start();
    FakeRegistry destination;
    destination.start();
    Client source_client(options());
    Client destination_client(options());
    const reference::Reference from{source.host(), "app", std::nullopt, std::nullopt};

    const Error error = error_of(
        [&] { copy_image(source_client, from, digest, destination_client, to(destination)); });

    EXPECT_EQ(error.kind(), ErrorKind::tampered);
    EXPECT_TRUE(destination.server().requests().empty());
}

TEST_F(CopyTest, UnauthorizedDestinationFails) {
    SourceImage source;
    source.registry.start();
    FakeRegistry destination(FakeRegistry::Auth::basic);
    destination.start();
    Client source_client(options());
    Client destination_client(options());

    const Error error = error_of([&] {
        copy_image(source_client, source.from(), source.digest, destination_client,
                   to(destination));
    });

    EXPECT_EQ(error.kind(), ErrorKind::unauthorized);
    EXPECT_NE(std::string(error.what()).find("no credentials for " + destination.host()),
              std::string::npos)
        << error.what();
    EXPECT_EQ(destination.manifest_entries(), 0U);
}

TEST_F(CopyTest, WithinOneRegistryBlobsAreMounted) {
    SourceImage source;
    source.registry.start();
    Client source_client(options());
    Client destination_client(options());

    const CopyResult result = copy_image(source_client, source.from(), source.digest,
                                         destination_client, to(source.registry));

    EXPECT_EQ(result.blobs_mounted.size(), 3U);
    EXPECT_TRUE(result.blobs_uploaded.empty());
    EXPECT_TRUE(source.registry.requests_to("/v2/library/app/blobs/").empty());
    EXPECT_EQ(source.registry.manifest("mirror/app", "1"), source.manifest);
}

TEST_F(CopyTest, RefusedMountFallsBackToUpload) {
    SourceImage source;
    source.registry.mount_enabled = false;
    source.registry.location_style = FakeRegistry::LocationStyle::with_query;
    source.registry.start();
    Client source_client(options());
    Client destination_client(options());

    const CopyResult result = copy_image(source_client, source.from(), source.digest,
                                         destination_client, to(source.registry));

    EXPECT_TRUE(result.blobs_mounted.empty());
    EXPECT_EQ(result.blobs_uploaded.size(), 3U);
    EXPECT_EQ(source.registry.manifest("mirror/app", "1"), source.manifest);
}

TEST_F(CopyTest, AbsoluteUploadLocationsWork) {
    SourceImage source;
    source.registry.start();
    FakeRegistry destination;
    destination.location_style = FakeRegistry::LocationStyle::absolute;
    destination.start();
    Client source_client(options());
    Client destination_client(options());

    copy_image(source_client, source.from(), source.digest, destination_client, to(destination));

    EXPECT_EQ(destination.manifest("mirror/app", "1"), source.manifest);
}

} // namespace
} // namespace tc::registry
