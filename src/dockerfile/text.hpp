#pragma once

#include <string>
#include <string_view>
#include <vector>

// Character classes and trimming as BuildKit's Go code sees them: Go walks Dockerfiles rune by
// rune and uses unicode.IsSpace, so "blank" includes NBSP and the other Unicode spaces.
namespace tc::dockerfile::text {

/// Code of an undecodable byte b: raw_byte_base + b, outside Unicode so it never matches a class.
constexpr char32_t raw_byte_base = 0x110000;

/// One decoded character; an invalid UTF-8 byte decodes to raw_byte_base + byte, size 1.
struct Rune {
    char32_t code;
    std::size_t size;
};

/// The character starting at byte `pos` of `s` (pos < s.size()).
Rune decode_at(std::string_view s, std::size_t pos);

/// Appends the UTF-8 form of `code` to `out`; a raw byte is written back as that byte, so
/// undecodable input round-trips.
void append_utf8(std::string& out, char32_t code);

/// Decodes a whole string into characters.
std::u32string decode(std::string_view s);

/// Encodes characters back into UTF-8.
std::string encode(std::u32string_view s);

/// Go's unicode.IsSpace.
bool is_space(char32_t c);

/// Go's unicode.IsDigit, restricted to ASCII digits.
bool is_digit(char32_t c);

/// An approximation of Go's unicode.IsLetter: ASCII letters and every non-ASCII character
/// outside the common space, punctuation and symbol blocks.
bool is_letter(char32_t c);

/// `s` without leading Unicode spaces.
std::string_view trim_left_space(std::string_view s);

/// `s` without leading and trailing Unicode spaces.
std::string_view trim_space(std::string_view s);

/// `s` without trailing '\r' and '\n' characters.
std::string_view trim_newline(std::string_view s);

/// Splits at runs of [\t\v\f\r ], at most `limit` pieces (0 = no limit), like Go's
/// regexp.Split with BuildKit's reWhitespace.
std::vector<std::string> split_whitespace(std::string_view s, std::size_t limit);

/// ASCII lowercase copy.
std::string to_lower(std::string_view s);

} // namespace tc::dockerfile::text
