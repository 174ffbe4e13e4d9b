#include "dockerfile/directives.hpp"

#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace tc::dockerfile {

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

// The blanks of Go's regexp `\s`, which separate key, `=` and value.
bool is_regexp_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_alnum(char c) {
    return is_ascii_alpha(c) || (c >= '0' && c <= '9');
}

struct KeyValue {
    std::string key;
    std::string value;
};

// `key = value` after the comment prefix, or nothing: the key is a letter then letters and
// digits, the value is non-empty and loses surrounding blanks.
std::optional<KeyValue> split_key_value(std::string_view s) {
    std::size_t pos = 0;
    if (s.empty() || !is_ascii_alpha(s[0])) {
        return std::nullopt;
    }
    while (pos < s.size() && is_ascii_alnum(s[pos])) {
        ++pos;
    }
    const std::string key(s.substr(0, pos));
    while (pos < s.size() && is_regexp_space(s[pos])) {
        ++pos;
    }
    if (pos == s.size() || s[pos] != '=' || pos + 1 == s.size()) {
        return std::nullopt;
    }

    std::string_view rest = s.substr(pos + 1);
    std::string_view value = rest;
    while (!value.empty() && is_regexp_space(value.front())) {
        value.remove_prefix(1);
    }
    while (!value.empty() && is_regexp_space(value.back())) {
        value.remove_suffix(1);
    }
    // A value of blanks only: the regex backtracks and keeps the last blank as the value.
    if (value.empty()) {
        value = rest.substr(rest.size() - 1);
    }
    return KeyValue{key, std::string(value)};
}

bool is_known_directive(const std::string& key) {
    return key == "syntax" || key == "escape" || key == "check";
}

std::vector<std::string_view> split_lines(std::string_view content) {
    // Like Go's bufio.ScanLines: split at '\n', drop one '\r' before it, no empty last line.
    std::vector<std::string_view> lines;
    while (!content.empty()) {
        const std::size_t end = content.find('\n');
        std::string_view line = content.substr(0, end);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        content = end == std::string_view::npos ? std::string_view{} : content.substr(end + 1);
    }
    return lines;
}

std::optional<SyntaxDirective> find_syntax_directive(std::string_view content,
                                                     std::string_view prefix, int first_line) {
    DirectiveReader reader(prefix, first_line);
    try {
        for (const std::string_view line : split_lines(content)) {
            const std::optional<Directive> directive = reader.read_line(line);
            if (directive && directive->name == "syntax") {
                const std::string image = directive->value.substr(0, directive->value.find(' '));
                return SyntaxDirective{image, directive->value, directive->line};
            }
        }
    } catch (const SyntaxError&) {
        // A repeated key ends the block; BuildKit keeps what it read before it.
    }
    return std::nullopt;
}

std::optional<SyntaxDirective> find_json_syntax(std::string_view content, int first_line) {
    const nlohmann::json object = nlohmann::json::parse(content, nullptr, false);
    if (!object.is_object()) {
        return std::nullopt;
    }
    const auto it = object.find("syntax");
    if (it == object.end() || !it->is_string()) {
        return std::nullopt;
    }
    const std::string value = it->get<std::string>();
    return SyntaxDirective{value, value, first_line + 1};
}

} // namespace

DirectiveReader::DirectiveReader(std::string_view prefix, int line)
    : m_prefix(prefix)
    , m_line(line) {}

std::optional<Directive> DirectiveReader::read_line(std::string_view line) {
    ++m_line;
    if (m_done) {
        return std::nullopt;
    }
    if (line.substr(0, m_prefix.size()) != m_prefix) {
        m_done = true;
        return std::nullopt;
    }

    const std::optional<KeyValue> pair =
        split_key_value(text::trim_left_space(line.substr(m_prefix.size())));
    const std::string name = pair ? text::to_lower(pair->key) : std::string();
    if (!pair || !is_known_directive(name)) {
        m_done = true;
        return std::nullopt;
    }
    if (!m_seen.insert(name).second) {
        throw SyntaxError("only one " + name + " parser directive can be used");
    }
    return Directive{name, pair->value, m_line};
}

std::string_view strip_bom(std::string_view content) {
    if (content.substr(0, bom.size()) == bom) {
        content.remove_prefix(bom.size());
    }
    return content;
}

std::optional<SyntaxDirective> detect_syntax(std::string_view content) {
    content = strip_bom(content);

    int first_line = 0;
    if (content.substr(0, 2) == "#!") {
        const std::size_t end = content.find('\n');
        content = end == std::string_view::npos ? std::string_view{} : content.substr(end + 1);
        first_line = 1;
    }

    if (auto found = find_syntax_directive(content, "#", first_line)) {
        return found;
    }
    if (auto found = find_syntax_directive(content, "//", first_line)) {
        return found;
    }
    return find_json_syntax(content, first_line);
}

} // namespace tc::dockerfile
