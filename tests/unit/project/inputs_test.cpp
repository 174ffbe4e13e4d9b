#include "project/inputs.hpp"
#include "support/temporary_directory.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

namespace tc::project {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using testing::TemporaryDirectory;

TEST(FindProjectInputs, V2PrefersComposeYamlAndAddsItsOverride) {
    TemporaryDirectory directory;
    auto main = directory.write("compose.yaml", "services: {}\n");
    directory.write("docker-compose.yml", "services: {}\n");
    auto override_file = directory.write("compose.override.yaml", "services: {}\n");

    auto inputs = find_project_inputs({}, engine::Dialect::v2, {}, directory.path());
    EXPECT_THAT(inputs.compose_files, ElementsAre(main, override_file));
    EXPECT_TRUE(inputs.complete);
    // A compose.override.yml appearing later would change the project.
    EXPECT_THAT(inputs.absent_files, Contains(directory.path() / "compose.override.yml"));
}

TEST(FindProjectInputs, V1PrefersDockerComposeYml) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services: {}\n");
    auto v1_main = directory.write("docker-compose.yml", "services: {}\n");
    auto inputs = find_project_inputs({}, engine::Dialect::v1, {}, directory.path());
    EXPECT_THAT(inputs.compose_files, ElementsAre(v1_main));
}

TEST(FindProjectInputs, SearchesParentDirectories) {
    TemporaryDirectory directory;
    auto main = directory.write("compose.yml", "services: {}\n");
    std::filesystem::create_directories(directory.path() / "a" / "b");
    auto inputs = find_project_inputs({}, engine::Dialect::v2, {}, directory.path() / "a" / "b");
    EXPECT_THAT(inputs.compose_files, ElementsAre(main));
    EXPECT_THAT(inputs.absent_files, Contains(directory.path() / "a" / "b" / "compose.yaml"));
}

TEST(FindProjectInputs, FileFlagsWinAndAreResolvedAgainstTheDirectory) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services: {}\n");
    auto one = directory.write("one.yml", "services: {}\n");
    auto two = directory.write("sub/two.yml", "services: {}\n");
    engine::GlobalFlags flags;
    flags.files = {"one.yml", "sub/two.yml"};
    auto inputs = find_project_inputs(flags, engine::Dialect::v2, {}, directory.path());
    EXPECT_THAT(inputs.compose_files, ElementsAre(one, two));
}

TEST(FindProjectInputs, ComposeFileVariableIsSplitOnTheSeparator) {
    TemporaryDirectory directory;
    auto one = directory.write("one.yml", "services: {}\n");
    auto two = directory.write("two.yml", "services: {}\n");
    util::Environment environment;
    environment.set("COMPOSE_FILE", "one.yml;two.yml");
    environment.set("COMPOSE_PATH_SEPARATOR", ";");
    auto inputs = find_project_inputs({}, engine::Dialect::v2, environment, directory.path());
    EXPECT_THAT(inputs.compose_files, ElementsAre(one, two));
}

TEST(FindProjectInputs, FollowsIncludeExtendsAndEnvFiles) {
    TemporaryDirectory directory;
    auto main = directory.write("compose.yaml", R"(include:
  - inc/included.yaml
  - path: [long/a.yaml]
    env_file: long/a.env
services:
  web:
    extends:
      file: base.yaml
      service: base
)");
    auto included = directory.write("inc/included.yaml", "services: {x: {extends: {file: "
                                                         "../deep.yaml, service: d}}}\n");
    auto deep = directory.write("deep.yaml", "services: {d: {image: busybox}}\n");
    auto long_a = directory.write("long/a.yaml", "services: {}\n");
    auto long_env = directory.write("long/a.env", "A=1\n");
    auto base = directory.write("base.yaml", "services: {base: {image: busybox}}\n");
    auto env = directory.write(".env", "TAG=1\n");

    auto inputs = find_project_inputs({}, engine::Dialect::v2, {}, directory.path());
    EXPECT_TRUE(inputs.complete);
    for (const auto& file : {main, included, deep, long_a, long_env, base, env}) {
        EXPECT_THAT(inputs.files, Contains(file));
    }
}

