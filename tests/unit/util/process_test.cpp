#include "util/error.hpp"
#include "util/process.hpp"

#include <gtest/gtest.h>

namespace tc::util {
namespace {

ProcessSpec command(std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.argv = std::move(argv);
    return spec;
}

TEST(RunCaptured, CapturesBothStreamsAndTheExitCode) {
    auto result = run_captured(command({"sh", "-c", "echo out; echo err >&2; exit 3"}));
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(result.standard_output, "out\n");
    EXPECT_EQ(result.standard_error, "err\n");
}

TEST(RunCaptured, ArgumentsAreNeverShellParsed) {
    auto result = run_captured(command({"printf", "%s|", "a b", "$(id)", ";rm -rf /"}));
    EXPECT_EQ(result.standard_output, "a b|$(id)|;rm -rf /|");
}

TEST(RunCaptured, FeedsStandardInputAndUsesEnvironmentAndWorkdir) {
    Environment environment;
    environment.set("GREETING", "hi");
    environment.set("PATH", "/usr/bin:/bin");
    ProcessSpec spec{
        {"sh", "-c", "cat; echo \"$GREETING\"; pwd"}, environment, "/tmp", "from stdin\n"};
    auto result = run_captured(spec);
    EXPECT_EQ(result.standard_output, "from stdin\nhi\n/tmp\n");
}

TEST(RunCaptured, LargeOutputOnBothStreamsDoesNotDeadlock) {
    auto result = run_captured(command({"sh", "-c",
                                        "head -c 300000 /dev/zero; "
                                        "head -c 300000 /dev/zero >&2"}));
    EXPECT_EQ(result.standard_output.size(), 300000u);
    EXPECT_EQ(result.standard_error.size(), 300000u);
}

TEST(RunCaptured, SignalIsReportedLikeAShell) {
    EXPECT_EQ(run_captured(command({"sh", "-c", "kill -9 $$"})).exit_code, 137);
}

TEST(RunCaptured, MissingProgramIsAnError) {
    EXPECT_THROW(run_captured(command({"/nonexistent/program"})), Error);
}

TEST(RunInheriting, ReturnsTheExitCode) {
    EXPECT_EQ(run_inheriting(command({"sh", "-c", "exit 42"})), 42);
}

TEST(ProgramExists, LooksOnPath) {
    EXPECT_TRUE(program_exists("sh"));
    EXPECT_FALSE(program_exists("no-such-program-here"));
}

} // namespace
} // namespace tc::util
