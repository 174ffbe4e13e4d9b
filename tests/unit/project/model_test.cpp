#include "project/model.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tc::project {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(UnescapeDollars, UndoesComposeEscaping) {
    EXPECT_EQ(unescape_dollars("a$$b"), "a$b");
    EXPECT_EQ(unescape_dollars("$${X}"), "${X}");
    EXPECT_EQ(unescape_dollars("$$$$"), "$$");
    EXPECT_EQ(unescape_dollars("plain$"), "plain$");
}

TEST(ParseModelJson, ReadsEveryImageBearingField) {
    auto model = parse_model_json(R"({
      "name": "demo",
      "services": {
        "web": {"image": "nginx:$$1", "platform": "linux/arm64", "pull_policy": "always",
                "profiles": ["x"],
                "pre_start": [{"image": "busybox:1", "command": ["true"]}],
                "volumes": [{"type": "image", "source": "data:1", "target": "/d"},
                            {"type": "bind", "source": "/tmp", "target": "/t"}]},
        "app": {"build": {"context": "/p/app", "dockerfile": "Dockerfile.dev",
                          "args": {"A": "1", "UNSET": null}, "target": "dev",
                          "additional_contexts": {"base": "docker-image://alpine:3"},
                          "cache_from": ["type=registry,ref=cache:1"],
                          "platforms": ["linux/amd64"]}}
      }
    })");
    EXPECT_EQ(model.name, "demo");
    ASSERT_EQ(model.services.size(), 2u);
    EXPECT_EQ(model.services[0].name, "app"); // sorted by name
    const auto& build = *model.services[0].build;
    EXPECT_EQ(build.context, "/p/app");
    EXPECT_EQ(build.dockerfile, "Dockerfile.dev");
    EXPECT_THAT(build.args, ElementsAre(Pair("A", "1")));
    EXPECT_EQ(build.target, "dev");
    EXPECT_THAT(build.additional_contexts, ElementsAre(Pair("base", "docker-image://alpine:3")));
    EXPECT_THAT(build.cache_from, ElementsAre("type=registry,ref=cache:1"));
    EXPECT_THAT(build.platforms, ElementsAre("linux/amd64"));

    const auto& web = model.services[1];
    EXPECT_EQ(web.image, "nginx:$1");
    EXPECT_EQ(web.platform, "linux/arm64");
    EXPECT_EQ(web.pull_policy, "always");
    EXPECT_THAT(web.pre_start_images, ElementsAre("busybox:1"));
    EXPECT_THAT(web.image_volume_sources, ElementsAre("data:1"));
    EXPECT_THAT(web.profiles, ElementsAre("x"));
}

TEST(ParseModelYaml, ReadsComposeV1Output) {
    auto model = parse_model_yaml(R"(services:
  db:
    image: postgres:$${TAG}
  web:
    build:
      context: /p/web
      args:
        BASE: busybox:1
version: '3.8'
)");
    ASSERT_EQ(model.services.size(), 2u);
    EXPECT_EQ(model.services[0].image, "postgres:${TAG}");
    EXPECT_EQ(model.services[1].build->context, "/p/web");
    EXPECT_THAT(model.services[1].build->args, ElementsAre(Pair("BASE", "busybox:1")));
}

TEST(ParseModelJson, BuildAsStringIsTheContext) {
    auto model = parse_model_json(R"({"services": {"s": {"build": "/ctx"}}})");
    EXPECT_EQ(model.services[0].build->context, "/ctx");
}

TEST(ParseModelJson, WrongTypeNamesTheField) {
    try {
        parse_model_json(R"({"services": {"s": {"image": 5}}})");
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::compose);
        EXPECT_THAT(error.what(), ::testing::HasSubstr("services.s.image is not a string"));
    }
}

TEST(ParseModelJson, NotJsonIsRefused) {
    EXPECT_THROW(parse_model_json("services: {}"), util::Error);
}

TEST(BuildSection, KnowsRemoteContexts) {
    BuildSection build;
    for (const char* remote : {"https://github.com/a/b.git", "git@github.com:a/b.git",
                               "github.com/a/b", "http://host/ctx.tar"}) {
        build.context = remote;
        EXPECT_TRUE(build.has_remote_context()) << remote;
    }
    build.context = "/home/me/app";
    EXPECT_FALSE(build.has_remote_context());
}

} // namespace
} // namespace tc::project
