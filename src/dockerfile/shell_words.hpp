#pragma once

#include "dockerfile/text.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tc::dockerfile {

/// Splits the text of an expansion into words at unquoted blanks (internal to shell_expand).
// The buffer belongs to the lexer and is shared by nested ${...} expansions, each of which
// clears it on entry: BuildKit behaves this way, and since heredoc detection depends on the
// words, it is reproduced rather than fixed.
class WordCollector {
public:
    /// A collector writing into the lexer's shared `buffer`, which it clears.
    explicit WordCollector(std::u32string& buffer)
        : m_buffer(buffer) {
        m_buffer.clear();
    }

    /// An expanded character: a blank ends the current word.
    void add_char(char32_t c) {
        if (!text::is_space(c)) {
            add_raw_char(c);
        } else if (m_in_word && !m_buffer.empty()) {
            m_words.push_back(std::exchange(m_buffer, {}));
            m_in_word = false;
        }
    }

    /// A quoted or escaped character: always part of the word.
    void add_raw_char(char32_t c) {
        m_buffer.push_back(c);
        m_in_word = true;
    }

    /// Expanded text, character by character.
    void add_string(std::u32string_view s) {
        for (const char32_t c : s) {
            add_char(c);
        }
    }

    /// Quoted text: part of the word even if empty or blank.
    void add_raw_string(std::u32string_view s) {
        m_buffer.append(s);
        m_in_word = true;
    }

    /// The words so far, the unfinished one included.
    std::vector<std::u32string> take_words() {
        if (!m_buffer.empty()) {
            m_words.push_back(std::exchange(m_buffer, {}));
            m_in_word = false;
        }
        return std::move(m_words);
    }

private:
    std::u32string& m_buffer;
    std::vector<std::u32string> m_words;
    bool m_in_word = false;
};

} // namespace tc::dockerfile
