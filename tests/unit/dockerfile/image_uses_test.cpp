// Which images a Dockerfile makes BuildKit pull, with exact values: stages versus images,
// global ARGs and build args, COPY --from, RUN --mount, ONBUILD, syntax, and the errors.

#include "dockerfile/image_uses.hpp"
#include "util/error.hpp"
#include "util/files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace tc::dockerfile {
namespace {

using Uses = std::vector<std::string>;

// "kind image @line" plus " [platform]" when there is one.
Uses describe(const std::vector<ImageUse>& uses) {
    Uses out;
    for (const ImageUse& use : uses) {
        std::string text = std::string(use_kind_name(use.kind)) + " " + use.image + " @" +
                           std::to_string(use.line);
        if (!use.platform.empty()) {
            text += " [" + use.platform + "]";
        }
        out.push_back(text);
    }
    return out;
}

Uses uses_of(const std::string& content, const std::map<std::string, std::string>& args = {}) {
    return describe(find_image_uses(content, "Dockerfile", BuildInputs{args}));
}

// Asserts a bad_input error whose message starts with `prefix` ("Dockerfile:<line>: ...").
void expect_error(const std::string& content, const std::string& prefix,
                  const std::map<std::string, std::string>& args = {}) {
    try {
        find_image_uses(content, "Dockerfile", BuildInputs{args});
        ADD_FAILURE() << "no error for: " << content;
    } catch (const util::Error& e) {
        EXPECT_EQ(e.kind(), util::ErrorKind::bad_input);
        EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
    }
}

TEST(ImageUses, MultiStageWithArgFedFromOverriddenByBuildArg) {
    const std::string dockerfile = "ARG BASE=alpine:3.19\n"
                                   "ARG TAG\n"
                                   "FROM ${BASE} AS build\n"
                                   "RUN make\n"
                                   "FROM debian:${TAG:-12}\n"
                                   "COPY --from=build /out /out\n";

    EXPECT_EQ(uses_of(dockerfile), (Uses{"from alpine:3.19 @3", "from debian:12 @5"}));
    EXPECT_EQ(uses_of(dockerfile, {{"BASE", "evil:1"}, {"TAG", "sid"}}),
              (Uses{"from evil:1 @3", "from debian:sid @5"}));
}

TEST(ImageUses, EmptyDefaultRegistryPrefix) {
    const std::string dockerfile = "ARG REG=\nFROM ${REG}busybox:1 AS b\n";

    EXPECT_EQ(uses_of(dockerfile), Uses{"from busybox:1 @2"});
    EXPECT_EQ(uses_of(dockerfile, {{"REG", "registry.example/"}}),
              Uses{"from registry.example/busybox:1 @2"});
}

TEST(ImageUses, BuildArgsOnlyReachDeclaredArgs) {
    // An undeclared build arg is invisible; a stage ARG does not reach FROM either.
    const std::string dockerfile = "FROM img${X}\nARG Y=1\nFROM img${Y}\n";
    EXPECT_EQ(uses_of(dockerfile, {{"X", "evil"}, {"Y", "2"}}),
              (Uses{"from img @1", "from img @3"}));
}

TEST(ImageUses, GlobalArgDefaultsSeeEarlierArgs) {
    EXPECT_EQ(uses_of("ARG A=x\nARG B=${A}/y\nFROM $B\n"), Uses{"from x/y @3"});
    EXPECT_EQ(uses_of("ARG A=x\nARG A\nFROM $A\n"), Uses{"from x @3"});
}

TEST(ImageUses, AutomaticPlatformArgs) {
    const std::string dockerfile =
        "FROM --platform=$BUILDPLATFORM tool:${TARGETARCH}${TARGETVARIANT}"
        " AS t\nFROM base:${TARGETOS}-${TARGETSTAGE}\n";

    EXPECT_EQ(uses_of(dockerfile),
              (Uses{"from tool:amd64 @1 [linux/amd64]", "from base:linux-default @2"}));
    EXPECT_EQ(
        uses_of(dockerfile,
                {{"TARGETARCH", "arm"}, {"TARGETVARIANT", "v7"}, {"BUILDPLATFORM", "linux/arm64"}}),
        (Uses{"from tool:armv7 @1 [linux/arm64]", "from base:linux-default @2"}));
}

TEST(ImageUses, PlatformFlagIsExpandedWithGlobalArgs) {
    EXPECT_EQ(uses_of("ARG P=linux/arm64\nFROM --platform=${P} a\n"),
              Uses{"from a @2 [linux/arm64]"});
}

TEST(ImageUses, StageNamesAreLowercasedAndOnlyEarlierStagesCount) {
    const std::string dockerfile = "FROM later AS first\n"
                                   "FROM alpine AS Later\n"
                                   "FROM later\n"
                                   "FROM Later\n";

    EXPECT_EQ(uses_of(dockerfile), (Uses{"from later @1", "from alpine @2", "from Later @4"}));
}

TEST(ImageUses, ScratchIsNothing) {
    EXPECT_EQ(uses_of("FROM scratch\nCOPY --from=scratch / /\n"), Uses{});
}

TEST(ImageUses, CopyFrom) {
    const std::string dockerfile = "FROM golang AS builder\n"
                                   "FROM alpine\n"
                                   "COPY --from=builer /a /a\n"
                                   "COPY --from=BUILDER /b /b\n"
                                   "COPY --from=0 /c /c\n"
                                   "COPY --from=late /d /d\n"
                                   "COPY --from=nginx:1 /e /e\n"
                                   "FROM busybox AS late\n";

    EXPECT_EQ(uses_of(dockerfile), (Uses{"from golang @1", "from alpine @2", "copy-from builer @3",
                                         "copy-from nginx:1 @7", "from busybox @8"}));
}

TEST(ImageUses, CopyFromIndexCountsEarlierImageSources) {
    // Sources that are not stages join BuildKit's list, so index 1 of a one-stage file is
    // the image added by the line before; index 2 does not exist.
    EXPECT_EQ(uses_of("FROM a\nCOPY --from=img / /\nCOPY --from=1 / /\n"),
              (Uses{"from a @1", "copy-from img @2"}));
    expect_error("FROM a\nCOPY --from=img / /\nCOPY --from=2 / /\n",
                 "Dockerfile:3: invalid stage index 2");
    expect_error("FROM a\nCOPY --from=-1 / /\n", "Dockerfile:2: invalid stage index -1");
}

TEST(ImageUses, RunMounts) {
    const std::string dockerfile = "FROM alpine AS base\n"
                                   "RUN --mount=type=cache,from=img,target=/x make\n"
                                   "RUN --mount=from=tool:2,target=/t \\\n"
                                   "    --mount=type=bind,from=Base,target=/b make\n"
                                   "RUN --mount=type=secret,id=token cat /run/secrets/token\n"
                                   "RUN --mount=type=cache,target=/root/.cache make\n"
                                   "RUN --mount=\"from=quoted,target=/q\" make\n";

    EXPECT_EQ(uses_of(dockerfile), (Uses{"from alpine @1", "mount-from img @2",
                                         "mount-from tool:2 @3", "mount-from quoted @7"}));
}

TEST(ImageUses, MountFromIsLookedUpByNameOnly) {
    // Unlike COPY --from, BuildKit resolves a mount's from= by stage name, never by index.
    EXPECT_EQ(uses_of("FROM a\nRUN --mount=from=0,target=/x true\n"),
              (Uses{"from a @1", "mount-from 0 @2"}));
}

TEST(ImageUses, ContinuationAcrossCommentLine) {
    EXPECT_EQ(uses_of("FROM \\\n# x\nevil\n"), Uses{"from evil @1"});
}

TEST(ImageUses, HeredocBodyIsNotAnInstruction) {
    EXPECT_EQ(uses_of("FROM ok\nRUN <<EOF\nFROM evil\nEOF\nCOPY <<A <<B /x\nFROM e1\nA\n"
                      "FROM e2\nB\nFROM next\n"),
              (Uses{"from ok @1", "from next @10"}));
}

TEST(ImageUses, SyntaxDirective) {
    EXPECT_EQ(uses_of("# syntax=docker/dockerfile:1\nFROM a\n"),
              (Uses{"syntax docker/dockerfile:1 @1", "from a @2"}));
    EXPECT_EQ(uses_of("#syntax = x\nFROM a\n"), (Uses{"syntax x @1", "from a @2"}));
    EXPECT_EQ(uses_of("  # syntax=x\nFROM a\n"), Uses{"from a @2"});
    EXPECT_EQ(uses_of("\xEF\xBB\xBF# syntax=fe:1 --opt\nFROM a\n"),
              (Uses{"syntax fe:1 @1", "from a @2"}));
    EXPECT_EQ(uses_of("# syntax=dockerfile.v0\nFROM a\n"), Uses{"from a @2"});
}

TEST(ImageUses, BuildkitSyntaxBuildArgWinsWithLineZero) {
    const std::string dockerfile = "# syntax=docker/dockerfile:1\nFROM a\n";

    EXPECT_EQ(uses_of(dockerfile, {{"BUILDKIT_SYNTAX", " evil/fe:2 --x"}}),
              (Uses{"syntax evil/fe:2 @0", "from a @2"}));
    EXPECT_EQ(uses_of(dockerfile, {{"BUILDKIT_SYNTAX", "dockerfile.v0"}}), Uses{"from a @2"});
    expect_error(dockerfile, "Dockerfile:0: the syntax", {{"BUILDKIT_SYNTAX", " "}});
}

TEST(ImageUses, BacktickEscape) {
    EXPECT_EQ(uses_of("# escape=`\nFROM `\n  mcr.microsoft.com/windows:ltsc`\n2022\n"
                      "RUN dir c:\\\nFROM b\n"),
              (Uses{"from mcr.microsoft.com/windows:ltsc2022 @2", "from b @6"}));
}

TEST(ImageUses, ByteOrderMark) {
    EXPECT_EQ(uses_of("\xEF\xBB\xBF"
                      "FROM a\n"),
              Uses{"from a @1"});
}

TEST(ImageUses, OnbuildTriggers) {
    const std::string dockerfile = "FROM a AS base\n"
                                   "ONBUILD COPY --from=img /x /x\n"
                                   "ONBUILD RUN --mount=from=tool,target=/t make\n"
                                   "ONBUILD COPY --from=base /y /y\n"
                                   "ONBUILD COPY --from=3 /z /z\n"
                                   "ONBUILD RUN <<EOF\nFROM evil\nEOF\n"
                                   "FROM base\n";

    EXPECT_EQ(uses_of(dockerfile), (Uses{"from a @1", "copy-from img @2", "mount-from tool @3"}));
}

TEST(ImageUses, OnbuildTriggerIsReparsedWithTheDefaultEscape) {
    // BuildKit stores the trigger text and parses it again later with `\` as escape.
    EXPECT_EQ(uses_of("# escape=`\nFROM a\nONBUILD COPY --from=ev\\il / /\n"),
              (Uses{"from a @2", "copy-from evil @3"}));
}

TEST(ImageUses, RealWorldMultiStageFile) {
    const std::filesystem::path file = std::filesystem::path(TC_PEERS_DIR) / "awesome-compose" /
                                       "nginx-flask-mysql" / "backend" / "Dockerfile";
    EXPECT_EQ(describe(find_image_uses(util::read_file(file), "Dockerfile", {})),
              (Uses{"syntax docker/dockerfile:1.4 @1", "from python:3.10-alpine @2 [linux/amd64]",
                    "copy-from gloursdocker/docker @33"}));
}

TEST(ImageUses, EveryAwesomeComposeDockerfileHasABaseImage) {
    const std::filesystem::path root = std::filesystem::path(TC_PEERS_DIR) / "awesome-compose";
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.path().filename() != "Dockerfile") {
            continue;
        }
        SCOPED_TRACE(entry.path().string());
        const std::vector<ImageUse> uses =
            find_image_uses(util::read_file(entry.path()), "Dockerfile", {});
        const bool has_from = std::any_of(uses.begin(), uses.end(), [](const ImageUse& use) {
            return use.kind == UseKind::from;
        });
        EXPECT_TRUE(has_from);
        ++files;
    }
    EXPECT_EQ(files, 27);
}

