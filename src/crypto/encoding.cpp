#include "crypto/encoding.hpp"

#include <array>

namespace tc::crypto {

namespace {

constexpr std::string_view k_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Maps each byte to its 6-bit value, or -1 for bytes outside the alphabet.
constexpr std::array<int, 256> make_reverse_table() {
    std::array<int, 256> table{};
    for (auto& entry : table) {
        entry = -1;
    }
    for (std::size_t i = 0; i < k_alphabet.size(); ++i) {
        table[static_cast<unsigned char>(k_alphabet[i])] = static_cast<int>(i);
    }
    return table;
}

constexpr std::array<int, 256> k_reverse = make_reverse_table();

} // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::size_t left = bytes.size() - i;
        unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
        if (left > 1) {
            value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        }
        if (left > 2) {
            value |= static_cast<unsigned char>(bytes[i + 2]);
        }
        out.push_back(k_alphabet[(value >> 18) & 63]);
        out.push_back(k_alphabet[(value >> 12) & 63]);
        out.push_back(left > 1 ? k_alphabet[(value >> 6) & 63] : '=');
        out.push_back(left > 2 ? k_alphabet[value & 63] : '=');
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
        ++padding;
    }

    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned value = 0;
    for (std::size_t i = 0; i < text.size() - padding; ++i) {
        int bits = k_reverse[static_cast<unsigned char>(text[i])];
        if (bits < 0) {
            return std::nullopt;
        }
        value = (value << 6) | static_cast<unsigned>(bits);
        if (i % 4 == 3) {
            out.push_back(static_cast<char>((value >> 16) & 0xff));
            out.push_back(static_cast<char>((value >> 8) & 0xff));
            out.push_back(static_cast<char>(value & 0xff));
            value = 0;
        }
    }

    // The last quantum carries 1 or 2 bytes; its unused low bits must be zero (canonical form).
    if (padding == 2) {
        if ((value & 0xf) != 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>((value >> 4) & 0xff));
    } else if (padding == 1) {
        if ((value & 0x3) != 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>((value >> 10) & 0xff));
        out.push_back(static_cast<char>((value >> 2) & 0xff));
    }
    return out;
}

std::string hex_encode(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (char c : bytes) {
        auto byte = static_cast<unsigned char>(c);
        hex.push_back(digits[byte >> 4]);
        hex.push_back(digits[byte & 0x0f]);
    }
    return hex;
}

} // namespace tc::crypto
