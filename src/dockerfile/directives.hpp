#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

// Parser directives (`# syntax=`, `# escape=`, `# check=`): `<prefix> key = value` lines in
// the leading block of a Dockerfile. Keys are case-insensitive, values are not; the block ends
// at the first line that is not a known directive (an instruction, a plain comment, a blank
// line, an unknown key), and a key may appear only once.
namespace tc::dockerfile {

/// One parser directive; `name` is lowercased, `line` 1-based.
struct Directive {
    std::string name;
    std::string value;
    int line;
};

/// Reads parser directives one line at a time, the way BuildKit's DirectiveParser does.
class DirectiveReader {
public:
    /// A reader for lines starting with `prefix` ("#", or "//" for syntax detection); `line`
    /// is the number of lines already consumed before the first one it is given.
    explicit DirectiveReader(std::string_view prefix = "#", int line = 0);

    /// The directive on the next line, if that line is one; nothing once the block has ended.
    /// Throws SyntaxError when a key repeats.
    std::optional<Directive> read_line(std::string_view line);

private:
    std::string m_prefix;
    int m_line;
    bool m_done = false;
    std::set<std::string> m_seen;
};

/// The frontend a Dockerfile asks for with a syntax directive.
struct SyntaxDirective {
    std::string image;   // the first blank-separated word of the value
    std::string cmdline; // the whole value, passed to the frontend
    int line;            // 1-based line of the directive
};

/// BuildKit's DetectSyntax: drop a BOM and a `#!` first line, then look for `# syntax=` in
/// the directive block, then for `// syntax=`, then accept a whole-file JSON object with a
/// string member "syntax" (whose line is that of the object's start).
std::optional<SyntaxDirective> detect_syntax(std::string_view content);

/// `content` without a leading UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view content);

} // namespace tc::dockerfile
