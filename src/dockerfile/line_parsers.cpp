#include "dockerfile/line_parsers.hpp"

#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace tc::dockerfile {

namespace {

enum class Phase { blanks, word, quoted };

// BuildKit reads flags byte by byte, so a byte of a multi-byte character is taken as the
// Latin-1 character of that value (and 0x85 or 0xA0 as a blank). Reproduced, because the flag
// values it produces are the ones BuildKit resolves.
class FlagExtractor {
public:
    FlagExtractor(std::string_view line, char32_t escape)
        : m_line(line)
        , m_escape(escape) {}

    // Fills `flags` and returns the text after them.
    std::string_view run(std::vector<std::string>& flags) {
        for (m_pos = 0; m_pos <= m_line.size(); ++m_pos) {
            if (m_phase == Phase::blanks) {
                if (m_pos == m_line.size()) {
                    break;
                }
                if (is_blank(byte())) {
                    continue;
                }
                if (!starts_flag()) {
                    return m_line.substr(m_pos);
                }
                m_phase = Phase::word;
            }
            if (m_pos == m_line.size()) {
                finish_word(flags);
                break;
            }
            if (m_phase == Phase::word && is_blank(byte())) {
                if (m_word == "--") {
                    return m_line.substr(m_pos);
                }
                finish_word(flags);
                m_phase = Phase::blanks;
                continue;
            }
            step();
        }
        return {};
    }

private:
    unsigned char byte() const { return static_cast<unsigned char>(m_line[m_pos]); }

    static bool is_blank(unsigned char b) { return text::is_space(b); }

    bool starts_flag() const {
        return m_line[m_pos] == '-' && m_pos + 1 < m_line.size() && m_line[m_pos + 1] == '-';
    }

    void finish_word(std::vector<std::string>& flags) {
        if (m_word != "--" && (m_blank_ok || !m_word.empty())) {
            flags.push_back(m_word);
        }
        m_word.clear();
        m_blank_ok = false;
    }

    // One character inside a flag word or its quotes.
    void step() {
        unsigned char b = byte();
        if (m_phase == Phase::word && (b == '\'' || b == '"')) {
            m_quote = static_cast<char>(b);
            m_blank_ok = true;
            m_phase = Phase::quoted;
            return;
        }
        if (m_phase == Phase::quoted && b == static_cast<unsigned char>(m_quote)) {
            m_phase = Phase::word;
            return;
        }
        if (b == m_escape) {
            // An escape at the very end is dropped (and ends an open quote).
            if (m_pos + 1 == m_line.size()) {
                m_phase = Phase::word;
                return;
            }
            ++m_pos;
            b = byte();
        }
        text::append_utf8(m_word, b);
    }

    std::string_view m_line;
    char32_t m_escape;
    std::size_t m_pos = 0;
    Phase m_phase = Phase::blanks;
    std::string m_word;
    char m_quote = 0;
    bool m_blank_ok = false;
};

// BuildKit's parseWords: blanks separate words except inside quotes; quotes and escapes stay
// in the words, to be removed when each word is expanded.
class WordSplitter {
public:
    WordSplitter(std::string_view text, char32_t escape)
        : m_text(text)
        , m_escape(escape) {}

    std::vector<std::string> run() {
        while (m_pos < m_text.size()) {
            const text::Rune rune = next();
            if (text::is_space(rune.code) && m_phase != Phase::quoted) {
                if (m_phase == Phase::word) {
                    finish_word();
                }
                m_phase = Phase::blanks;
                continue;
            }
            if (m_phase == Phase::blanks) {
                m_phase = Phase::word;
            }
            add(rune);
        }
        if (m_phase != Phase::blanks) {
            finish_word();
        }
        return std::move(m_words);
    }

private:
    text::Rune next() {
        const text::Rune rune = text::decode_at(m_text, m_pos);
        m_pos += rune.size;
        return rune;
    }

    void finish_word() {
        if (m_blank_ok || !m_word.empty()) {
            m_words.push_back(m_word);
        }
        m_word.clear();
        m_blank_ok = false;
    }

    // Outside quotes and inside double quotes an escape keeps itself and the next character;
    // inside single quotes it is ordinary. An escape ending the text is dropped.
    void add(text::Rune rune) {
        const bool in_word = m_phase == Phase::word;
        if (in_word && (rune.code == U'\'' || rune.code == U'"')) {
            m_quote = rune.code;
            m_blank_ok = true;
            m_phase = Phase::quoted;
        } else if (!in_word && rune.code == m_quote) {
            m_phase = Phase::word;
        }

        if (rune.code == m_escape && (in_word || m_quote != U'\'')) {
            if (m_pos == m_text.size()) {
                m_phase = Phase::word;
                return;
            }
            text::append_utf8(m_word, rune.code);
            rune = next();
        }
        text::append_utf8(m_word, rune.code);
    }

