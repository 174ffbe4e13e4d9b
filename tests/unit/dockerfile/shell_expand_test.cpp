// Variable expansion against BuildKit's vectors (frontend/dockerfile/shell/envVarTest and
// wordsTest), plus the pattern operators and options those files do not cover.

#include "dockerfile/shell_expand.hpp"
#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"
#include "util/files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace tc::dockerfile {
namespace {

namespace fs = std::filesystem;

const fs::path vectors_dir = fs::path(TC_PEERS_DIR) / "buildkit-dockerfile" / "shell";

std::vector<std::string> split(const std::string& s, char separator) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    for (std::size_t end; (end = s.find(separator, begin)) != std::string::npos; begin = end + 1) {
        parts.push_back(s.substr(begin, end - begin));
    }
    parts.push_back(s.substr(begin));
    return parts;
}

std::string trim(std::string_view s) {
    return std::string(text::trim_space(s));
}

TEST(EnvVarVectors, EveryUnixAndCommonVectorExpandsAsInBuildkit) {
    // The environment BuildKit's own test sets up for this file.
    const Environment env = {
        {"PWD", "/home"}, {"SHELL", "bash"}, {"KOREAN", "한국어"}, {"NULL", ""}};
    std::istringstream lines(util::read_file(vectors_dir / "envVarTest"));
    int line_number = 0;
    int checked = 0;

    for (std::string line; std::getline(lines, line);) {
        ++line_number;
        if (line.rfind('#', 0) == 0 || trim(line).empty()) {
            continue;
        }
        const std::vector<std::string> fields = split(trim(line), '|');
        ASSERT_EQ(fields.size(), 3u) << "line " << line_number;
        const std::string platform = trim(fields[0]);
        const std::string input = trim(fields[1]);
        const std::string expected = trim(fields[2]);
        if (platform == "W") {
            continue; // Windows-only: names are case-insensitive there
        }

        SCOPED_TRACE("envVarTest line " + std::to_string(line_number) + ": " + input);
        if (expected == "error") {
            EXPECT_THROW(expand_word(input, env), SyntaxError);
        } else {
            EXPECT_EQ(expand_word(input, env), expected);
        }
        ++checked;
    }
    EXPECT_GT(checked, 200);
}

TEST(WordsVectors, EveryVectorSplitsAsInBuildkit) {
    Environment env;
    std::istringstream lines(util::read_file(vectors_dir / "wordsTest"));
    int line_number = 0;
    int checked = 0;

    for (std::string line; std::getline(lines, line);) {
        ++line_number;
        if (line.rfind('#', 0) == 0) {
            continue;
        }
        if (line.rfind("ENV ", 0) == 0) {
            const std::string entry = line.substr(line.find_first_not_of(' ', 3));
            const std::size_t equals = entry.find('=');
            env[entry.substr(0, equals)] = entry.substr(equals + 1);
            continue;
        }
        const std::vector<std::string> fields = split(line, '|');
        ASSERT_EQ(fields.size(), 2u) << "line " << line_number;
        const std::string input = trim(fields[0]);
        const std::vector<std::string> expected =
            split(fields[1].substr(fields[1].find_first_not_of(' ')), ',');

        SCOPED_TRACE("wordsTest line " + std::to_string(line_number) + ": " + input);
        std::vector<std::string> words;
        try {
            words = expand_words(input, env);
        } catch (const SyntaxError&) {
            words = {"error"};
        }
        EXPECT_EQ(words, expected);
        ++checked;
    }
    EXPECT_EQ(checked, 24);
}

TEST(ShellExpand, MandatoryVariablesReportTheirMessage) {
    const Environment set = {{"VAR", "plain"}, {"ARG", "x"}};
    const Environment empty = {{"VAR", ""}, {"ARG", "x"}};
    const Environment unset = {{"ARG", "x"}};

    EXPECT_EQ(expand_word("${VAR:?message here$ARG}", set), "plain");
    EXPECT_EQ(expand_word("${VAR?message here$ARG}", empty), "");
    for (const Environment* env : {&empty, &unset}) {
        try {
            expand_word("${VAR:?message here$ARG}", *env);
            ADD_FAILURE() << "no error";
        } catch (const SyntaxError& e) {
            EXPECT_NE(std::string(e.what()).find("message herex"), std::string::npos);
        }
    }
    EXPECT_THROW(expand_word("${VAR?message here$ARG}", unset), SyntaxError);
}

TEST(ShellExpand, PrefixAndSuffixRemoval) {
    const Environment env = {{"P", "docker.io/library/alpine:3.19"}, {"N", "a\nb"}};

    EXPECT_EQ(expand_word("${P#*/}", env), "library/alpine:3.19");
    EXPECT_EQ(expand_word("${P##*/}", env), "alpine:3.19");
    EXPECT_EQ(expand_word("${P%:*}", env), "docker.io/library/alpine");
    EXPECT_EQ(expand_word("${P%%/*}", env), "docker.io");
    EXPECT_EQ(expand_word("${P#docker.io/}", env), "library/alpine:3.19");
    EXPECT_EQ(expand_word("${P#?ocker}", env), ".io/library/alpine:3.19");
    EXPECT_EQ(expand_word("${P%x}", env), "docker.io/library/alpine:3.19");
    EXPECT_EQ(expand_word("${UNSET#a}", env), "");
    // Wildcards come from Go regexps, where `.` does not match a newline.
    EXPECT_EQ(expand_word("${N#*b}", env), "a\nb");
    EXPECT_THROW(expand_word("${P:#x}", env), SyntaxError);
    EXPECT_THROW(expand_word("${P#\\x}", env), SyntaxError);
}

TEST(ShellExpand, Replacement) {
    const Environment env = {{"V", "a-b-c"}};

    EXPECT_EQ(expand_word("${V/-/_}", env), "a_b-c");
    EXPECT_EQ(expand_word("${V//-/_}", env), "a_b_c");
    EXPECT_EQ(expand_word("${V/*-/x}", env), "xc");
    EXPECT_EQ(expand_word("${V//?/x}", env), "xxxxx");
    EXPECT_EQ(expand_word("${UNSET/a/b}", env), "");
    EXPECT_THROW(expand_word("${V/a", env), SyntaxError);
}

TEST(ShellExpand, EscapeCharacterIsConfigurable) {
    const Environment env = {{"X", "1"}};
    const LexOptions backtick{U'`', false, false, false};

    EXPECT_EQ(expand_word("a`$X", env, backtick), "a$X");
    EXPECT_EQ(expand_word("a\\$X", env, backtick), "a\\1");
}

TEST(ShellExpand, SkipUnsetKeepsReferencesAndRawQuotesKeepQuotes) {
    const LexOptions options{U'\\', true, false, true};

    EXPECT_EQ(expand_word("$A ${B} ${C:-d} \"q\" 'r'", {}, options), "$A ${B} ${C:-d} \"q\" 'r'");
}

TEST(ShellExpand, NestedModifierRestartsTheWordBuffer) {
    // BuildKit's nested ${...} processing clears the word being collected; heredoc detection
    // depends on the words, so the quirk is kept.
    EXPECT_EQ(expand_words("hello${X:-a}b", {}), std::vector<std::string>{"ab"});
    EXPECT_EQ(expand_word("hello${X:-a}b", {}), "helloab");
}

} // namespace
} // namespace tc::dockerfile
