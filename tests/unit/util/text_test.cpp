#include "util/text.hpp"

#include <gtest/gtest.h>

namespace tc::util {
namespace {

TEST(Printable, EscapesTerminalControl) {
    EXPECT_EQ(printable("a\x1b]0;PWNED\x07\x1b[2Jb"), "a\\x1b]0;PWNED\\x07\\x1b[2Jb");
    EXPECT_EQ(printable("line\nnext\t\x7f"), "line\\x0anext\\x09\\x7f");
}

TEST(Printable, KeepsNewlinesWhenAsked) {
    EXPECT_EQ(printable("compose said:\n\tbad\x1b", true), "compose said:\n\tbad\\x1b");
}

TEST(Printable, LeavesUtf8Alone) {
    EXPECT_EQ(printable("✔ café"), "✔ café");
}

} // namespace
} // namespace tc::util
