#include "dockerfile/parser.hpp"

#include "dockerfile/line_parsers.hpp"
#include "dockerfile/shell_expand.hpp"
#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"

#include <optional>

namespace tc::dockerfile {

namespace {

bool is_comment(std::string_view line) {
    line = text::trim_left_space(line);
    return !line.empty() && line.front() == '#';
}

struct Continued {
    std::string_view text;
    bool ends; // false if the line ended with the escape character
};

// An escape character as the last non-blank of a line continues it, unless it is itself
// escaped; the escape and the blanks after it are dropped.
Continued trim_continuation(std::string_view line, char32_t escape) {
    std::string_view body = line;
    while (!body.empty() && (body.back() == ' ' || body.back() == '\t')) {
        body.remove_suffix(1);
    }
    if (body.empty() || static_cast<unsigned char>(body.back()) != escape) {
        return {line, true};
    }
    body.remove_suffix(1);
    if (!body.empty() && static_cast<unsigned char>(body.back()) == escape) {
        return {line, true};
    }
    return {body, false};
}

bool is_regexp_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

std::size_t count_quotes(std::string_view s) {
    std::size_t count = 0;
    for (const char c : s) {
        count += (c == '\'' || c == '"') ? 1 : 0;
    }
    return count;
}

// A word of the form [digits]<<[-][blanks]name (no further `<`), read as BuildKit does: the
// name is lexed once without and once with quotes kept, and any difference means quoting,
// which turns expansion of the body off.
std::optional<Heredoc> parse_heredoc_word(std::string_view word) {
    std::size_t pos = 0;
    while (pos < word.size() && text::is_digit(static_cast<unsigned char>(word[pos]))) {
        ++pos;
    }
    if (word.substr(pos, 2) != "<<") {
        return std::nullopt;
    }
    pos += 2;
    const bool chomp = pos < word.size() && word[pos] == '-';
    pos += chomp ? 1 : 0;
    while (pos < word.size() && is_regexp_space(word[pos])) {
        ++pos;
    }
    const std::string_view rest = word.substr(pos);
    if (rest.empty() || rest.find('<') != std::string_view::npos) {
        return std::nullopt;
    }

    const std::vector<std::string> words = expand_words(rest, {}, {U'\\', false, false, true});
    if (words.size() != 1) {
        return std::nullopt;
    }
    const std::vector<std::string> raw = expand_words(rest, {}, {U'\\', true, false, true});
    if (raw.size() != words.size()) {
        throw SyntaxError("inconsistent lexing of heredoc word " + std::string(rest));
    }
    return Heredoc{words[0], count_quotes(words[0]) == count_quotes(raw[0]), chomp, {}};
}

// Heredoc words of a line are found with `\` as escape whatever the file's escape is, and
// without expansion; a line the lexer cannot split has none.
std::vector<Heredoc> heredocs_in_line(std::string_view line) {
    std::vector<std::string> words;
    try {
        words = expand_words(line, {}, {U'\\', true, true, true});
    } catch (const SyntaxError&) {
        return {};
    }

    std::vector<Heredoc> heredocs;
    for (const std::string& word : words) {
        if (auto heredoc = parse_heredoc_word(word)) {
            heredocs.push_back(*heredoc);
        }
    }
    return heredocs;
}

bool can_contain_heredoc(const Instruction& instruction) {
    const Instruction& target =
        lowercase_keyword(instruction) == "onbuild" && !instruction.trigger.empty()
            ? instruction.trigger.front()
            : instruction;
    const std::string keyword = lowercase_keyword(target);
    return (keyword == "run" || keyword == "copy" || keyword == "add") && !target.json;
}

Instruction make_instruction(std::string_view line, char32_t escape) {
    CommandLine command = split_command(line, escape);
    Instruction instruction;
    instruction.keyword = std::move(command.keyword);
    instruction.flags = std::move(command.flags);
    instruction.original = std::string(line);

    if (lowercase_keyword(instruction) == "onbuild") {
        if (!command.rest.empty()) {
            instruction.trigger.push_back(make_instruction(command.rest, escape));
        }
        return instruction;
    }
    Arguments arguments = parse_arguments(instruction.keyword, command.rest, escape);
    instruction.args = std::move(arguments.values);
    instruction.json = arguments.json;
    return instruction;
}

class Parser {
public:
    Parser(std::string_view content, const std::string& file_name, int line_offset)
        : m_file(file_name)
        , m_offset(line_offset) {
        split_lines(strip_bom(content));
    }

