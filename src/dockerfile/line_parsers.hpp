#pragma once

#include <string>
#include <string_view>
#include <vector>

// How BuildKit's parser splits one logical line (continuations already joined) into keyword,
// flags and arguments. Each keyword has its own argument rule (JSON array or not, name=value
// pairs, whitespace-separated words...); quotes are kept in the arguments, since BuildKit
// only removes them later when it expands each word.
namespace tc::dockerfile {

/// A logical line taken apart: keyword, leading `--flag` words, and the rest.
struct CommandLine {
    std::string keyword;            // as written
    std::vector<std::string> flags; // "--name=value" with quotes and escapes removed
    std::string rest;               // what follows the flags, trimmed
};

/// The arguments of an instruction by its keyword's rule.
struct Arguments {
    std::vector<std::string> values;
    bool json = false; // given as a JSON array of strings
};

/// Splits a line into keyword, flags and the rest (BuildKit's splitCommand).
CommandLine split_command(std::string_view line, char32_t escape);

/// The arguments of `rest` for `keyword` (any case). Throws SyntaxError where BuildKit's line
/// parser fails: a JSON array holding a non-string, an ENV/LABEL without value. An unknown
/// keyword gets one empty argument. ONBUILD is not handled here, its rest is an instruction.
Arguments parse_arguments(std::string_view keyword, std::string_view rest, char32_t escape);

/// Whitespace-separated words keeping quotes and escapes (BuildKit's parseWords).
std::vector<std::string> split_words(std::string_view rest, char32_t escape);

} // namespace tc::dockerfile
