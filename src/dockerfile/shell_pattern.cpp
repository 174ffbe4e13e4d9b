#include "dockerfile/shell_pattern.hpp"

#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"

#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace tc::dockerfile {

namespace {

enum class TokenKind { literal, any_one, any_run };

struct Token {
    TokenKind kind;
    char32_t literal;
};

std::vector<Token> compile_pattern(std::u32string_view pattern) {
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char32_t c = pattern[i];
        if (c == U'*') {
            tokens.push_back({TokenKind::any_run, 0});
            continue;
        }
        if (c == U'?') {
            tokens.push_back({TokenKind::any_one, 0});
            continue;
        }
        if (c != U'\\') {
            tokens.push_back({TokenKind::literal, c});
            continue;
        }

        // Inside ${...} a `}` or `/` had to be escaped; that backslash is not part of it.
        const char32_t next = i + 1 < pattern.size() ? pattern[i + 1] : 0;
        if (next == U'}' || next == U'/') {
            continue;
        }
        if (next != U'*' && next != U'?' && next != U'\\') {
            throw SyntaxError("invalid escape in pattern \"" + text::encode(pattern) + "\"");
        }
        tokens.push_back({TokenKind::literal, next});
        ++i;
    }
    return tokens;
}

// Finds where a match of `tokens` starting at `start` ends, preferring longer (greedy) or
// shorter wildcard runs first, as a backtracking regex engine does. Failed states are
// remembered so that patterns with many `*` stay polynomial.
class Matcher {
public:
    Matcher(const std::vector<Token>& tokens, std::u32string_view value, bool greedy)
        : m_tokens(tokens)
        , m_value(value)
        , m_greedy(greedy) {}

    std::optional<std::size_t> match_from(std::size_t start) { return match(0, start); }

private:
    bool matches_one(std::size_t pos) const {
        return pos < m_value.size() && m_value[pos] != U'\n';
    }

    std::optional<std::size_t> match(std::size_t token, std::size_t pos) {
        if (token == m_tokens.size()) {
            return pos;
        }
        if (m_failed.count({token, pos}) != 0) {
            return std::nullopt;
        }

        const std::optional<std::size_t> result = match_token(token, pos);
        if (!result) {
            m_failed.insert({token, pos});
        }
        return result;
    }

    std::optional<std::size_t> match_token(std::size_t token, std::size_t pos) {
        const Token& t = m_tokens[token];
        if (t.kind == TokenKind::literal) {
            const bool ok = pos < m_value.size() && m_value[pos] == t.literal;
            return ok ? match(token + 1, pos + 1) : std::nullopt;
        }
        if (t.kind == TokenKind::any_one) {
            return matches_one(pos) ? match(token + 1, pos + 1) : std::nullopt;
        }

        std::size_t longest = 0;
        while (matches_one(pos + longest)) {
            ++longest;
        }
        for (std::size_t i = 0; i <= longest; ++i) {
            const std::size_t run = m_greedy ? longest - i : i;
            if (auto end = match(token + 1, pos + run)) {
                return end;
            }
        }
        return std::nullopt;
    }

    const std::vector<Token>& m_tokens;
    std::u32string_view m_value;
    bool m_greedy;
    std::set<std::pair<std::size_t, std::size_t>> m_failed;
};

// Reverses a pattern but keeps each `\x` pair in order, so it still quotes the same character.
std::u32string reverse_pattern(std::u32string_view pattern) {
    std::u32string out(pattern.size(), 0);
    const std::size_t last = pattern.size() - 1;
    for (std::size_t i = 0; i < pattern.size();) {
        const std::size_t to = last - i;
        if (pattern[i] == U'\\' && i != last) {
            out[to - 1] = pattern[i];
            out[to] = pattern[i + 1];
            i += 2;
        } else {
            out[to] = pattern[i];
            ++i;
        }
    }
    return out;
}

// Go's regexp template expansion in the replacement: `$$` is `$`, `$0`/`${0}` the match,
// any other `$name` empty (the pattern has no groups), a malformed `$` stays literal.
std::u32string expand_template(std::u32string_view repl, std::u32string_view match) {
    const auto is_name = [](char32_t c) {
        return c == U'_' || text::is_digit(c) || (c < 0x80 && text::is_letter(c));
    };
    std::u32string out;
    for (std::size_t i = 0; i < repl.size(); ++i) {
        if (repl[i] != U'$' || i + 1 == repl.size()) {
            out.push_back(repl[i]);
            continue;
        }
        if (repl[i + 1] == U'$') {
            out.push_back(U'$');
            ++i;
            continue;
        }

        const bool braced = repl[i + 1] == U'{';
        std::size_t end = i + (braced ? 2 : 1);
        while (end < repl.size() && is_name(repl[end])) {
            ++end;
        }
        const std::size_t begin = i + (braced ? 2 : 1);
        const bool closed = !braced || (end < repl.size() && repl[end] == U'}');
        if (end == begin || !closed) {
            out.push_back(U'$');
            continue;
        }
        if (repl.substr(begin, end - begin) == U"0") {
            out.append(match);
        }
        i = braced ? end : end - 1;
    }
    return out;
}

} // namespace

std::u32string remove_prefix_pattern(std::u32string_view value, std::u32string_view pattern,
                                     bool longest) {
    const std::vector<Token> tokens = compile_pattern(pattern);
    Matcher matcher(tokens, value, longest);
    const std::optional<std::size_t> end = matcher.match_from(0);
    return std::u32string(end ? value.substr(*end) : value);
}

std::u32string remove_suffix_pattern(std::u32string_view value, std::u32string_view pattern,
                                     bool longest) {
    // A shortest rightmost match is a shortest leftmost match of the reversed strings.
    if (pattern.empty()) {
        return std::u32string(value);
    }
    const std::u32string reversed_value(value.rbegin(), value.rend());
    std::u32string rest = remove_prefix_pattern(reversed_value, reverse_pattern(pattern), longest);
    return std::u32string(rest.rbegin(), rest.rend());
}

std::u32string replace_pattern(std::u32string_view value, std::u32string_view pattern,
                               std::u32string_view replacement, bool all) {
    const std::vector<Token> tokens = compile_pattern(pattern);
    std::u32string out;
    std::size_t last_end = 0;
    std::size_t search = 0;
    Matcher matcher(tokens, value, true);
    while (search <= value.size()) {
        std::optional<std::size_t> start;
        std::optional<std::size_t> end;
        for (std::size_t s = search; s <= value.size() && !end; ++s) {
            start = s;
            end = matcher.match_from(s);
        }
        if (!end) {
            break;
        }

        // Go splices a single replacement in literally, but expands `$` templates when
        // replacing all, and skips an empty match right after the previous one.
        out.append(value.substr(last_end, *start - last_end));
        if (!all) {
            out.append(replacement);
        } else if (*end > last_end || *start == 0) {
            out.append(expand_template(replacement, value.substr(*start, *end - *start)));
        }
        last_end = *end;
        if (!all) {
            break;
        }
        search = std::max(search + 1, *end);
    }
    out.append(value.substr(last_end));
    return out;
}

} // namespace tc::dockerfile