TEST(ImageUses, KindNames) {
    EXPECT_EQ(use_kind_name(UseKind::from), "from");
    EXPECT_EQ(use_kind_name(UseKind::copy_from), "copy-from");
    EXPECT_EQ(use_kind_name(UseKind::mount_from), "mount-from");
    EXPECT_EQ(use_kind_name(UseKind::syntax), "syntax");
}

TEST(ImageUses, Errors) {
    expect_error("ARG E=\nFROM $E\n", "Dockerfile:2: base name ($E) should not be blank");
    expect_error("FROM a\n\nFROM ${E:?no_base}\n", "Dockerfile:3: failed to expand");
    expect_error("ARG P=\nFROM --platform=$P a\n", "Dockerfile:2: empty platform value");
    expect_error("FROM a\nADD --from=img /x /x\n", "Dockerfile:2: unknown flag: --from");
    expect_error("FROM a\nONBUILD ADD --from=img / /\n", "Dockerfile:2: unknown flag: --from");
    expect_error("FROM a\nCOPY --from=$X / /\n", "Dockerfile:2: variable expansion");
    expect_error("FROM a\nCOPY --from=x --from=y / /\n", "Dockerfile:2: duplicate flag");
    expect_error("FROM a\nRUN --mount=from=$X,target=/x true\n", "Dockerfile:2: mount from=");
    expect_error("FROM a\nRUN --mount=type=secret,id=t,from=img true\n",
                 "Dockerfile:2: a secret mount cannot have from");
    expect_error("FROM a\nRUN --mount=from=a\\\"b,target=/x true\n", "Dockerfile:2: bare \"");
    expect_error("FROM a b\n", "Dockerfile:1: FROM requires either one or three");
    expect_error("FROM a AS 1st\n", "Dockerfile:1: invalid name for build stage");
    expect_error("FROM --pull=always a\n", "Dockerfile:1: unknown flag: --pull");
    expect_error("RUN x\nFROM a\n", "Dockerfile:1: no build stage");
    expect_error("ARG =x\nFROM a\n", "Dockerfile:1: ARG names can not be blank");
    expect_error("FROM a\nARG B =x\n", "Dockerfile:2: ARG names can not be blank");
    expect_error("ARG A\n", "Dockerfile:1: the Dockerfile has no FROM");
    expect_error("FROM a\nFORM b\n", "Dockerfile:2: unknown instruction: FORM");
    expect_error("FROM a\nONBUILD FROM b\n", "Dockerfile:2: FROM isn't allowed");
    expect_error("FROM a\nONBUILD ONBUILD RUN x\n", "Dockerfile:2: chaining ONBUILD");
    expect_error("FROM a\nRUN <<EOF\nFROM evil\n", "Dockerfile:2: unterminated heredoc");
    expect_error("# syntax=a\n# syntax=b\nFROM a\n", "Dockerfile:2: only one syntax");
}

} // namespace
} // namespace tc::dockerfile

namespace tc::dockerfile {
namespace {

TEST(ImageUsesHostile, DeepNestingIsAnErrorNotACrash) {
    std::string operand = "evil/x:1";
    for (int i = 0; i < 10000; ++i) {
        operand = "${A:-" + operand + "}";
    }
    try {
        find_image_uses("FROM " + operand + "\n", "Dockerfile", {});
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_NE(std::string(error.what()).find("Dockerfile:1:"), std::string::npos);
        EXPECT_NE(std::string(error.what()).find("nest more than 200 deep"), std::string::npos);
    }
}

TEST(ImageUsesHostile, ExponentialArgsAreCut) {
    std::string content = "ARG A0=xxxxxxxxxxxxxxxx\n";
    for (int i = 0; i < 40; ++i) {
        content += "ARG A" + std::to_string(i + 1) + "=${A" + std::to_string(i) + "}${A" +
                   std::to_string(i) + "}\n";
    }
    content += "FROM ${A40}\n";
    try {
        find_image_uses(content, "Dockerfile", {});
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_NE(std::string(error.what()).find("more than 1 MiB"), std::string::npos);
    }
}

} // namespace
} // namespace tc::dockerfile
