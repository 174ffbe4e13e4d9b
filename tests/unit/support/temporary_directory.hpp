#pragma once

#include "util/files.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

namespace tc::testing {

/// A fresh directory under /tmp, removed with everything in it at the end of the test.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "tc-test-XXXXXX");
        m_path = mkdtemp(pattern.data());
    }
    ~TemporaryDirectory() { std::filesystem::remove_all(m_path); }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    const std::filesystem::path& path() const { return m_path; }

    /// Writes a file below the directory, creating parents; returns its path.
    std::filesystem::path write(const std::string& relative, const std::string& content) const {
        auto file = m_path / relative;
        util::write_file_atomically(file, content);
        return file;
    }

private:
    std::filesystem::path m_path;
};

} // namespace tc::testing
