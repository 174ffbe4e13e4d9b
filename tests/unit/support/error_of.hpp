#pragma once

#include "util/error.hpp"

#include <gtest/gtest.h>

namespace tc::testing {

/// Runs a call expected to throw util::Error and returns the error; a call that returns
/// normally fails the test.
template <typename Call>
util::Error error_of(Call call) {
    try {
        call();
    } catch (const util::Error& error) {
        return error;
    }
    ADD_FAILURE() << "no error was thrown";
    return util::Error(util::ErrorKind::internal, "");
}

} // namespace tc::testing