TEST(FindProjectInputs, RemoteOrInterpolatedPathsMakeInputsIncomplete) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "include:\n  - ${DIR}/x.yaml\n");
    EXPECT_FALSE(find_project_inputs({}, engine::Dialect::v2, {}, directory.path()).complete);

    engine::GlobalFlags flags;
    flags.files = {"oci://registry.test/app:1"};
    EXPECT_FALSE(find_project_inputs(flags, engine::Dialect::v2, {}, directory.path()).complete);
    flags.files = {"-"};
    EXPECT_FALSE(find_project_inputs(flags, engine::Dialect::v2, {}, directory.path()).complete);
}

TEST(FindProjectInputs, DotEnvChoosingComposeFilesMakesInputsIncomplete) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services: {}\n");
    directory.write(".env", "TAG=1\n");
    EXPECT_TRUE(find_project_inputs({}, engine::Dialect::v2, {}, directory.path()).complete);
    directory.write(".env", "TAG=1\nexport COMPOSE_FILE=other.yaml\n");
    EXPECT_FALSE(find_project_inputs({}, engine::Dialect::v2, {}, directory.path()).complete);
}

TEST(FindProjectInputs, WhatCannotBeFollowedMakesInputsIncomplete) {
    TemporaryDirectory directory;
    auto incomplete = [&](const std::string& compose, const std::string& env = "") {
        directory.write("compose.yaml", compose);
        directory.write(".env", env);
        return !find_project_inputs({}, engine::Dialect::v2, {}, directory.path()).complete;
    };
    EXPECT_FALSE(incomplete("services: {a: {image: x}}\n"));
    EXPECT_TRUE(incomplete("x: &b {extends: {file: b.yaml, service: b}}\n"
                           "services: {s: {<<: *b}}\n"));
    EXPECT_TRUE(incomplete("services: {a: {extends: {file: [a], service: x}}}\n"));
    EXPECT_TRUE(incomplete("include: [{path: [[a]]}]\n"));
    EXPECT_TRUE(incomplete("services: {}\n", "\xef\xbb\xbf"
                                             "COMPOSE_FILE=o.yaml\n"));
    EXPECT_TRUE(incomplete("services: {}\n", "export\tCOMPOSE_FILE=o.yaml\n"));
}

TEST(FindProjectInputs, FollowsEveryDocumentAndIncludedDotEnv) {
    TemporaryDirectory directory;
    directory.write("compose.yaml", "services: {}\n---\ninclude: [sub/inc.yaml]\n");
    auto included = directory.write("sub/inc.yaml", "services:\n  t:\n    image: ${IMG}\n");
    auto env = directory.write("sub/.env", "IMG=a:1\n");
    auto inputs = find_project_inputs({}, engine::Dialect::v2, {}, directory.path());
    EXPECT_TRUE(inputs.complete);
    EXPECT_THAT(inputs.files, Contains(included));
    EXPECT_THAT(inputs.files, Contains(env));
}

TEST(FindProjectInputs, FifoIsNotReadAndNotCached) {
    TemporaryDirectory directory;
    auto fifo = directory.path() / "fifo.yaml";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    engine::GlobalFlags flags;
    flags.files = {fifo.string()};
    EXPECT_FALSE(find_project_inputs(flags, engine::Dialect::v2, {}, directory.path()).complete);
    EXPECT_TRUE(
        find_image_locations(find_project_inputs(flags, engine::Dialect::v2, {}, directory.path()))
            .empty());
}

TEST(FindImageLocations, LastFileThatSetsTheImageWins) {
    TemporaryDirectory directory;
    auto main = directory.write("compose.yaml", "services:\n  web:\n    image: a\n  db:\n"
                                                "    image: b\n");
    auto override_file = directory.write("compose.override.yaml",
                                         "services:\n\n  web:\n    ports: []\n    image: c\n");
    auto inputs = find_project_inputs({}, engine::Dialect::v2, {}, directory.path());
    auto locations = find_image_locations(inputs);
    EXPECT_EQ(locations["web"].file, override_file);
    EXPECT_EQ(locations["web"].line, 5);
    EXPECT_EQ(locations["db"].file, main);
    EXPECT_EQ(locations["db"].line, 5);
}

} // namespace
} // namespace tc::project
