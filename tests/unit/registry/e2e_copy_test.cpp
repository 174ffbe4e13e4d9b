// End to end against the local test world (scripts/test-env): copies a verified image from
// the TLS registry with a login to the plain-HTTP local registry. Skipped unless the world's
// environment (`eval "$(scripts/test-env env)"`) is set.

#include "registry/base64.hpp"
#include "registry/copy.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tc::registry {
namespace {

std::string environment(const char* name, const std::string& fallback = "") {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : fallback;
}

TEST(EndToEndCopy, VerifiedImageReachesTheLocalRegistryUnderItsTag) {
    const std::string remote = environment("TC_TEST_REGISTRY");
    if (remote.empty()) {
        GTEST_SKIP() << "TC_TEST_REGISTRY is not set; run eval \"$(scripts/test-env env)\"";
    }
    const std::string local = environment("TC_LOCAL_REGISTRY", "localhost:5000");

    // Credentials from the world's environment go into a private docker config; without them
    // the real ~/.docker/config.json (a docker login) is used.
    testing::TempDir config;
    ClientOptions options;
    const std::string user = environment("TC_TEST_REGISTRY_USER");
    if (!user.empty()) {
        const std::string auth =
            base64_encode(user + ":" + environment("TC_TEST_REGISTRY_PASSWORD"));
        config.write("config.json", R"({"auths":{")" + remote + R"(":{"auth":")" + auth + "\"}}}");
        options.docker_config_dir = config.path();
    }
    if (const std::string ca = environment("TC_TEST_CA"); !ca.empty()) {
        options.extra_ca_file = ca;
    }
    unsetenv("DOCKER_AUTH_CONFIG");
    Client source(options);
    Client destination(options);

    // The digest the tag names now stands in for the one verification would have produced.
    const reference::Reference from{remote, "library/busybox", "1", std::nullopt};
    const std::string digest = source.get_manifest(from).digest;
    const reference::Reference to{local, remote + "/library/busybox", "1", std::nullopt};

    const CopyResult result = copy_image(source, from, digest, destination, to);

    EXPECT_EQ(result.digest, digest);
    EXPECT_EQ(destination.get_manifest(to).digest, digest);
    EXPECT_EQ(destination.head_manifest(to).digest, digest);
}

} // namespace
} // namespace tc::registry
