#include "dockerfile/stages.hpp"

#include "dockerfile/instruction_flags.hpp"
#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"

#include <limits>

namespace tc::dockerfile {

namespace {

bool is_valid_stage_name(std::string_view name) {
    if (name.empty() || name[0] < 'a' || name[0] > 'z') {
        return false;
    }
    for (const char c : name) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace

StageHeader read_stage_header(const Instruction& from) {
    const std::vector<Flag> flags = split_flags(from.flags);
    reject_unknown_flags(flags, {"platform"});

    StageHeader header;
    header.platform = single_flag(flags, "platform");

    const std::vector<std::string>& args = from.args;
    if (args.size() == 3 && text::to_lower(args[1]) == "as") {
        header.name = text::to_lower(args[2]);
        if (!is_valid_stage_name(header.name)) {
            throw SyntaxError("invalid name for build stage: \"" + args[2] +
                              "\", it must start with a letter and hold only letters, digits, "
                              "'-', '_' and '.'");
        }
    } else if (args.size() != 1) {
        throw SyntaxError("FROM requires either one or three arguments");
    }
    header.operand = args[0];
    return header;
}

std::optional<long long> stage_index(std::string_view value) {
    // Go's strconv.Atoi: an optional sign, then at least one decimal digit, no overflow.
    const bool negative = !value.empty() && value[0] == '-';
    if (!value.empty() && (value[0] == '+' || value[0] == '-')) {
        value.remove_prefix(1);
    }
    if (value.empty()) {
        return std::nullopt;
    }

    unsigned long long magnitude = 0;
    const unsigned long long limit =
        static_cast<unsigned long long>(std::numeric_limits<long long>::max()) + (negative ? 1 : 0);
    for (const char c : value) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        const unsigned digit = static_cast<unsigned>(c - '0');
        if (magnitude > (limit - digit) / 10) {
            return std::nullopt;
        }
        magnitude = magnitude * 10 + digit;
    }
    if (negative) {
        return magnitude == limit ? std::numeric_limits<long long>::min()
                                  : -static_cast<long long>(magnitude);
    }
    return static_cast<long long>(magnitude);
}

StageNames::StageNames(const ParsedDockerfile& parsed) {
    for (const Instruction& instruction : parsed.instructions) {
        if (lowercase_keyword(instruction) != "from") {
            continue;
        }
        ++m_count;
        m_last_name.clear();
        if (instruction.args.size() == 3 && text::to_lower(instruction.args[1]) == "as") {
            m_last_name = text::to_lower(instruction.args[2]);
            m_all.insert(m_last_name);
        }
    }
}

bool StageNames::names_any_stage(std::string_view name) const {
    return m_all.count(text::to_lower(name)) != 0;
}

bool StageNames::names_earlier_stage(const std::string& operand) const {
    return m_defined.count(operand) != 0;
}

void StageNames::define(const std::string& name) {
    if (!name.empty()) {
        m_defined.insert(name);
    }
}

} // namespace tc::dockerfile
