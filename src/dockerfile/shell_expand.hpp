#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

// The Dockerfile shell lexer: quotes, the escape character and variable references, as
// BuildKit applies them to FROM operands, ARG defaults and heredoc words. It is not a shell:
// there is no command substitution, arithmetic or globbing.
//
// Supported references: $V, ${V}, ${V:-w}, ${V-w}, ${V:+w}, ${V+w}, ${V:?w}, ${V?w}, ${V#p},
// ${V##p}, ${V%p}, ${V%%p}, ${V/p/r}, ${V//p/r}; positional ($1) and special ($@, $#, ...)
// parameters are never set.
namespace tc::dockerfile {

/// Variables visible to an expansion; a name that is absent is unset, "" is set but empty.
using Environment = std::map<std::string, std::string>;

/// Switches of the lexer (BuildKit's shell.Lex fields of the same meaning).
struct LexOptions {
    char32_t escape = U'\\';  // the escape character (`\` or the `# escape=` one)
    bool raw_quotes = false;  // keep quote characters in the result
    bool raw_escapes = false; // keep escape characters in the result
    bool skip_unset = false;  // leave references to unset variables as written
};

/// `word` with quotes removed and variables expanded, blanks kept (BuildKit's ProcessWord).
/// Throws SyntaxError for unterminated quotes, bad substitutions and `${V?message}`.
std::string expand_word(std::string_view word, const Environment& env,
                        const LexOptions& options = {});

/// `word` expanded and split at unquoted blanks (BuildKit's ProcessWords).
std::vector<std::string> expand_words(std::string_view word, const Environment& env,
                                      const LexOptions& options = {});

} // namespace tc::dockerfile
