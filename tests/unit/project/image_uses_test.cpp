#include "project/image_uses.hpp"
#include "support/temporary_directory.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tc::project {
namespace {

using ::testing::HasSubstr;
using testing::TemporaryDirectory;

LoadedProject project_of(const TemporaryDirectory& directory, std::vector<Service> services) {
    LoadedProject project;
    project.model.services = std::move(services);
    project.inputs.compose_files = {directory.path() / "compose.yaml"};
    return project;
}

TEST(CollectImageUses, ServiceImageWithItsLine) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services:\n  db:\n    image: redis:7.2\n");
    Service db;
    db.name = "db";
    db.image = "redis:7.2";
    auto uses = collect_image_uses(project_of(directory, {db}));
    ASSERT_EQ(uses.size(), 1u);
    EXPECT_EQ(uses[0].kind, UseKind::image);
    EXPECT_EQ(uses[0].reference, "docker.io/library/redis:7.2");
    EXPECT_EQ(uses[0].file, (directory.path() / "compose.yaml").string());
    EXPECT_EQ(uses[0].line, 3);
}

TEST(CollectImageUses, BuildingServiceListsItsDockerfileNotItsImage) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services: {}\n");
    directory.write("app/Dockerfile", "ARG BASE=busybox:1\nFROM ${BASE} AS b\n"
                                      "FROM alpine:3\nCOPY --from=b /x /x\n"
                                      "COPY --from=tools:2 /t /t\n");
    Service app;
    app.name = "app";
    app.image = "me/app:1";
    app.build.emplace();
    app.build->context = (directory.path() / "app").string();
    app.build->args = {{"BASE", "registry.test/library/busybox:1"}};
    app.build->additional_contexts = {{"alpine:3", "docker-image://alpine:3.20"}};
    auto uses = collect_image_uses(project_of(directory, {app}));
    ASSERT_EQ(uses.size(), 3u);
    EXPECT_EQ(uses[0].kind, UseKind::from);
    EXPECT_EQ(uses[0].reference, "registry.test/library/busybox:1");
    EXPECT_EQ(uses[0].line, 2);
    EXPECT_EQ(uses[1].kind, UseKind::copy_from);
    EXPECT_EQ(uses[1].reference, "docker.io/library/tools:2");
    EXPECT_EQ(uses[1].line, 5);
    // FROM alpine:3 is replaced by the named context, which is listed as the use.
    EXPECT_EQ(uses[2].kind, UseKind::context);
    EXPECT_EQ(uses[2].reference, "docker.io/library/alpine:3.20");
}

TEST(CollectImageUses, HooksVolumesAndCacheSources) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services: {}\n");
    directory.write("Dockerfile", "FROM scratch\n");
    Service app;
    app.name = "app";
    app.build.emplace();
    app.build->context = directory.path().string();
    app.build->cache_from = {"type=registry,ref=cache:1", "type=local,src=/c"};
    app.pre_start_images = {"busybox:1"};
    app.image_volume_sources = {"data:2"};
    auto uses = collect_image_uses(project_of(directory, {app}));
    ASSERT_EQ(uses.size(), 3u);
    EXPECT_EQ(uses[0].kind, UseKind::cache_from);
    EXPECT_EQ(uses[0].reference, "docker.io/library/cache:1");
    EXPECT_EQ(uses[1].kind, UseKind::hook);
    EXPECT_EQ(uses[2].kind, UseKind::volume);
    EXPECT_EQ(uses[2].reference, "docker.io/library/data:2");
}

TEST(CollectImageUses, InvalidReferenceNamesFileLineAndService) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services:\n  db:\n    image: Redis:7\n");
    Service db;
    db.name = "db";
    db.image = "Redis:7";
    try {
        collect_image_uses(project_of(directory, {db}));
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_THAT(error.what(), HasSubstr("compose.yaml:3: service db:"));
        EXPECT_THAT(error.what(), HasSubstr("Redis:7"));
    }
}

TEST(CollectImageUses, MissingDockerfileAndRemoteContextAreRefused) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services: {}\n");
    Service local;
    local.name = "app";
    local.build.emplace();
    local.build->context = directory.path().string();
    EXPECT_THROW(collect_image_uses(project_of(directory, {local})), util::Error);

    Service remote;
    remote.name = "app";
    remote.build.emplace();
    remote.build->context = "https://github.com/a/b.git#main";
    try {
        collect_image_uses(project_of(directory, {remote}));
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_THAT(error.what(), HasSubstr("service app: build context"));
        EXPECT_THAT(error.what(), HasSubstr("is remote"));
    }
}

TEST(CollectImageUses, InlineDockerfileIsRead) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services: {}\n");
    Service app;
    app.name = "app";
    app.build.emplace();
    app.build->context = directory.path().string();
    app.build->dockerfile_inline = "FROM busybox:1.36\n";
    auto uses = collect_image_uses(project_of(directory, {app}));
    ASSERT_EQ(uses.size(), 1u);
    EXPECT_EQ(uses[0].reference, "docker.io/library/busybox:1.36");
    EXPECT_EQ(uses[0].file, "services.app.build.dockerfile_inline");
    EXPECT_EQ(uses[0].line, 1);
}

} // namespace
} // namespace tc::project
