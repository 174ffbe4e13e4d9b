#include "cli/local_registry.hpp"

#include "cli/options.hpp"
#include "registry/http.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/process.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <chrono>
#include <iostream>
#include <thread>

namespace tc::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_container = "trusted-compose-registry";
constexpr const char* k_image = "registry:2";
constexpr const char* k_binary = "docker-registry";

struct Place {
    std::string address; // host:port it listens on
    fs::path data;       // where its content lives
    fs::path pid_file;   // the binary's, when it runs as one
};

Place place_of(const Invocation& invocation) {
    Place place;
    place.address = local_registry_of(invocation);
    auto directory = util::data_directory() / "registry";
    place.data = directory / "data";
    place.pid_file = directory / "registry.pid";
    return place;
}

/// "localhost:5000" → "127.0.0.1:5000": the registry must never listen beyond loopback.
std::string loopback_bind_address(const std::string& address) {
    auto colon = address.rfind(':');
    std::string host = colon == std::string::npos ? address : address.substr(0, colon);
    std::string port = colon == std::string::npos ? "5000" : address.substr(colon + 1);
    if (host != "localhost" && !host.starts_with("127.")) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("--local-registry {}: the local registry must be on "
                                      "loopback (localhost or 127.x.x.x)",
                                      address));
    }
    return (host == "localhost" ? "127.0.0.1" : host) + ":" + port;
}

util::ProcessResult run(std::vector<std::string> argv) {
    util::ProcessSpec spec;
    spec.argv = std::move(argv);
    return util::run_captured(spec);
}

/// Whether a registry answers the distribution API's base endpoint there.
bool answers(const std::string& address) {
    registry::HttpOptions options;
    options.connect_timeout = std::chrono::seconds(2);
    options.request_timeout = std::chrono::seconds(2);
    registry::HttpSession session(options);
    registry::HttpRequest request;
    request.url = fmt::format("http://{}/v2/", address);
    try {
        auto status = session.send(request).status;
        return status == 200 || status == 401;
    } catch (const util::Error&) {
        return false; // nothing listens there
    }
}

bool container_runs() {
    auto result = run({"docker", "inspect", "--format", "{{.State.Running}}", k_container});
    return result.exit_code == 0 && result.standard_output.starts_with("true");
}

bool engine_has_image() {
    return util::program_exists("docker") &&
           run({"docker", "image", "inspect", k_image}).exit_code == 0;
}

std::optional<pid_t> binary_pid(const Place& place) {
    if (!fs::exists(place.pid_file)) {
        return std::nullopt;
    }
    pid_t pid = std::stoi(util::read_file(place.pid_file));
    if (kill(pid, 0) != 0) {
        return std::nullopt;
    }
    return pid;
}

void wait_until_it_answers(const std::string& address) {
    for (int attempt = 0; attempt < 50; ++attempt) {
        if (answers(address)) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw util::Error(util::ErrorKind::network,
                      fmt::format("the local registry started but does not answer at "
                                  "http://{}/v2/",
                                  address));
}

void start_binary(const Place& place, const std::string& bind) {
    fs::create_directories(place.data);
    auto config = place.pid_file.parent_path() / "config.yml";
    util::write_file_atomically(config, fmt::format("version: 0.1\n"
                                                    "storage:\n"
                                                    "  filesystem:\n"
                                                    "    rootdirectory: {}\n"
                                                    "http:\n"
                                                    "  addr: {}\n",
                                                    place.data.string(), bind));
    util::ProcessSpec spec;
    spec.argv = {k_binary, "serve", config.string()};
    int pid = util::spawn_detached(spec, place.pid_file.parent_path() / "registry.log");
    util::write_file_atomically(place.pid_file, std::to_string(pid));
}

int start(const Place& place) {
    auto bind = loopback_bind_address(place.address);
    if (container_runs() || binary_pid(place)) {
        std::cout << fmt::format("the local registry already runs at {}\n", place.address);
        return 0;
    }
    if (answers(place.address)) {
        std::cout << fmt::format("a registry not started by trusted-compose already answers at "
                                 "{}; using it\n",
                                 place.address);
        return 0;
    }

    if (engine_has_image()) {
        fs::create_directories(place.data);
        auto result =
            run({"docker", "run", "-d", "--name", k_container, "--restart", "always", "-p",
                 bind + ":5000", "-v", place.data.string() + ":/var/lib/registry", k_image});
        if (result.exit_code != 0) {
            throw util::Error(util::ErrorKind::internal,
                              "failed to start the registry container: " + result.standard_error);
        }
    } else if (util::program_exists(k_binary)) {
        start_binary(place, bind);
    } else {
        throw util::Error(util::ErrorKind::not_found,
                          fmt::format("cannot start a local registry: the engine has no {} "
                                      "image and {} is not installed (apt-get install "
                                      "docker-registry)",
                                      k_image, k_binary));
    }
    wait_until_it_answers(place.address);
    std::cout << fmt::format("the local registry runs at {}\n", place.address);
    return 0;
}

int stop(const Place& place) {
    if (container_runs()) {
        run({"docker", "rm", "-f", k_container});
    }
    if (auto pid = binary_pid(place)) {
        kill(*pid, SIGTERM);
    }
    fs::remove(place.pid_file);
    std::cout << "the local registry is stopped\n";
    return 0;
}

int status(const Place& place) {
    std::string how;
    if (container_runs()) {
        how = fmt::format("the {} container {}", k_image, k_container);
    } else if (auto pid = binary_pid(place)) {
        how = fmt::format("{} (pid {})", k_binary, *pid);
    } else if (answers(place.address)) {
        std::cout << fmt::format("a registry not started by trusted-compose answers at {}\n",
                                 place.address);
        return 0;
    } else {
        std::cout << fmt::format("no local registry at {}\n", place.address);
        return 3;
    }
    std::cout << fmt::format("the local registry runs at {} as {}; its data is in {}\n",
                             place.address, how, place.data.string());
    return 0;
}

} // namespace

int run_trust_registry(const Invocation& invocation, const std::vector<std::string>& arguments) {
    std::string action = arguments.empty() ? "" : arguments[0];
    auto place = place_of(invocation);
    if (action == "start") {
        return start(place);
    }
    if (action == "stop") {
        return stop(place);
    }
    if (action == "status") {
        return status(place);
    }
    throw util::Error(
        util::ErrorKind::bad_input,
        fmt::format("trust registry needs start, stop or status, not \"{}\"", action));
}

} // namespace tc::cli
