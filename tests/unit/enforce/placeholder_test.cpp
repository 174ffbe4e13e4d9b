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

namespace tc::enforce {
namespace {

using ::testing::HasSubstr;

project::Service service_named(const std::string& name, const std::string& image) {
    project::Service service;
    service.name = name;
    service.image = image;
    return service;
}

TEST(CheckComposePulls, LocalImagesAndBuildOnlyServicesPass) {
    project::Model model;
    model.services.push_back(service_named("web", "localhost:5000/registry.test/library/a:1"));
    auto built = service_named("app", "registry.test/me/app:1");
    built.build.emplace();
    built.pull_policy = "build";
    model.services.push_back(built);
    EXPECT_NO_THROW(check_compose_pulls(model, "localhost:5000"));
}

TEST(CheckComposePulls, EverythingComposeWouldPullUnverifiedIsNamed) {
    project::Model model;
    model.services.push_back(service_named("direct", "registry.test/library/a:1"));
    auto built = service_named("app", "registry.test/me/app:1");
    built.build.emplace();
    model.services.push_back(built);
    auto hooked = service_named("hooked", "localhost:5000/a:1");
    hooked.pre_start_images = {"busybox:1"};
    model.services.push_back(hooked);
    try {
        check_compose_pulls(model, "localhost:5000");
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_THAT(error.what(), HasSubstr("service direct: registry.test/library/a:1 does "
                                            "not start with ${DOCKER_REGISTRY}"));
        EXPECT_THAT(error.what(), HasSubstr("service app: compose may pull "
                                            "registry.test/me/app:1 before building it; add "
                                            "`pull_policy: build`"));
        EXPECT_THAT(error.what(), HasSubstr("service hooked: hook image busybox:1"));
    }
}

} // namespace
} // namespace tc::enforce
