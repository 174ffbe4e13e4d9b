#include "dockerfile/shell_expand.hpp"

#include "dockerfile/shell_pattern.hpp"
#include "dockerfile/shell_words.hpp"
#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"

#include <optional>
#include <utility>

namespace tc::dockerfile {

namespace {

constexpr char32_t end_of_input = 0xFFFFFFFF;

std::string utf8(std::u32string_view s) {
    return text::encode(s);
}

struct Expansion {
    std::u32string text;
    std::vector<std::u32string> words;
};

bool is_special_parameter(char32_t c) {
    return std::u32string_view(U"@*#?-$!0").find(c) != std::u32string_view::npos;
}

constexpr size_t k_max_depth = 200;
constexpr size_t k_max_expansion = size_t{1} << 20;

/// Counts how deep expansions nest while it lives.
class DepthGuard {
public:
    explicit DepthGuard(size_t& depth)
        : m_depth(depth) {
        if (++m_depth > k_max_depth) {
            --m_depth;
            throw SyntaxError("variables nest more than 200 deep");
        }
    }
    ~DepthGuard() { --m_depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

private:
    size_t& m_depth;
};

class Lexer {
public:
    Lexer(std::string_view word, const Environment& env, const LexOptions& options)
        : m_input(text::decode(word))
        , m_env(env)
        , m_options(options)
        , m_raw_escapes(options.raw_escapes) {
        // Go's text/scanner drops a byte-order mark at the start of its input.
        if (!m_input.empty() && m_input.front() == 0xFEFF) {
            m_pos = 1;
        }
    }

    Expansion run() { return process_until(end_of_input, m_options.raw_escapes); }

private:
    char32_t peek() const { return m_pos < m_input.size() ? m_input[m_pos] : end_of_input; }

    char32_t next() { return m_pos < m_input.size() ? m_input[m_pos++] : end_of_input; }

    bool is_special(char32_t c) const { return c == U'$' || c == U'<' || c == U'\'' || c == U'"'; }

    // Reads up to `stop` (consumed) or the end of input, expanding as it goes.
    Expansion process_until(char32_t stop, bool raw_escapes) {
        // Hostile input must end in an error, not in a stack overflow or an exponential
        // blow-up (ARG B=${A}${A}, C=${B}${B}, …).
        DepthGuard depth(m_depth);
        const bool saved_raw_escapes = std::exchange(m_raw_escapes, raw_escapes);
        std::u32string result;
        WordCollector words(m_words_buffer);

        while (peek() != end_of_input) {
            const char32_t c = peek();
            if (stop != end_of_input && c == stop) {
                next();
                m_raw_escapes = saved_raw_escapes;
                return {result, words.take_words()};
            }
            if (is_special(c)) {
                const std::u32string piece = process_special(c);
                result += piece;
                if (result.size() > k_max_expansion) {
                    throw SyntaxError("it expands to more than 1 MiB");
                }
                if (c == U'$') {
                    words.add_string(piece); // expanded values split at blanks
                } else {
                    words.add_raw_string(piece);
                }
                continue;
            }
            if (!process_plain(result, words)) {
                break;
            }
        }

        if (stop != end_of_input) {
            throw SyntaxError("unexpected end of input while looking for '" + utf8({&stop, 1}) +
                              "'");
        }
        m_raw_escapes = saved_raw_escapes;
        return {result, words.take_words()};
    }

    // One ordinary character, or an escape and what it escapes; false at an escape that ends
    // the input (which is dropped).
    bool process_plain(std::u32string& result, WordCollector& words) {
        char32_t c = next();
        if (c != m_options.escape) {
            words.add_char(c);
            result.push_back(c);
            return true;
        }

        if (m_raw_escapes) {
            words.add_raw_char(c);
            result.push_back(c);
        }
        c = next();
        if (c == end_of_input) {
            return false;
        }
        words.add_raw_char(c);
        result.push_back(c);
        return true;
    }

    std::u32string process_special(char32_t c) {
        switch (c) {
        case U'$':
            return process_dollar();
        case U'<':
            return process_possible_heredoc();
        case U'\'':
            return process_single_quote();
        default:
            return process_double_quote();
        }
    }

    std::u32string process_single_quote() {
        // Everything up to the next single quote is literal; nothing can escape it.
        std::u32string result;
        const char32_t quote = next();
        if (m_options.raw_quotes) {
            result.push_back(quote);
        }
        for (;;) {
            const char32_t c = next();
            if (c == end_of_input) {
                throw SyntaxError("unterminated single quote");
            }
            if (c == U'\'') {
                if (m_options.raw_quotes) {
                    result.push_back(c);
                }
                return result;
            }
            result.push_back(c);
        }
    }

    std::u32string process_double_quote() {
        // Literal except for $ references; the escape character quotes only `"`, `$` and
        // itself and stays as written before anything else.
        std::u32string result;
        const char32_t quote = next();
        if (m_options.raw_quotes) {
            result.push_back(quote);
        }
        for (;;) {
            const char32_t c = peek();
            if (c == end_of_input) {
                throw SyntaxError("unterminated double quote");
            }
            if (c == U'"') {
                next();
                if (m_options.raw_quotes) {
                    result.push_back(c);
                }
                return result;
            }
            if (c == U'$') {
                result += process_dollar();
                continue;
            }
            append_double_quoted_char(result);
        }
    }

    void append_double_quoted_char(std::u32string& result) {
        char32_t c = next();
        if (c == m_options.escape) {
            if (m_raw_escapes) {
                result.push_back(c);
            }
            const char32_t following = peek();
            if (following == end_of_input) {
                return;
            }
            if (following == U'"' || following == U'$' || following == m_options.escape) {
                c = next();
            }
        }
        result.push_back(c);
    }

