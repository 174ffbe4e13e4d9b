#pragma once

#include "util/environment.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tc::util {

/// How to start a child process. Programs are always exec'd with an argv, never through a
/// shell, so nothing a user wrote is ever parsed as shell syntax.
struct ProcessSpec {
    std::vector<std::string> argv;                // argv[0] is looked up on PATH
    std::optional<Environment> environment;       // unset: inherit ours
    std::optional<std::filesystem::path> workdir; // unset: ours
    std::string standard_input;                   // fed to the child, then closed
};

/// What a finished child printed and how it ended.
struct ProcessResult {
    int exit_code = 0; // 128 + signal number if killed by a signal, like a shell
    std::string standard_output;
    std::string standard_error;
};

/// Runs a program to completion, capturing both output streams.
/// Throws Error(internal) if it cannot be started (e.g. not found on PATH).
ProcessResult run_captured(const ProcessSpec& spec);

/// Runs a program with our stdin/stdout/stderr and returns its exit code.
int run_inheriting(const ProcessSpec& spec);

/// Replaces this process with the program; returns only by throwing Error(internal).
[[noreturn]] void exec_replacing(const ProcessSpec& spec);

/// Starts a program in a session of its own that outlives us (a daemon), its output appended
/// to `log_file` and its input /dev/null; returns its pid without waiting.
int spawn_detached(const ProcessSpec& spec, const std::filesystem::path& log_file);

/// Whether a program name resolves on PATH (or is an executable path).
bool program_exists(const std::string& program);

} // namespace tc::util
