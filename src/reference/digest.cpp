#include "reference/chars.hpp"
#include "reference/grammar.hpp"

#include <fmt/format.h>

#include <array>

namespace tc::reference::grammar {

namespace {

struct KnownAlgorithm {
    std::string_view name;
    std::size_t hex_digits;
};

// The algorithms go-digest registers by default.
constexpr std::array<KnownAlgorithm, 3> known_algorithms{{
    {"sha256", 64},
    {"sha384", 96},
    {"sha512", 128},
}};

} // namespace

std::optional<std::string> digest_problem(std::string_view digest) {
    const auto colon = digest.find(':');
    if (colon == digest.npos) {
        return "has no ':' between algorithm and hex";
    }
    const auto algorithm = digest.substr(0, colon);
    const auto hex = digest.substr(colon + 1);
    if (algorithm.empty()) {
        return "has an empty algorithm";
    }

    const KnownAlgorithm* known = nullptr;
    for (const auto& candidate : known_algorithms) {
        if (candidate.name == algorithm) {
            known = &candidate;
        }
    }
    if (known == nullptr) {
        return fmt::format("has unsupported algorithm {} (supported: sha256, sha384, sha512)",
                           quote(algorithm));
    }

    // go-digest accepts only lowercase hex for these algorithms, although the reference grammar
    // alone would let uppercase through.
    for (char c : hex) {
        if (chars::is_any_hex(c) && !chars::is_lower_hex(c)) {
            return fmt::format("{} must be lowercase hex", algorithm);
        }
        if (!chars::is_lower_hex(c)) {
            return fmt::format("{} has invalid character {}", algorithm, show_char(c));
        }
    }
    if (hex.size() != known->hex_digits) {
        return fmt::format("{} must have {} hex digits, got {}", algorithm, known->hex_digits,
                           hex.size());
    }
    return std::nullopt;
}

} // namespace tc::reference::grammar
