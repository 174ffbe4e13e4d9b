#pragma once

// ASCII character classes of the reference grammar. Go's regexp classes are ASCII-only, and so
// are these: <cctype> would depend on the locale.

namespace tc::reference::chars {

/// '0'-'9'.
constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// 'A'-'Z'.
constexpr bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

/// 'a'-'z' or a digit: the alphanumerics of a repository path.
constexpr bool is_lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c);
}

/// A letter of either case or a digit.
constexpr bool is_alnum(char c) {
    return is_lower_alnum(c) || is_upper(c);
}

/// Go's \w, which the tag grammar uses.
constexpr bool is_word(char c) {
    return is_alnum(c) || c == '_';
}

/// A hex digit as go-digest accepts it: lowercase only.
constexpr bool is_lower_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f');
}

/// A hex digit of either case.
constexpr bool is_any_hex(char c) {
    return is_lower_hex(c) || (c >= 'A' && c <= 'F');
}

} // namespace tc::reference::chars
