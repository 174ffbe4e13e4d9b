#include "dockerfile/instruction_flags.hpp"

#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"

#include <algorithm>

namespace tc::dockerfile {

namespace {

std::string flag_text(std::string_view name) {
    return "--" + std::string(name);
}

std::string_view trim_csv_line_end(std::string_view line) {
    if (!line.empty() && line.back() == '\n') {
        line.remove_suffix(1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
    }
    return line;
}

// One CSV record: a field is either bare (no `"` allowed in it) or quoted, with `""` for a
// quote and nothing but a comma or the end after the closing quote.
std::vector<std::string> split_csv(std::string_view line) {
    line = trim_csv_line_end(line);
    if (line.empty()) {
        throw SyntaxError("empty mount specification");
    }

    std::vector<std::string> fields;
    for (;;) {
        if (line.empty() || line.front() != '"') {
            const std::size_t comma = line.find(',');
            const std::string_view field = line.substr(0, comma);
            if (field.find('"') != std::string_view::npos) {
                throw SyntaxError("bare \" in mount field " + std::string(field));
            }
            fields.emplace_back(field);
            if (comma == std::string_view::npos) {
                return fields;
            }
            line.remove_prefix(comma + 1);
            continue;
        }

        std::string field;
        line.remove_prefix(1);
        for (;;) {
            const std::size_t quote = line.find('"');
            if (quote == std::string_view::npos) {
                throw SyntaxError("unterminated quote in mount specification");
            }
            field.append(line.substr(0, quote));
            line.remove_prefix(quote + 1);
            if (!line.empty() && line.front() == '"') {
                field.push_back('"');
                line.remove_prefix(1);
                continue;
            }
            break;
        }
        fields.push_back(std::move(field));
        if (line.empty()) {
            return fields;
        }
        if (line.front() != ',') {
            throw SyntaxError("unexpected \" in mount specification");
        }
        line.remove_prefix(1);
    }
}

} // namespace

std::vector<Flag> split_flags(const std::vector<std::string>& words) {
    std::vector<Flag> flags;
    for (const std::string& word : words) {
        // The parser only collects words starting with "--".
        const std::string_view body = std::string_view(word).substr(2);
        const std::size_t equals = body.find('=');
        if (equals == std::string_view::npos) {
            flags.push_back({std::string(body), std::nullopt});
        } else {
            flags.push_back(
                {std::string(body.substr(0, equals)), std::string(body.substr(equals + 1))});
        }
    }
    return flags;
}

std::optional<std::string> single_flag(const std::vector<Flag>& flags, std::string_view name) {
    std::optional<std::string> found;
    bool seen = false;
    for (const Flag& flag : flags) {
        if (flag.name != name) {
            continue;
        }
        if (seen) {
            throw SyntaxError("duplicate flag specified: " + flag_text(name));
        }
        if (!flag.value) {
            throw SyntaxError("missing a value on flag: " + flag_text(name));
        }
        seen = true;
        found = flag.value;
    }
    return found;
}

std::vector<std::string> repeated_flag(const std::vector<Flag>& flags, std::string_view name) {
    std::vector<std::string> values;
    for (const Flag& flag : flags) {
        if (flag.name != name) {
            continue;
        }
        if (!flag.value) {
            throw SyntaxError("missing a value on flag: " + flag_text(name));
        }
        values.push_back(*flag.value);
    }
    return values;
}

void reject_unknown_flags(const std::vector<Flag>& flags,
                          const std::vector<std::string_view>& known) {
    for (const Flag& flag : flags) {
        if (std::find(known.begin(), known.end(), flag.name) == known.end()) {
            throw SyntaxError("unknown flag: " + flag_text(flag.name));
        }
    }
}

MountSource parse_mount(std::string_view value) {
    MountSource mount{"bind", ""};
    for (const std::string& field : split_csv(value)) {
        const std::size_t equals = field.find('=');
        if (equals == std::string::npos) {
            continue; // a bare word (ro, rw, required) names no source
        }
        const std::string key = text::to_lower(field.substr(0, equals));
        const std::string field_value = field.substr(equals + 1);
        if (key == "type") {
            mount.type = text::to_lower(field_value);
        } else if (key == "from") {
            const std::size_t dollar = field_value.find('$');
            if (dollar != std::string::npos && dollar + 1 != field_value.size()) {
                throw SyntaxError("mount from=" + field_value +
                                  " cannot use variables; define a stage with FROM instead");
            }
            mount.from = field_value;
        }
    }

    if (mount.type == "secret" && !mount.from.empty()) {
        throw SyntaxError("a secret mount cannot have from=" + mount.from);
    }
    return mount;
}

} // namespace tc::dockerfile
