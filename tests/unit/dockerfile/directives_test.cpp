// Parser directives and `# syntax` detection, case by case from the table in
// shared/specs/compose.md §3.2 (BuildKit's DetectSyntax, run there as experiment E2).

#include "dockerfile/directives.hpp"
#include "dockerfile/syntax_error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tc::dockerfile {
namespace {

std::string detected_image(std::string_view content) {
    const std::optional<SyntaxDirective> syntax = detect_syntax(content);
    return syntax ? syntax->image : "<none>";
}

TEST(DetectSyntax, PlainDirective) {
    const std::optional<SyntaxDirective> syntax = detect_syntax("# syntax=evil/fe:1\nFROM a\n");
    ASSERT_TRUE(syntax);
    EXPECT_EQ(syntax->image, "evil/fe:1");
    EXPECT_EQ(syntax->cmdline, "evil/fe:1");
    EXPECT_EQ(syntax->line, 1);
}

TEST(DetectSyntax, ByteOrderMark) {
    EXPECT_EQ(detected_image("\xEF\xBB\xBF# syntax=evil/fe:1\nFROM a\n"), "evil/fe:1");
}

TEST(DetectSyntax, ShebangLineIsSkippedAndCounted) {
    const std::optional<SyntaxDirective> syntax =
        detect_syntax("#!/usr/bin/env buildctl\n# syntax=evil/fe:1\nFROM a\n");
    ASSERT_TRUE(syntax);
    EXPECT_EQ(syntax->image, "evil/fe:1");
    EXPECT_EQ(syntax->line, 2);
}

TEST(DetectSyntax, SlashSlashComment) {
    EXPECT_EQ(detected_image("// syntax=evil/fe:1\nFROM a\n"), "evil/fe:1");
}

TEST(DetectSyntax, JsonObject) {
    const std::optional<SyntaxDirective> syntax =
        detect_syntax("{\"syntax\": \"evil/fe:1 --x\", \"other\": 1}\n");
    ASSERT_TRUE(syntax);
    EXPECT_EQ(syntax->image, "evil/fe:1 --x"); // the JSON value is not split
    EXPECT_EQ(syntax->line, 1);
    EXPECT_EQ(detected_image("{\"syntax\": 1}"), "<none>");
    EXPECT_EQ(detected_image("{\"syntax\": \"a\"} trailing"), "<none>");
}

TEST(DetectSyntax, KeyCaseAndBlanks) {
    EXPECT_EQ(detected_image("#SYNTAX = evil/fe:1   \nFROM a\n"), "evil/fe:1");
    EXPECT_EQ(detected_image("#\tsyntax\t=\tevil/fe:1\nFROM a\n"), "evil/fe:1");
    EXPECT_EQ(detected_image("#syntax = x\nFROM a\n"), "x");
    // Go trims Unicode blanks after the comment sign, NBSP included.
    EXPECT_EQ(detected_image("#\xC2\xA0syntax=evil/fe:1\nFROM a\n"), "evil/fe:1");
}

TEST(DetectSyntax, AfterOtherDirectives) {
    EXPECT_EQ(detected_image("# check=skip=all\n# syntax=evil/fe:1\nFROM a\n"), "evil/fe:1");
    EXPECT_EQ(detected_image("# escape=`\n# syntax=evil/fe:1\nFROM a\n"), "evil/fe:1");
}

TEST(DetectSyntax, ArgumentsFollowTheImage) {
    const std::optional<SyntaxDirective> syntax =
        detect_syntax("# syntax=evil/fe:args --opt=1 foo\nFROM a\n");
    ASSERT_TRUE(syntax);
    EXPECT_EQ(syntax->image, "evil/fe:args");
    EXPECT_EQ(syntax->cmdline, "evil/fe:args --opt=1 foo");
}

TEST(DetectSyntax, NotDetected) {
    EXPECT_EQ(detected_image("# hello\n# syntax=evil/fe:1\nFROM a\n"), "<none>");
    EXPECT_EQ(detected_image("\n# syntax=evil/fe:1\nFROM a\n"), "<none>");
    EXPECT_EQ(detected_image("  # syntax=evil/fe:1\nFROM a\n"), "<none>");
    EXPECT_EQ(detected_image("# unknown=1\n# syntax=evil/fe:1\nFROM a\n"), "<none>");
    EXPECT_EQ(detected_image("FROM a\n# syntax=evil/fe:1\n"), "<none>");
    EXPECT_EQ(detected_image("# syntax=\nFROM a\n"), "<none>");
}

TEST(DetectSyntax, RepeatedKeyKeepsTheFirst) {
    // BuildKit stops at the repeated key and forwards to the first; the parser refuses it.
    EXPECT_EQ(detected_image("# syntax=a\n# syntax=b\nFROM x\n"), "a");
}

TEST(DirectiveReader, RepeatedKeyIsAnError) {
    DirectiveReader reader;
    EXPECT_TRUE(reader.read_line("# escape=`"));
    EXPECT_THROW(reader.read_line("# ESCAPE=\\"), SyntaxError);
}

TEST(DirectiveReader, BlockEndsAtFirstOtherLine) {
    DirectiveReader reader;
    const std::optional<Directive> check = reader.read_line("# Check = skip=all;error=true ");
    ASSERT_TRUE(check);
    EXPECT_EQ(check->name, "check");
    EXPECT_EQ(check->value, "skip=all;error=true");
    EXPECT_EQ(check->line, 1);

    EXPECT_FALSE(reader.read_line(""));
    EXPECT_FALSE(reader.read_line("# syntax=x"));
}

TEST(DirectiveReader, ValueOfBlanksKeepsOneBlank) {
    // Go's lazy regex leaves the last blank as the value.
    DirectiveReader reader;
    const std::optional<Directive> directive = reader.read_line("# syntax=  ");
    ASSERT_TRUE(directive);
    EXPECT_EQ(directive->value, " ");
}

} // namespace
} // namespace tc::dockerfile
