#pragma once

#include <string>
#include <string_view>

// The wildcard patterns of ${V#p}, ${V%p} and ${V/p/r}: `*` is any run, `?` one character,
// `\` quotes `*`, `?` and `\` (and is dropped before `}` and `/`). BuildKit turns them into Go
// regular expressions, so wildcards do not match a newline and ties between matches are
// settled the way a backtracking regex engine would settle them; this matcher does the same.
namespace tc::dockerfile {

/// `value` without its shortest (or, if `longest`, longest) prefix matching `pattern`.
/// Throws SyntaxError for a malformed pattern.
std::u32string remove_prefix_pattern(std::u32string_view value, std::u32string_view pattern,
                                     bool longest);

/// `value` without its shortest (or longest) suffix matching `pattern`.
std::u32string remove_suffix_pattern(std::u32string_view value, std::u32string_view pattern,
                                     bool longest);

/// `value` with the leftmost (or every) match of `pattern`, wildcards taking as much as they
/// can, replaced by `replacement`.
std::u32string replace_pattern(std::u32string_view value, std::u32string_view pattern,
                               std::u32string_view replacement, bool all);

} // namespace tc::dockerfile
