// The lexical rules of the parser that decide which text is an instruction: continuations,
// comments inside them, escape characters, heredocs, line numbers and parse errors.

#include "dockerfile/parser.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tc::dockerfile {
namespace {

std::vector<std::string> keywords(const ParsedDockerfile& parsed) {
    std::vector<std::string> out;
    for (const Instruction& instruction : parsed.instructions) {
        out.push_back(lowercase_keyword(instruction));
    }
    return out;
}

// Asserts that parsing fails with bad_input and a message starting with `prefix`.
void expect_parse_error(const std::string& content, const std::string& prefix) {
    try {
        parse_dockerfile(content, "Dockerfile");
        ADD_FAILURE() << "no error for: " << content;
    } catch (const util::Error& e) {
        EXPECT_EQ(e.kind(), util::ErrorKind::bad_input);
        EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
    }
}

TEST(Parser, LineNumbersSpanContinuations) {
    const ParsedDockerfile parsed =
        parse_dockerfile("# c\n\nFROM a\nRUN x \\\n  y\n\nCOPY . /\n", "Dockerfile");
    ASSERT_EQ(parsed.instructions.size(), 3u);
    EXPECT_EQ(parsed.instructions[0].start_line, 3);
    EXPECT_EQ(parsed.instructions[1].start_line, 4);
    EXPECT_EQ(parsed.instructions[1].end_line, 5);
    EXPECT_EQ(parsed.instructions[1].args, std::vector<std::string>{"x   y"});
    EXPECT_EQ(parsed.instructions[2].start_line, 7);
}

TEST(Parser, CommentAndEmptyLinesInsideAContinuationAreDropped) {
    const ParsedDockerfile parsed = parse_dockerfile("FROM \\\n# x\n\nevil\n", "Dockerfile");
    ASSERT_EQ(parsed.instructions.size(), 1u);
    EXPECT_EQ(parsed.instructions[0].args, std::vector<std::string>{"evil"});
    EXPECT_EQ(parsed.instructions[0].end_line, 4);
}

TEST(Parser, EscapedEscapeDoesNotContinue) {
    const ParsedDockerfile parsed = parse_dockerfile("FROM a\nRUN x \\\\\nFROM b\n", "Dockerfile");
    EXPECT_EQ(keywords(parsed), (std::vector<std::string>{"from", "run", "from"}));
}

TEST(Parser, BacktickEscapeDirective) {
    const ParsedDockerfile parsed =
        parse_dockerfile("# escape=`\nFROM `\n  img\nRUN dir c:\\\nFROM b\n", "Dockerfile");
    EXPECT_EQ(parsed.escape, U'`');
    ASSERT_EQ(keywords(parsed), (std::vector<std::string>{"from", "run", "from"}));
    EXPECT_EQ(parsed.instructions[0].args, std::vector<std::string>{"img"});
    ASSERT_EQ(parsed.directives.size(), 1u);
    EXPECT_EQ(parsed.directives[0].line, 1);
}

TEST(Parser, DirectiveWithLeadingBlanksStillSetsEscape) {
    // The parser trims the line before looking for directives (detection of syntax does not).
    const ParsedDockerfile parsed = parse_dockerfile("  # escape=`\nFROM `\nimg\n", "Dockerfile");
    EXPECT_EQ(parsed.escape, U'`');
    EXPECT_EQ(parsed.instructions[0].args, std::vector<std::string>{"img"});
}

TEST(Parser, ByteOrderMarkIsDropped) {
    const ParsedDockerfile parsed = parse_dockerfile("\xEF\xBB\xBF"
                                                     "FROM a\n",
                                                     "Dockerfile");
    EXPECT_EQ(parsed.instructions[0].keyword, "FROM");
}

TEST(Parser, CrlfLineEnds) {
    const ParsedDockerfile parsed = parse_dockerfile(
        "FROM a\r\nRUN x \\\r\n  y\r\nRUN <<EOF\r\nFROM evil\r\nEOF\r\nFROM b\r\n", "Dockerfile");
    ASSERT_EQ(keywords(parsed), (std::vector<std::string>{"from", "run", "run", "from"}));
    EXPECT_EQ(parsed.instructions[1].args, std::vector<std::string>{"x   y"});
    EXPECT_EQ(parsed.instructions[3].args, std::vector<std::string>{"b"});
}

TEST(Parser, HeredocBodyIsNotParsed) {
    const ParsedDockerfile parsed = parse_dockerfile(
        "FROM a\nRUN <<EOF\nFROM evil\nEOF\nCOPY <<-X /y\n\tFROM evil2\n\tX\n", "Dockerfile");
    ASSERT_EQ(keywords(parsed), (std::vector<std::string>{"from", "run", "copy"}));
    ASSERT_EQ(parsed.instructions[1].heredocs.size(), 1u);
    EXPECT_EQ(parsed.instructions[1].heredocs[0].content, "FROM evil\n");
    EXPECT_EQ(parsed.instructions[1].end_line, 4);
    EXPECT_TRUE(parsed.instructions[2].heredocs[0].chomp);
    EXPECT_EQ(parsed.instructions[2].end_line, 7);
}

TEST(Parser, SeveralHeredocsOnOneLineAndQuotedWords) {
    const ParsedDockerfile parsed = parse_dockerfile(
        "FROM a\nRUN <<A cat - <<'B'\n$x\nA\nFROM evil\nB\nFROM c\n", "Dockerfile");
    ASSERT_EQ(keywords(parsed), (std::vector<std::string>{"from", "run", "from"}));
    const std::vector<Heredoc>& heredocs = parsed.instructions[1].heredocs;
    ASSERT_EQ(heredocs.size(), 2u);
    EXPECT_EQ(heredocs[0].name, "A");
    EXPECT_TRUE(heredocs[0].expand);
    EXPECT_EQ(heredocs[1].name, "B");
    EXPECT_FALSE(heredocs[1].expand);
    EXPECT_EQ(heredocs[1].content, "FROM evil\n");
    EXPECT_EQ(parsed.instructions[2].start_line, 7);
}

TEST(Parser, HeredocInsideOnbuildButNotInJsonForm) {
    const ParsedDockerfile parsed = parse_dockerfile(
        "FROM a\nONBUILD RUN <<E\nFROM evil\nE\nRUN [\"sh\", \"<<F\"]\nFROM b\n", "Dockerfile");
    ASSERT_EQ(keywords(parsed), (std::vector<std::string>{"from", "onbuild", "run", "from"}));
    EXPECT_EQ(parsed.instructions[1].heredocs.size(), 1u);
    EXPECT_TRUE(parsed.instructions[2].json);
    EXPECT_TRUE(parsed.instructions[2].heredocs.empty());
}

TEST(Parser, HeredocOnlyForRunCopyAdd) {
    const ParsedDockerfile parsed = parse_dockerfile("FROM a\nCMD <<E\nFROM b\nE\n", "Dockerfile");
    EXPECT_EQ(keywords(parsed), (std::vector<std::string>{"from", "cmd", "from", "e"}));
}

TEST(Parser, JsonArrayForm) {
    const ParsedDockerfile parsed =
        parse_dockerfile("FROM a\nCOPY [\"x y\", \"/z\"]\nCMD [\"a\",\n", "Dockerfile");
    EXPECT_TRUE(parsed.instructions[1].json);
    EXPECT_EQ(parsed.instructions[1].args, (std::vector<std::string>{"x y", "/z"}));
    EXPECT_FALSE(parsed.instructions[2].json);
}

TEST(Parser, FlagsAreUnquoted) {
    const ParsedDockerfile parsed =
        parse_dockerfile("FROM a\nCOPY --from=\"b c\" --chown=1 -- --x /y\n", "Dockerfile");
    EXPECT_EQ(parsed.instructions[1].flags, (std::vector<std::string>{"--from=b c", "--chown=1"}));
    EXPECT_EQ(parsed.instructions[1].args, (std::vector<std::string>{"--x", "/y"}));
}

TEST(Parser, OnbuildStoresItsTrigger) {
    const ParsedDockerfile parsed =
        parse_dockerfile("FROM a\nONBUILD COPY --from=img / /\n", "Dockerfile");
    ASSERT_EQ(parsed.instructions[1].trigger.size(), 1u);
    EXPECT_EQ(parsed.instructions[1].trigger[0].flags, std::vector<std::string>{"--from=img"});
}

TEST(Parser, Errors) {
    expect_parse_error("FROM a\nRUN <<EOF\nno end\n", "Dockerfile:2: unterminated heredoc");
    expect_parse_error("# escape=x\nFROM a\n", "Dockerfile:1: invalid escape token");
    expect_parse_error("# escape=`\n# escape=\\\nFROM a\n", "Dockerfile:2: only one escape");
    expect_parse_error("# syntax=a\n# Syntax=b\nFROM a\n", "Dockerfile:2: only one syntax");
    expect_parse_error("FROM a\nCMD [\"a\", 1]\n", "Dockerfile:2: a JSON array");
    expect_parse_error("FROM a\nENV X\n", "Dockerfile:2: ENV needs");
    expect_parse_error("", "Dockerfile:1: file with no instructions");
    expect_parse_error("# only\n\n", "Dockerfile:2: file with no instructions");
}

TEST(Parser, LineOffsetShiftsNumbers) {
    const ParsedDockerfile parsed = parse_dockerfile("FROM a\n", "Dockerfile", 9);
    EXPECT_EQ(parsed.instructions[0].start_line, 10);
}

} // namespace
} // namespace tc::dockerfile