    ParsedDockerfile run() {
        while (has_line()) {
            read_instruction();
        }
        if (m_result.instructions.empty()) {
            fail(std::max(m_line, 1), "file with no instructions");
        }
        return std::move(m_result);
    }

private:
    // Lines keep their line end, as heredoc bodies need it.
    void split_lines(std::string_view content) {
        while (!content.empty()) {
            const std::size_t end = content.find('\n');
            const std::size_t length = end == std::string_view::npos ? content.size() : end + 1;
            m_lines.push_back(content.substr(0, length));
            content.remove_prefix(length);
        }
    }

    bool has_line() const { return m_next < m_lines.size(); }

    std::string_view take_line() {
        ++m_line;
        return m_lines[m_next++];
    }

    [[noreturn]] void fail(int line, std::string_view what) const {
        throw_at(m_file, line + m_offset, what);
    }

    // Trims the line end (and, for the first line of an instruction, leading blanks), feeds
    // the directive reader, and blanks out comments.
    std::string_view process_line(std::string_view raw, bool strip_left) {
        std::string_view line = text::trim_newline(raw);
        if (strip_left) {
            line = text::trim_left_space(line);
        }
        try {
            if (std::optional<Directive> directive = m_directives.read_line(line)) {
                apply_directive(*directive);
            }
        } catch (const SyntaxError& e) {
            fail(m_line, e.what());
        }
        return is_comment(line) ? std::string_view{} : line;
    }

    void apply_directive(Directive directive) {
        if (directive.name == "escape") {
            if (directive.value != "\\" && directive.value != "`") {
                fail(m_line, "invalid escape token '" + directive.value + "', use ` or \\");
            }
            m_result.escape = static_cast<unsigned char>(directive.value[0]);
        }
        directive.line = m_line + m_offset;
        m_result.directives.push_back(std::move(directive));
    }

    void read_instruction() {
        const std::string_view first = process_line(take_line(), true);
        const int start = m_line;
        Continued piece = trim_continuation(first, m_result.escape);
        if (piece.ends && piece.text.empty()) {
            return;
        }

        // Inside a continuation, comment lines are dropped and empty lines skipped.
        std::string joined(piece.text);
        while (!piece.ends && has_line()) {
            const std::string_view raw = take_line();
            const std::string_view line = process_line(raw, false);
            if (is_comment(raw) || text::trim_left_space(line).empty()) {
                continue;
            }
            piece = trim_continuation(line, m_result.escape);
            joined += piece.text;
        }

        Instruction instruction;
        try {
            instruction = make_instruction(joined, m_result.escape);
            if (can_contain_heredoc(instruction) && joined.find("<<") != std::string::npos) {
                instruction.heredocs = heredocs_in_line(joined);
            }
        } catch (const SyntaxError& e) {
            fail(start, e.what());
        }
        read_heredoc_bodies(instruction, start);
        instruction.start_line = start + m_offset;
        instruction.end_line = m_line + m_offset;
        m_result.instructions.push_back(std::move(instruction));
    }

    // Each heredoc's body runs to a line equal to its name (leading tabs ignored for `<<-`);
    // the bodies follow one another in the order of the words.
    void read_heredoc_bodies(Instruction& instruction, int start) {
        for (Heredoc& heredoc : instruction.heredocs) {
            bool terminated = false;
            while (!terminated && has_line()) {
                const std::string_view raw = take_line();
                std::string_view candidate = text::trim_newline(raw);
                while (heredoc.chomp && !candidate.empty() && candidate.front() == '\t') {
                    candidate.remove_prefix(1);
                }
                terminated = candidate == heredoc.name;
                if (!terminated) {
                    heredoc.content += raw;
                }
            }
            if (!terminated) {
                fail(start, "unterminated heredoc " + heredoc.name);
            }
        }
    }

    std::string m_file;
    int m_offset;
    std::vector<std::string_view> m_lines;
    std::size_t m_next = 0;
    int m_line = 0; // lines consumed so far, i.e. the 1-based number of the last one
    DirectiveReader m_directives;
    ParsedDockerfile m_result;
};

} // namespace

ParsedDockerfile parse_dockerfile(std::string_view content, const std::string& file_name,
                                  int line_offset) {
    return Parser(content, file_name, line_offset).run();
}

std::string lowercase_keyword(const Instruction& instruction) {
    return text::to_lower(instruction.keyword);
}

} // namespace tc::dockerfile
