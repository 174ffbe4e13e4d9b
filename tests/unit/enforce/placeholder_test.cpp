#include "enforce/placeholder.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tc::enforce {
namespace {

using ::testing::HasSubstr;

project::ImageUse use(const std::string& service, const std::string& reference, int line) {
    project::ImageUse image_use;
    image_use.service = service;
    image_use.kind = project::UseKind::image;
    image_use.reference = reference;
    image_use.written = reference;
    image_use.file = "/p/compose.yaml";
    image_use.line = line;
    return image_use;
}

TEST(PlaceholderValue, IsTheRegistryAndASlash) {
    EXPECT_EQ(placeholder_value("localhost:5000"), "localhost:5000/");
}

TEST(PlaceImages, PairsRemoteAndLocalNames) {
    auto placed = place_images({use("web", "registry.test/library/busybox:1", 3),
                                use("db", "docker.io/library/redis:7", 5)},
                               {use("web", "localhost:5000/registry.test/library/busybox:1", 3),
                                use("db", "localhost:5000/redis:7", 5)},
                               "localhost:5000");
    ASSERT_EQ(placed.size(), 2u);
    EXPECT_EQ(placed[0].remote.str(), "registry.test/library/busybox:1");
    EXPECT_EQ(placed[0].local.str(), "localhost:5000/registry.test/library/busybox:1");
    EXPECT_EQ(placed[1].remote.str(), "docker.io/library/redis:7");
    EXPECT_EQ(placed[1].local.str(), "localhost:5000/redis:7");
}

TEST(PlaceImages, ImageWithoutThePlaceholderIsRefusedByPlace) {
    try {
        place_images({use("web", "docker.io/library/nginx:1", 7)},
                     {use("web", "docker.io/library/nginx:1", 7)}, "localhost:5000");
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_THAT(error.what(), HasSubstr("/p/compose.yaml:7: service web"));
        EXPECT_THAT(error.what(), HasSubstr("does not start with ${DOCKER_REGISTRY}"));
        EXPECT_THAT(error.what(), HasSubstr("from docker.io unverified"));
    }
}

TEST(PlaceImages, PlaceholderThatChangesTheUsesIsRefused) {
    EXPECT_THROW(place_images({use("web", "a:1", 1)}, {}, "localhost:5000"), util::Error);
    EXPECT_THROW(place_images({use("web", "a:1", 1)}, {use("web", "localhost:5000/a:1", 2)},
                              "localhost:5000"),
                 util::Error);
}

TEST(PlaceImages, AnotherLocalRegistryIsNotTheLocalOne) {
    EXPECT_THROW(place_images({use("web", "a:1", 1)}, {use("web", "localhost:5001/a:1", 1)},
                              "localhost:5000"),
                 util::Error);
}

} // namespace
} // namespace tc::enforce
