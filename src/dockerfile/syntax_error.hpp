#pragma once

#include "util/error.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace tc::dockerfile {

/// A construct BuildKit rejects, found by a component that does not know where it is: the
/// message says what is wrong, and the caller that knows the file and line turns it into a
/// util::Error with throw_at().
class SyntaxError : public std::runtime_error {
public:
    explicit SyntaxError(const std::string& message)
        : std::runtime_error(message) {}
};

/// Throws util::Error(bad_input, "<file>:<line>: <what>"), the form of every Dockerfile error.
[[noreturn]] inline void throw_at(const std::string& file, int line, std::string_view what) {
    throw util::Error(util::ErrorKind::bad_input,
                      file + ":" + std::to_string(line) + ": " + std::string(what));
}

} // namespace tc::dockerfile
