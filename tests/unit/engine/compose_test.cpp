#include "engine/compose.hpp"
#include "engine/invocation.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tc::engine {
namespace {

using ::testing::ElementsAre;

TEST(DialectOfVersion, MajorOneIsV1) {
    EXPECT_EQ(dialect_of_version("1.29.2\n"), Dialect::v1);
    EXPECT_EQ(dialect_of_version("v2.27.0"), Dialect::v2);
    EXPECT_EQ(dialect_of_version("5.6.0"), Dialect::v2);
    EXPECT_THROW(dialect_of_version("docker: unknown command"), util::Error);
}

TEST(ComposeArgv, PluginGetsDockerFlagsBeforeCompose) {
    Compose compose{{"docker", "compose"}, Dialect::v2, "5.6.0"};
    GlobalFlags flags;
    flags.docker_flags = {"-H", "unix:///s.sock"};
    flags.compose_flags = {"-f", "a.yml"};
    EXPECT_THAT(
        compose_argv(compose, flags, {"up", "-d"}),
        ElementsAre("docker", "-H", "unix:///s.sock", "compose", "-f", "a.yml", "up", "-d"));
}

TEST(ComposeArgv, StandaloneTakesAllFlagsItself) {
    Compose compose{{"docker-compose"}, Dialect::v1, "1.29.2"};
    GlobalFlags flags;
    flags.docker_flags = {"--tls"};
    flags.compose_flags = {"-p", "x"};
    EXPECT_THAT(compose_argv(compose, flags, {"ps"}),
                ElementsAre("docker-compose", "--tls", "-p", "x", "ps"));
}

TEST(LocateCompose, OverrideThatDoesNotAnswerIsRefused) {
    try {
        locate_compose(std::string("/nonexistent/compose"));
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::compose);
        EXPECT_THAT(error.what(), ::testing::HasSubstr("/nonexistent/compose"));
    }
}

} // namespace
} // namespace tc::engine