    std::string_view m_text;
    char32_t m_escape;
    std::size_t m_pos = 0;
    Phase m_phase = Phase::blanks;
    char32_t m_quote = 0;
    bool m_blank_ok = false;
    std::string m_word;
    std::vector<std::string> m_words;
};

std::optional<Arguments> parse_json_array(std::string_view rest) {
    rest = text::trim_left_space(rest);
    if (rest.empty() || rest.front() != '[') {
        return std::nullopt;
    }
    const nlohmann::json array = nlohmann::json::parse(rest, nullptr, false);
    if (!array.is_array()) {
        return std::nullopt;
    }

    Arguments arguments{{}, true};
    for (const nlohmann::json& element : array) {
        if (!element.is_string()) {
            throw SyntaxError("a JSON array of arguments must hold only strings");
        }
        arguments.values.push_back(element.get<std::string>());
    }
    return arguments;
}

Arguments whitespace_separated(std::string_view rest) {
    if (rest.empty()) {
        return {};
    }
    return {text::split_whitespace(rest, 0), false};
}

Arguments whole_string(std::string_view rest) {
    if (rest.empty()) {
        return {};
    }
    return {{std::string(rest)}, false};
}

Arguments maybe_json(std::string_view rest) {
    if (rest.empty()) {
        return {};
    }
    if (auto json = parse_json_array(rest)) {
        return *json;
    }
    return whole_string(rest);
}

Arguments maybe_json_list(std::string_view rest) {
    if (auto json = parse_json_array(rest)) {
        return *json;
    }
    return whitespace_separated(rest);
}

// ENV and LABEL: `name value` (old form, one pair) or `name=value ...`; each pair becomes
// name, value and the separator ("" or "=").
Arguments name_value_pairs(std::string_view keyword, std::string_view rest, char32_t escape) {
    const std::vector<std::string> words = split_words(rest, escape);
    if (words.empty()) {
        return {};
    }
    const std::string upper = keyword == "env" ? "ENV" : "LABEL";

    if (words[0].find('=') == std::string::npos) {
        const std::vector<std::string> parts = text::split_whitespace(rest, 2);
        if (parts.size() < 2) {
            throw SyntaxError(upper + " needs a name and a value");
        }
        return {{parts[0], parts[1], ""}, false};
    }

    Arguments arguments;
    for (const std::string& word : words) {
        const std::size_t equals = word.find('=');
        if (equals == std::string::npos) {
            throw SyntaxError(upper + ": no = in \"" + word + "\"; the form is name=value");
        }
        arguments.values.push_back(word.substr(0, equals));
        arguments.values.push_back(word.substr(equals + 1));
        arguments.values.emplace_back("=");
    }
    return arguments;
}

// HEALTHCHECK: a type word (CMD, NONE, ...) and then a command like CMD's. The type ends at
// the first blank byte, bytes read as characters as in the flag scanner.
Arguments health_check(std::string_view rest) {
    std::size_t end = 0;
    while (end < rest.size() && !text::is_space(static_cast<unsigned char>(rest[end]))) {
        ++end;
    }
    if (end == 0) {
        return {};
    }
    std::size_t command = end;
    while (command < rest.size() && text::is_space(static_cast<unsigned char>(rest[command]))) {
        ++command;
    }

    Arguments arguments = maybe_json(rest.substr(command));
    arguments.values.insert(arguments.values.begin(), std::string(rest.substr(0, end)));
    return arguments;
}

} // namespace

CommandLine split_command(std::string_view line, char32_t escape) {
    const std::vector<std::string> parts = text::split_whitespace(text::trim_space(line), 2);
    CommandLine command{parts[0], {}, {}};
    if (parts.size() == 2) {
        const std::string_view rest = FlagExtractor(parts[1], escape).run(command.flags);
        command.rest = std::string(text::trim_space(rest));
    }
    return command;
}

Arguments parse_arguments(std::string_view keyword, std::string_view rest, char32_t escape) {
    const std::string key = text::to_lower(keyword);
    if (key == "add" || key == "copy" || key == "volume") {
        return maybe_json_list(rest);
    }
    if (key == "cmd" || key == "entrypoint" || key == "run" || key == "shell") {
        return maybe_json(rest);
    }
    if (key == "env" || key == "label") {
        return name_value_pairs(key, rest, escape);
    }
    if (key == "arg") {
        return {split_words(rest, escape), false};
    }
    if (key == "expose" || key == "from") {
        return whitespace_separated(rest);
    }
    if (key == "healthcheck") {
        return health_check(rest);
    }
    if (key == "maintainer" || key == "stopsignal" || key == "user" || key == "workdir") {
        return whole_string(rest);
    }
    return {{""}, false}; // BuildKit keeps one empty argument for a keyword it does not know
}

std::vector<std::string> split_words(std::string_view rest, char32_t escape) {
    return WordSplitter(rest, escape).run();
}

} // namespace tc::dockerfile
