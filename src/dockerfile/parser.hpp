#pragma once

#include "dockerfile/directives.hpp"

#include <string>
#include <string_view>
#include <vector>

// BuildKit's Dockerfile parser: from text to a list of instructions with line numbers. It
// knows the lexical rules (parser directives, comments, line continuation with the escape
// character, comment and empty lines inside a continuation, heredocs) and each keyword's
// argument rule, but not what the instructions mean.
namespace tc::dockerfile {

/// A here-document attached to an instruction (`<<EOF` ... `EOF`).
struct Heredoc {
    std::string name;    // the terminator word, quotes removed
    bool expand = true;  // false when any part of the word was quoted
    bool chomp = false;  // `<<-`: leading tabs of the body lines are ignored
    std::string content; // the body lines with their line ends, as written
};

/// One instruction as BuildKit's parser produces it.
struct Instruction {
    std::string keyword;              // as written: "FROM", "from"
    std::vector<std::string> flags;   // leading "--name=value" words, unquoted
    std::vector<std::string> args;    // the arguments by the keyword's rule, quotes kept
    bool json = false;                // the arguments were a JSON array
    std::vector<Instruction> trigger; // ONBUILD: the instruction it stores (none if empty)
    std::vector<Heredoc> heredocs;    // here-documents in order of their words on the line
    std::string original;             // the logical line, continuations joined
    int start_line = 0;               // 1-based first line
    int end_line = 0;                 // 1-based last line, heredoc bodies included
};

/// A Dockerfile as the parser sees it.
struct ParsedDockerfile {
    std::vector<Instruction> instructions;
    std::vector<Directive> directives; // in file order
    char32_t escape = U'\\';           // from `# escape=`, else `\`
};

/// Parses a Dockerfile. `line_offset` is added to every line number (for text that starts
/// inside another file). Throws util::Error(bad_input) "<file>:<line>: <what>" where BuildKit's
/// parser fails: bad or repeated directive, a JSON array with non-strings, ENV without value,
/// unterminated heredoc, no instruction at all.
ParsedDockerfile parse_dockerfile(std::string_view content, const std::string& file_name,
                                  int line_offset = 0);

/// The keyword in lowercase, for comparisons.
std::string lowercase_keyword(const Instruction& instruction);

} // namespace tc::dockerfile
