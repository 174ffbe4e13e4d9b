#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The `--name=value` flags of an instruction, read the way BuildKit's BFlags and its
// RUN --mount parser read them, limited to what decides which images a build pulls.
namespace tc::dockerfile {

/// One flag word taken apart; `value` is empty for `--name` without `=`.
struct Flag {
    std::string name;
    std::optional<std::string> value;
};

/// Splits flag words ("--name=value") into names and values.
std::vector<Flag> split_flags(const std::vector<std::string>& words);

/// The value of a flag that may be given once; nothing if absent. Throws SyntaxError if it is
/// repeated or has no value.
std::optional<std::string> single_flag(const std::vector<Flag>& flags, std::string_view name);

/// Every value of a repeatable flag, in order. Throws SyntaxError for one without value.
std::vector<std::string> repeated_flag(const std::vector<Flag>& flags, std::string_view name);

/// Throws SyntaxError naming the first flag whose name is not in `known`.
void reject_unknown_flags(const std::vector<Flag>& flags,
                          const std::vector<std::string_view>& known);

/// What a RUN --mount takes its content from.
struct MountSource {
    std::string type; // lowercased as written, "bind" by default
    std::string from; // the `from=` value, empty if none
};

/// Reads one `--mount` value (comma-separated key=value fields, CSV quoting). Like BuildKit's
/// first reading it takes `from` literally and refuses a `$` in it other than as last
/// character; a secret mount with `from` is refused too. Throws SyntaxError.
MountSource parse_mount(std::string_view value);

} // namespace tc::dockerfile
