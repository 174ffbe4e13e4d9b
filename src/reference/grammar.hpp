#pragma once

// Checks for the parts of an image reference (spec §4.1), shared by the parser and by callers
// that validate a lone digest. Each check returns why its part is malformed, or nullopt when it
// is well-formed, so that the caller can frame the reason with the text the user wrote.

#include <optional>
#include <string>
#include <string_view>

namespace tc::reference::grammar {

/// Longest tag the grammar allows.
inline constexpr std::size_t max_tag_length = 128;

/// Longest repository path (without domain) distribution/reference allows since v0.6.0.
inline constexpr std::size_t max_path_length = 255;

/// text in double quotes, with quotes, backslashes and non-printable bytes escaped.
std::string quote(std::string_view text);

/// A byte as a message shows it: 'x' when printable ASCII, '\xNN' otherwise.
std::string show_char(char c);

/// Why `domain` is not a valid "host[:port]", or nullopt.
std::optional<std::string> domain_problem(std::string_view domain);

/// Why `path` is not a valid remote name ("a/b.c/d-e"), or nullopt; the length is not checked.
std::optional<std::string> path_problem(std::string_view path);

/// Why a non-empty `tag` is not valid, phrased to follow `invalid tag "…": `, or nullopt.
std::optional<std::string> tag_problem(std::string_view tag);

/// Why a non-empty `digest` is not a digest go-digest accepts, phrased to follow "digest ",
/// or nullopt.
std::optional<std::string> digest_problem(std::string_view digest);

} // namespace tc::reference::grammar
