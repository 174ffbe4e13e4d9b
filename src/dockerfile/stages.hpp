#pragma once

#include "dockerfile/parser.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>

// Build stages: what a FROM line says about its stage, and which names a `--from`, a mount's
// `from=` or a FROM operand can mean a stage by.
namespace tc::dockerfile {

/// The parts of `FROM [--platform=<p>] <operand> [AS <name>]`, nothing expanded yet.
struct StageHeader {
    std::string operand;                 // the base image or stage, as written
    std::string name;                    // lowercased stage name, empty if none
    std::optional<std::string> platform; // the --platform value, as written
};

/// Reads a FROM instruction. Throws SyntaxError for a wrong number of arguments, a bad stage
/// name (it must match [a-z][a-z0-9-_.]* once lowercased) or a flag other than --platform.
StageHeader read_stage_header(const Instruction& from);

/// If `value` is a stage index for BuildKit (an optionally signed decimal integer that fits
/// 64 bits), that index.
std::optional<long long> stage_index(std::string_view value);

/// The stage names of a Dockerfile, all of them and those defined so far.
class StageNames {
public:
    /// Records every stage name of the file, so that --from can refer to later stages.
    explicit StageNames(const ParsedDockerfile& parsed);

    /// Whether `name` names a stage anywhere in the file, compared case-insensitively (how
    /// COPY --from and mount from= look stages up).
    bool names_any_stage(std::string_view name) const;

    /// Whether a FROM operand (after expansion) is a stage defined before the current one;
    /// it is compared as is with the lowercased names, so `FROM Build` is an image.
    bool names_earlier_stage(const std::string& operand) const;

    /// Marks the stage of a FROM as defined, for the FROM lines after it.
    void define(const std::string& name);

    /// How many FROM lines the file has.
    std::size_t count() const { return m_count; }

    /// The name of the last stage (BuildKit's default target), empty if it has none.
    const std::string& last_name() const { return m_last_name; }

private:
    std::set<std::string> m_all;
    std::set<std::string> m_defined;
    std::size_t m_count = 0;
    std::string m_last_name;
};

} // namespace tc::dockerfile
