#include "util/files.hpp"

#include "util/environment.hpp"
#include "util/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tc::util {

namespace {

std::filesystem::path home_directory() {
    auto home = getenv("HOME");
    if (!home || home->empty()) {
        throw Error(ErrorKind::internal, "HOME is not set; cannot find the user's directories");
    }
    return *home;
}

std::filesystem::path xdg_directory(const char* variable, const char* fallback) {
    auto base = getenv(variable);
    if (base && !base->empty() && std::filesystem::path(*base).is_absolute()) {
        return std::filesystem::path(*base) / "trusted-compose";
    }
    return home_directory() / fallback / "trusted-compose";
}

} // namespace

std::string read_file(const std::filesystem::path& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        throw Error(ErrorKind::not_found,
                    "failed to read " + path.string() + ": " + std::strerror(errno));
    }
    std::ostringstream content;
    content << stream.rdbuf();
    return content.str();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path());
    }
    std::string temporary = path.string() + ".tmp.XXXXXX";
    int fd = mkstemp(temporary.data());
    if (fd < 0) {
        throw Error(ErrorKind::internal, "failed to create a file beside " + path.string() + ": " +
                                             std::strerror(errno));
    }
    size_t written = 0;
    while (written < content.size()) {
        ssize_t count = ::write(fd, content.data() + written, content.size() - written);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            int saved = errno;
            ::close(fd);
            ::unlink(temporary.c_str());
            throw Error(ErrorKind::internal,
                        "failed to write " + path.string() + ": " + std::strerror(saved));
        }
        written += static_cast<size_t>(count);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
        int saved = errno;
        ::unlink(temporary.c_str());
        throw Error(ErrorKind::internal,
                    "failed to write " + path.string() + ": " + std::strerror(saved));
    }
}

std::filesystem::path cache_directory() {
    return xdg_directory("XDG_CACHE_HOME", ".cache");
}

std::filesystem::path data_directory() {
    return xdg_directory("XDG_DATA_HOME", ".local/share");
}

std::filesystem::path config_directory() {
    return xdg_directory("XDG_CONFIG_HOME", ".config");
}

} // namespace tc::util
