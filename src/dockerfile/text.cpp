#include "dockerfile/text.hpp"

namespace tc::dockerfile::text {

namespace {

bool is_continuation_byte(unsigned char b) {
    return (b & 0xC0) == 0x80;
}

// Expected sequence length for a lead byte, 0 if it cannot start a sequence.
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        return 2;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        return 4;
    }
    return 0;
}

bool in_range(char32_t c, char32_t low, char32_t high) {
    return c >= low && c <= high;
}

bool is_ascii_space(char c) {
    return c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == ' ';
}

} // namespace

Rune decode_at(std::string_view s, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(s[pos]);
    const std::size_t length = sequence_length(lead);
    const Rune raw{raw_byte_base + lead, 1};
    if (length == 1) {
        return {lead, 1};
    }
    if (length == 0 || pos + length > s.size()) {
        return raw;
    }

    char32_t code = lead & (0xFF >> (length + 1));
    for (std::size_t i = 1; i < length; ++i) {
        const auto b = static_cast<unsigned char>(s[pos + i]);
        if (!is_continuation_byte(b)) {
            return raw;
        }
        code = (code << 6) | (b & 0x3F);
    }

    // Overlong forms, surrogates and values past U+10FFFF are not characters.
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || in_range(code, 0xD800, 0xDFFF) || code > 0x10FFFF) {
        return raw;
    }
    return {code, length};
}

void append_utf8(std::string& out, char32_t code) {
    if (code >= raw_byte_base) {
        out.push_back(static_cast<char>(code - raw_byte_base));
    } else if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

std::u32string decode(std::string_view s) {
    std::u32string out;
    for (std::size_t pos = 0; pos < s.size();) {
        const Rune rune = decode_at(s, pos);
        out.push_back(rune.code);
        pos += rune.size;
    }
    return out;
}

std::string encode(std::u32string_view s) {
    std::string out;
    for (const char32_t c : s) {
        append_utf8(out, c);
    }
    return out;
}

bool is_space(char32_t c) {
    if (c < 0x80) {
        return c == ' ' || in_range(c, '\t', '\r');
    }
    return c == 0x85 || c == 0xA0 || c == 0x1680 || in_range(c, 0x2000, 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_digit(char32_t c) {
    return in_range(c, '0', '9');
}

bool is_letter(char32_t c) {
    if (c < 0x80) {
        return in_range(c, 'a', 'z') || in_range(c, 'A', 'Z');
    }
    if (c >= raw_byte_base || is_space(c)) {
        return false;
    }
    // Limitation: only the common non-letter blocks are excluded, not Unicode's full tables.
    const bool latin1_symbol = in_range(c, 0x80, 0xBF) && c != 0xAA && c != 0xB5 && c != 0xBA;
    const bool symbol_block = in_range(c, 0x2000, 0x2BFF) || in_range(c, 0x3000, 0x3003) ||
                              in_range(c, 0xFF01, 0xFF0F) || in_range(c, 0x1F000, 0x1FAFF);
    return !latin1_symbol && c != 0xD7 && c != 0xF7 && !symbol_block && c != 0xFEFF;
}

std::string_view trim_left_space(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const Rune rune = decode_at(s, pos);
        if (!is_space(rune.code)) {
            break;
        }
        pos += rune.size;
    }
    return s.substr(pos);
}

std::string_view trim_space(std::string_view s) {
    s = trim_left_space(s);

    // Walk forward remembering where the last non-space character ends: UTF-8 cannot be
    // decoded backwards reliably when it may be invalid.
    std::size_t end = 0;
    for (std::size_t pos = 0; pos < s.size();) {
        const Rune rune = decode_at(s, pos);
        pos += rune.size;
        if (!is_space(rune.code)) {
            end = pos;
        }
    }
    return s.substr(0, end);
}

std::string_view trim_newline(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string> split_whitespace(std::string_view s, std::size_t limit) {
    // Go's regexp.Split: "" yields one empty piece; leading/trailing runs yield empty pieces.
    std::vector<std::string> pieces;
    std::size_t begin = 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
        if (limit != 0 && pieces.size() + 1 == limit) {
            break;
        }
        if (!is_ascii_space(s[pos])) {
            ++pos;
            continue;
        }
        std::size_t end = pos;
        while (end < s.size() && is_ascii_space(s[end])) {
            ++end;
        }
        pieces.emplace_back(s.substr(begin, pos - begin));
        begin = end;
        pos = end;
    }
    pieces.emplace_back(s.substr(begin));
    return pieces;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

} // namespace tc::dockerfile::text
