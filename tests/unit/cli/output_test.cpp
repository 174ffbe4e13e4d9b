#include "cli/output.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tc::cli {
namespace {

std::vector<project::ImageUse> sample_uses() {
    return {
        {"db", project::UseKind::image, "docker.io/library/redis:7.2", "redis:7.2",
         "/p/compose.yaml", 4, ""},
        {"web", project::UseKind::copy_from, "docker.io/library/busybox:1", "busybox:1",
         "/p/web/Dockerfile", 7, "linux/arm64"},
    };
}

TEST(FormatUsesJson, HoldsEveryField) {
    auto json = nlohmann::json::parse(format_uses_json(sample_uses()));
    ASSERT_EQ(json.size(), 2u);
    EXPECT_EQ(json[0]["service"], "db");
    EXPECT_EQ(json[0]["kind"], "image");
    EXPECT_EQ(json[0]["reference"], "docker.io/library/redis:7.2");
    EXPECT_EQ(json[0]["file"], "/p/compose.yaml");
    EXPECT_EQ(json[0]["line"], 4);
    EXPECT_FALSE(json[0].contains("platform"));
    EXPECT_EQ(json[1]["kind"], "copy-from");
    EXPECT_EQ(json[1]["platform"], "linux/arm64");
}

TEST(FormatUsesTable, AlignsColumnsAndShortensPaths) {
    EXPECT_EQ(format_uses_table(sample_uses(), "/p"),
              "SERVICE  KIND       REFERENCE                    WHERE\n"
              "db       image      docker.io/library/redis:7.2  compose.yaml:4\n"
              "web      copy-from  docker.io/library/busybox:1  web/Dockerfile:7\n");
}

TEST(FormatUsesTable, EscapesControlCharactersOfFileNames) {
    auto uses = sample_uses();
    uses[0].file = "/p/D\x1b]0;PWNED\x07";
    auto text = format_uses_table(uses, "/p");
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    EXPECT_NE(text.find("D\\x1b]0;PWNED\\x07:4"), std::string::npos);
}

TEST(FormatUsesTable, KeepsPathsOutsideTheDirectory) {
    auto text = format_uses_table(sample_uses(), "/elsewhere");
    EXPECT_NE(text.find("/p/compose.yaml:4"), std::string::npos);
}

} // namespace
} // namespace tc::cli
