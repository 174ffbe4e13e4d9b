#include "util/error.hpp"
#include "util/files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tc::util {
namespace {

TEST(WriteFileAtomically, WritesAndReplacesLeavingNoTemporaries) {
    auto directory = std::filesystem::temp_directory_path() / "tc-files-test";
    std::filesystem::remove_all(directory);
    auto file = directory / "sub" / "f.txt";
    write_file_atomically(file, "one");
    write_file_atomically(file, "two");
    EXPECT_EQ(read_file(file), "two");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(file.parent_path()),
                            std::filesystem::directory_iterator()),
              1);
    std::filesystem::remove_all(directory);
}

TEST(ReadFile, MissingFileIsNotFoundNamingThePath) {
    try {
        read_file("/nonexistent/x");
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::not_found);
        EXPECT_NE(std::string(error.what()).find("/nonexistent/x"), std::string::npos);
    }
}

TEST(CacheDirectory, FollowsXdgCacheHome) {
    setenv("XDG_CACHE_HOME", "/somewhere", 1);
    EXPECT_EQ(cache_directory(), std::filesystem::path("/somewhere/trusted-compose"));
    unsetenv("XDG_CACHE_HOME");
}

} // namespace
} // namespace tc::util
