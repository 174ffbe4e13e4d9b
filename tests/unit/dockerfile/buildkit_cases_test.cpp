// BuildKit's own parser cases (frontend/dockerfile/parser/testfiles*): every Dockerfile is
// parsed and dumped in BuildKit's s-expression form, which must equal its `result` file
// byte for byte; every negative case must be refused.

#include "dockerfile/parser.hpp"
#include "dockerfile/text.hpp"
#include "util/error.hpp"
#include "util/files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace tc::dockerfile {
namespace {

namespace fs = std::filesystem;

const fs::path cases_dir = fs::path(TC_PEERS_DIR) / "buildkit-dockerfile" / "parser";

// Cases whose dump we do not reproduce, with the reason. Kept empty on purpose: the parser
// implements every keyword's argument rule, so a case failing here is a regression.
const std::vector<std::string> excluded_cases = {};

bool is_printable(char32_t c) {
    if (c >= text::raw_byte_base) {
        return false;
    }
    if (c < 0x80) {
        return c >= 0x20 && c < 0x7F;
    }
    // Go counts Unicode spaces other than ' ' and a few format characters as unprintable.
    return !(c < 0xA0 || text::is_space(c) || c == 0xAD || c == 0xFEFF);
}

// Go's strconv.Quote, which BuildKit's dump uses.
std::string go_quote(std::string_view s) {
    std::string out = "\"";
    for (const char32_t c : text::decode(s)) {
        char buffer[16];
        switch (c) {
        case U'"':
            out += "\\\"";
            continue;
        case U'\\':
            out += "\\\\";
            continue;
        case U'\a':
            out += "\\a";
            continue;
        case U'\b':
            out += "\\b";
            continue;
        case U'\f':
            out += "\\f";
            continue;
        case U'\n':
            out += "\\n";
            continue;
        case U'\r':
            out += "\\r";
            continue;
        case U'\t':
            out += "\\t";
            continue;
        case U'\v':
            out += "\\v";
            continue;
        default:
            break;
        }
        if (is_printable(c)) {
            text::append_utf8(out, c);
        } else if (c >= text::raw_byte_base) {
            std::snprintf(buffer, sizeof buffer, "\\x%02x", unsigned(c - text::raw_byte_base));
            out += buffer;
        } else if (c < 0x80) {
            std::snprintf(buffer, sizeof buffer, "\\x%02x", unsigned(c));
            out += buffer;
        } else {
            std::snprintf(buffer, sizeof buffer, c < 0x10000 ? "\\u%04x" : "\\U%08x", unsigned(c));
            out += buffer;
        }
    }
    return out + "\"";
}

// BuildKit's Node.Dump of one instruction, without the surrounding parentheses.
std::string dump(const Instruction& instruction) {
    std::string out = text::to_lower(instruction.keyword);
    if (!instruction.flags.empty()) {
        out += " [";
        for (std::size_t i = 0; i < instruction.flags.size(); ++i) {
            out += (i == 0 ? "" : " ") + go_quote(instruction.flags[i]);
        }
        out += "]";
    }
    for (const Instruction& trigger : instruction.trigger) {
        out += " (" + dump(trigger) + ")";
    }
    for (const std::string& arg : instruction.args) {
        out += " " + go_quote(arg);
    }
    return std::string(text::trim_space(out));
}

std::string dump(const ParsedDockerfile& parsed) {
    std::string out;
    for (const Instruction& instruction : parsed.instructions) {
        out += "(" + dump(instruction) + ")\n";
    }
    return out;
}

std::vector<std::string> case_names(const fs::path& dir) {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
        if (entry.is_directory()) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool is_excluded(const std::string& name) {
    return std::find(excluded_cases.begin(), excluded_cases.end(), name) != excluded_cases.end();
}

TEST(BuildkitParserCases, EveryPositiveCaseDumpsAsBuildkitDoes) {
    const std::vector<std::string> names = case_names(cases_dir / "testfiles");
    ASSERT_EQ(names.size(), 33u) << "the peers folder changed; review the exclusion list";

    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        if (is_excluded(name)) {
            continue;
        }
        const fs::path dir = cases_dir / "testfiles" / name;
        const std::string content = util::read_file(dir / "Dockerfile");
        const std::string expected = util::read_file(dir / "result");

        const ParsedDockerfile parsed = parse_dockerfile(content, "Dockerfile");
        EXPECT_EQ(dump(parsed), expected);
    }
}

TEST(BuildkitParserCases, EveryNegativeCaseIsRefusedWithALocation) {
    const std::vector<std::string> names = case_names(cases_dir / "testfiles-negative");
    ASSERT_EQ(names.size(), 4u);

    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        const std::string content =
            util::read_file(cases_dir / "testfiles-negative" / name / "Dockerfile");
        try {
            parse_dockerfile(content, "Dockerfile");
            ADD_FAILURE() << "parsed without error";
        } catch (const util::Error& e) {
            EXPECT_EQ(e.kind(), util::ErrorKind::bad_input);
            EXPECT_EQ(std::string(e.what()).rfind("Dockerfile:", 0), 0u) << e.what();
        }
    }
}

TEST(BuildkitParserCases, ExclusionListStaysShort) {
    EXPECT_LE(excluded_cases.size(), 3u);
}

} // namespace
} // namespace tc::dockerfile
