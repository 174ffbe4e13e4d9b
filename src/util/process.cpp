#include "util/process.hpp"

#include "util/error.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace tc::util {

namespace {

/// Owns a pipe's two ends and closes whatever is still open.
struct Pipe {
    int read_end = -1;
    int write_end = -1;

    Pipe() {
        std::array<int, 2> ends{};
        if (pipe2(ends.data(), O_CLOEXEC) != 0) {
            throw Error(ErrorKind::internal,
                        std::string("failed to create a pipe: ") + std::strerror(errno));
        }
        read_end = ends[0];
        write_end = ends[1];
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    ~Pipe() {
        close_read();
        close_write();
    }

    void close_read() {
        if (read_end >= 0) {
            ::close(read_end);
            read_end = -1;
        }
    }
    void close_write() {
        if (write_end >= 0) {
            ::close(write_end);
            write_end = -1;
        }
    }
};

/// argv and envp as the NUL-terminated char* arrays posix_spawn wants; they point into spec.
struct SpawnArrays {
    std::vector<std::string> environment_strings;
    std::vector<char*> argv;
    std::vector<char*> envp;

    explicit SpawnArrays(const ProcessSpec& spec) {
        if (spec.argv.empty()) {
            throw Error(ErrorKind::internal, "cannot start a process with an empty argv");
        }
        for (const auto& argument : spec.argv) {
            argv.push_back(const_cast<char*>(argument.c_str()));
        }
        argv.push_back(nullptr);
        if (spec.environment) {
            environment_strings = spec.environment->to_strings();
            for (auto& entry : environment_strings) {
                envp.push_back(entry.data());
            }
            envp.push_back(nullptr);
        }
    }

    char** environment() { return envp.empty() ? environ : envp.data(); }
};

int decode_wait_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return 128;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw Error(ErrorKind::internal,
                        std::string("failed to wait for a child: ") + std::strerror(errno));
        }
    }
    return decode_wait_status(status);
}

pid_t spawn(const ProcessSpec& spec, posix_spawn_file_actions_t* actions) {
    SpawnArrays arrays(spec);
    if (spec.workdir) {
        posix_spawn_file_actions_addchdir_np(actions, spec.workdir->c_str());
    }
    pid_t pid = 0;
    int result = posix_spawnp(&pid, arrays.argv[0], actions, nullptr, arrays.argv.data(),
                              arrays.environment());
    if (result != 0) {
        throw Error(ErrorKind::internal,
                    "failed to start " + spec.argv[0] + ": " + std::strerror(result));
    }
    return pid;
}

/// Appends what is readable on fd to out; returns false at end of file.
bool drain(int fd, std::string& out) {
    std::array<char, 65536> buffer{};
    ssize_t count = ::read(fd, buffer.data(), buffer.size());
    if (count < 0) {
        return errno == EINTR || errno == EAGAIN;
    }
    out.append(buffer.data(), static_cast<size_t>(count));
    return count > 0;
}

} // namespace

ProcessResult run_captured(const ProcessSpec& spec) {
    Pipe input;
    Pipe output;
    Pipe errors;

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input.read_end, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, output.write_end, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errors.write_end, STDERR_FILENO);
    pid_t pid = 0;
    try {
        pid = spawn(spec, &actions);
    } catch (...) {
        posix_spawn_file_actions_destroy(&actions);
        throw;
    }
    posix_spawn_file_actions_destroy(&actions);
    input.close_read();
    output.close_write();
    errors.close_write();

    // A child that stops reading its input must not kill us with SIGPIPE.
    struct sigaction ignore {};
    struct sigaction previous {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &previous);

    ProcessResult result;
    size_t written = 0;
    if (spec.standard_input.empty()) {
        input.close_write();
    }
    while (output.read_end >= 0 || errors.read_end >= 0) {
        std::array<pollfd, 3> fds{{{output.read_end, POLLIN, 0},
                                   {errors.read_end, POLLIN, 0},
                                   {input.write_end, POLLOUT, 0}}};
        if (poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
            !drain(output.read_end, result.standard_output)) {
            output.close_read();
        }
        if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) &&
            !drain(errors.read_end, result.standard_error)) {
            errors.close_read();
        }
        if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
            ssize_t count = ::write(input.write_end, spec.standard_input.data() + written,
                                    spec.standard_input.size() - written);
            if (count > 0) {
                written += static_cast<size_t>(count);
            }
            if (count < 0 || written == spec.standard_input.size()) {
                input.close_write();
            }
        }
    }
    input.close_write();
    sigaction(SIGPIPE, &previous, nullptr);

    result.exit_code = wait_for(pid);
    return result;
}

int run_inheriting(const ProcessSpec& spec) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    pid_t pid = 0;
    try {
        pid = spawn(spec, &actions);
    } catch (...) {
        posix_spawn_file_actions_destroy(&actions);
        throw;
    }
    posix_spawn_file_actions_destroy(&actions);

    // Like a shell running a foreground job: Ctrl-C reaches the child through the terminal's
    // process group; we wait for it to finish instead of dying first.
    struct sigaction ignore {};
    struct sigaction previous_interrupt {};
    struct sigaction previous_quit {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ignore, &previous_interrupt);
    sigaction(SIGQUIT, &ignore, &previous_quit);
    int exit_code = wait_for(pid);
    sigaction(SIGINT, &previous_interrupt, nullptr);
    sigaction(SIGQUIT, &previous_quit, nullptr);
    return exit_code;
}

void exec_replacing(const ProcessSpec& spec) {
    SpawnArrays arrays(spec);
    if (spec.workdir && chdir(spec.workdir->c_str()) != 0) {
        throw Error(ErrorKind::internal,
                    "failed to enter " + spec.workdir->string() + ": " + std::strerror(errno));
    }
    execvpe(arrays.argv[0], arrays.argv.data(), arrays.environment());
    throw Error(ErrorKind::internal, "failed to run " + spec.argv[0] + ": " + std::strerror(errno));
}

int spawn_detached(const ProcessSpec& spec, const std::filesystem::path& log_file) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    if (spec.workdir) {
        posix_spawn_file_actions_addchdir_np(&actions, spec.workdir->c_str());
    }
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);

    SpawnArrays arrays(spec);
    pid_t pid = 0;
    int result = posix_spawnp(&pid, arrays.argv[0], &actions, &attributes, arrays.argv.data(),
                              arrays.environment());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (result != 0) {
        throw Error(ErrorKind::internal,
                    "failed to start " + spec.argv[0] + ": " + std::strerror(result));
    }
    return pid;
}

bool program_exists(const std::string& program) {
    if (program.find('/') != std::string::npos) {
        return access(program.c_str(), X_OK) == 0;
    }
    auto path = getenv("PATH").value_or("/usr/local/bin:/usr/bin:/bin");
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find(':', start);
        if (end == std::string::npos) {
            end = path.size();
        }
        std::string directory = path.substr(start, end - start);
        std::string candidate = (directory.empty() ? "." : directory) + "/" + program;
        struct stat info {};
        if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
            access(candidate.c_str(), X_OK) == 0) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

} // namespace tc::util