    std::u32string process_possible_heredoc() {
        // `<<` keeps the blanks after it, so that `<< EOF` stays one word.
        next();
        if (peek() != U'<') {
            return U"<";
        }
        next();
        std::u32string result = U"<<";
        while (peek() == U'\t' || peek() == U'\r' || peek() == U' ') {
            result.push_back(next());
        }
        return result;
    }

    std::u32string process_name() {
        std::u32string name;
        if (text::is_digit(peek())) {
            while (text::is_digit(peek())) {
                name.push_back(next());
            }
            return name;
        }
        if (is_special_parameter(peek())) {
            name.push_back(next());
            return name;
        }
        while (peek() != end_of_input &&
               (text::is_letter(peek()) || text::is_digit(peek()) || peek() == U'_')) {
            name.push_back(next());
        }
        return name;
    }

    std::optional<std::u32string> lookup(const std::u32string& name) const {
        const auto it = m_env.find(utf8(name));
        if (it == m_env.end()) {
            return std::nullopt;
        }
        return text::decode(it->second);
    }

    std::u32string process_dollar() {
        next();
        if (peek() == U'{') {
            next();
            return process_braced();
        }

        const std::u32string name = process_name();
        if (name.empty()) {
            return U"$";
        }
        const std::optional<std::u32string> value = lookup(name);
        if (!value && m_options.skip_unset) {
            return U"$" + name;
        }
        return value.value_or(U"");
    }

    std::u32string process_braced() {
        const char32_t first = peek();
        if (first == end_of_input) {
            throw SyntaxError("missing '}'");
        }
        if (first == U'{' || first == U'}' || first == U':') {
            throw SyntaxError("bad substitution");
        }

        const std::u32string name = process_name();
        const char32_t op = next();
        if (op == U'}') {
            const std::optional<std::u32string> value = lookup(name);
            if (!value && m_options.skip_unset) {
                return U"${" + name + U"}";
            }
            return value.value_or(U"");
        }
        if (op == U'/') {
            return process_replace(name);
        }
        if (op == U':') {
            return process_modifier(name, next(), true);
        }
        if (op == U'+' || op == U'-' || op == U'?' || op == U'#' || op == U'%') {
            return process_modifier(name, op, false);
        }
        throw SyntaxError("unsupported modifier in substitution of " + utf8(name));
    }

    // ${name<op>word} and ${name:<op>word}: `colon` makes an empty value count as unset.
    std::u32string process_modifier(const std::u32string& name, char32_t op, bool colon) {
        const bool pattern = op == U'#' || op == U'%';
        if (colon && pattern) {
            throw SyntaxError("unsupported modifier in substitution of " + utf8(name));
        }
        std::u32string word = process_until(U'}', pattern).text;

        const std::optional<std::u32string> value = lookup(name);
        if (!value && m_options.skip_unset) {
            const std::u32string op_text = colon ? std::u32string{U':', op} : std::u32string{op};
            return U"${" + name + op_text + word + U"}";
        }
        const bool unset = !value || (colon && value->empty());

        switch (op) {
        case U'-':
            return unset ? word : *value;
        case U'+':
            return unset ? U"" : word;
        case U'?':
            if (unset) {
                const char* fallback =
                    value ? "is not allowed to be empty" : "is not allowed to be unset";
                throw SyntaxError(utf8(name) + ": " + (word.empty() ? fallback : utf8(word)));
            }
            return *value;
        case U'#':
        case U'%': {
            // A doubled operator (## or %%) removes the longest match instead of the shortest.
            const bool longest = !word.empty() && word.front() == op;
            if (longest) {
                word.erase(0, 1);
            }
            const std::u32string subject = value.value_or(U"");
            return op == U'#' ? remove_prefix_pattern(subject, word, longest)
                              : remove_suffix_pattern(subject, word, longest);
        }
        default:
            throw SyntaxError("unsupported modifier in substitution of " + utf8(name));
        }
    }

    std::u32string process_replace(const std::u32string& name) {
        const bool all = peek() == U'/';
        if (all) {
            next();
        }
        const std::u32string pattern = process_until(U'/', true).text;
        const std::u32string replacement = process_until(U'}', true).text;

        const std::optional<std::u32string> value = lookup(name);
        if (!value && m_options.skip_unset) {
            return U"${" + name + U"/" + pattern + U"/" + replacement + U"}";
        }
        return replace_pattern(value.value_or(U""), pattern, replacement, all);
    }

    std::u32string m_input;
    std::size_t m_pos = 0;
    const Environment& m_env;
    LexOptions m_options;
    size_t m_depth = 0;
    bool m_raw_escapes;
    std::u32string m_words_buffer;
};

Expansion expand(std::string_view word, const Environment& env, const LexOptions& options) {
    try {
        return Lexer(word, env, options).run();
    } catch (const SyntaxError& e) {
        throw SyntaxError("failed to expand \"" + std::string(word) + "\": " + e.what());
    }
}

} // namespace

std::string expand_word(std::string_view word, const Environment& env, const LexOptions& options) {
    return utf8(expand(word, env, options).text);
}

std::vector<std::string> expand_words(std::string_view word, const Environment& env,
                                      const LexOptions& options) {
    std::vector<std::string> words;
    for (const std::u32string& w : expand(word, env, options).words) {
        words.push_back(utf8(w));
    }
    return words;
}

} // namespace tc::dockerfile
