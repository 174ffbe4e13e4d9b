#include "cli/arguments.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tc::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(SplitArguments, ServiceNamedLikeCommandStaysAnArgument) {
    auto invocation = split_arguments({"pull", "config"});
    EXPECT_THAT(invocation.command_and_arguments, ElementsAre("pull", "config"));
    EXPECT_THAT(invocation.global.compose_flags, IsEmpty());
}

TEST(SplitArguments, ValueFlagsConsumeTheirValue) {
    auto invocation = split_arguments(
        {"-f", "a.yml", "--file=b.yml", "-pconfig", "--profile", "build", "up", "-d", "build"});
    EXPECT_THAT(invocation.global.files, ElementsAre("a.yml", "b.yml"));
    EXPECT_EQ(invocation.global.project_name, "config");
    EXPECT_THAT(invocation.global.profiles, ElementsAre("build"));
    EXPECT_THAT(invocation.global.compose_flags,
                ElementsAre("-f", "a.yml", "--file=b.yml", "-pconfig", "--profile", "build"));
    EXPECT_THAT(invocation.command_and_arguments, ElementsAre("up", "-d", "build"));
}

TEST(SplitArguments, ShortFlagWithEquals) {
    auto invocation = split_arguments({"-f=x.yml", "ps"});
    EXPECT_THAT(invocation.global.files, ElementsAre("x.yml"));
    EXPECT_THAT(invocation.command_and_arguments, ElementsAre("ps"));
}

TEST(SplitArguments, BooleanFlagsTakeNothing) {
    auto invocation = split_arguments({"--dry-run", "--compatibility", "config", "--services"});
    EXPECT_THAT(invocation.global.compose_flags, ElementsAre("--dry-run", "--compatibility"));
    EXPECT_THAT(invocation.command_and_arguments, ElementsAre("config", "--services"));
}

TEST(SplitArguments, DockerFlagsAreKeptApart) {
    auto invocation = split_arguments({"-H", "unix:///x.sock", "--tls", "-p", "demo", "ps"});
    EXPECT_THAT(invocation.global.docker_flags, ElementsAre("-H", "unix:///x.sock", "--tls"));
    EXPECT_THAT(invocation.global.compose_flags, ElementsAre("-p", "demo"));
}

TEST(SplitArguments, OwnOptionsAreConsumed) {
    auto invocation =
        split_arguments({"--compose", "docker-compose", "--registry-ca-file=ca.crt",
                         "--local-registry", "127.0.0.1:5001", "-f", "c.yml", "trust", "images"});
    EXPECT_EQ(invocation.own.compose, "docker-compose");
    EXPECT_EQ(invocation.own.registry_ca_file, "ca.crt");
    EXPECT_EQ(invocation.own.local_registry, "127.0.0.1:5001");
    EXPECT_THAT(invocation.global.compose_flags, ElementsAre("-f", "c.yml"));
    EXPECT_THAT(invocation.command_and_arguments, ElementsAre("trust", "images"));
}

TEST(SplitArguments, VerboseIsOurs) {
    auto invocation = split_arguments({"--verbose", "-f", "c.yml", "pull"});
    EXPECT_TRUE(invocation.own.verbose);
    EXPECT_THAT(invocation.global.compose_flags, ElementsAre("-f", "c.yml"));
}

TEST(SplitArguments, HelpBeforeTheCommandIsOurs) {
    EXPECT_TRUE(split_arguments({"--help"}).own.help);
    auto invocation = split_arguments({"up", "--help"});
    EXPECT_FALSE(invocation.own.help);
    EXPECT_THAT(invocation.command_and_arguments, ElementsAre("up", "--help"));
}

TEST(SplitArguments, VersionFlagGoesToCompose) {
    auto invocation = split_arguments({"--version"});
    EXPECT_THAT(invocation.global.compose_flags, ElementsAre("--version"));
    EXPECT_THAT(invocation.command_and_arguments, IsEmpty());
}

TEST(SplitArguments, UnknownFlagIsRefusedByName) {
    try {
        split_arguments({"--frobnicate", "up"});
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_THAT(error.what(), HasSubstr("\"--frobnicate\""));
    }
}

TEST(SplitArguments, MissingValueIsRefused) {
    try {
        split_arguments({"-f"});
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_THAT(error.what(), HasSubstr("\"-f\" needs a value"));
    }
}

TEST(SplitArguments, BooleanWithValueIsRefused) {
    EXPECT_THROW(split_arguments({"--dry-run=yes", "up"}), util::Error);
}

TEST(SplitArguments, BooleanMaySayTrueOrFalse) {
    auto invocation = split_arguments({"--dry-run=true", "--compatibility=false", "up"});
    EXPECT_THAT(invocation.global.compose_flags,
                ElementsAre("--dry-run=true", "--compatibility=false"));
    EXPECT_THAT(invocation.command_and_arguments, ElementsAre("up"));
}

} // namespace
} // namespace tc::cli
