#include "cli/main.hpp"

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/enforced.hpp"
#include "cli/local_registry.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

namespace tc::cli {

namespace {

constexpr const char* k_usage =
    R"(Usage: trusted-compose [OPTIONS] [COMPOSE GLOBAL FLAGS] COMMAND [ARGS...]

trusted-compose accepts docker compose's command line and makes sure every image a compose
project uses has a verified signature. Its own commands live under "trust"; every other
command is compose's and runs in compose, with the same arguments and exit code.

Own commands:
  trust images [--format table|json] [SERVICE...]
                        List every image use of the selected services: service images,
                        Dockerfile FROM / COPY --from / RUN --mount from / # syntax,
                        additional contexts, cache sources, hook and volume images.
  trust resolve IMAGE   Print the digest a tag points to in its registry now (unverified).
  trust registry start|stop|status
                        The local registry of verified content (loopback only).

Intercepted compose commands:
  pull [SERVICE...]     Verify every service image's signature (Docker Content Trust), copy
                        only verified content, by its signed digest, into the local registry,
                        then run compose pull from there.
  build [SERVICE...]    Verify every image the builds use (FROM, COPY --from, RUN --mount
                        from, # syntax, named contexts), copy it into the local registry, and
                        build with ${DOCKER_REGISTRY} pointing there.
  push [SERVICE...]     Push every image the selected services build, then sign each pushed
                        digest with Docker Content Trust (DOCKER_CONTENT_TRUST_*_PASSPHRASE).

Options (before compose's global flags):
  --compose COMMAND     The compose to run, e.g. "docker-compose" or "docker compose"
                        (also TRUSTED_COMPOSE_COMPOSE; default: `docker compose` if that
                        plugin answers, else docker-compose).
  --registry-ca-file F  Trust this CA file for registries, besides the system store.
  --local-registry H:P  The local registry for verified content (default localhost:5000).
  --verbose             Log each decision and HTTP request on stderr (never credentials).
  -h, --help            This help. `trusted-compose COMMAND --help` is compose's help.

Compose's global flags (-f, -p, --profile, --env-file, --project-directory, ...) are passed to
compose as written; see `docker compose --help`.
)";

int dispatch(const Invocation& invocation) {
    const auto& words = invocation.command_and_arguments;
    if (invocation.own.help) {
        std::cout << k_usage;
        return 0;
    }
    if (!words.empty() && words[0] == "pull") {
        return run_pull(invocation, {words.begin() + 1, words.end()});
    }
    if (!words.empty() && words[0] == "build") {
        return run_build(invocation, {words.begin() + 1, words.end()});
    }
    if (!words.empty() && words[0] == "push") {
        return run_push(invocation, {words.begin() + 1, words.end()});
    }
    if (words.empty() || words[0] != "trust") {
        return run_passthrough(invocation);
    }

    std::vector<std::string> arguments(words.begin() + std::min<size_t>(2, words.size()),
                                       words.end());
    std::string subcommand = words.size() > 1 ? words[1] : "";
    if (subcommand == "images") {
        return run_trust_images(invocation, arguments);
    }
    if (subcommand == "resolve") {
        return run_trust_resolve(invocation, arguments);
    }
    if (subcommand == "registry") {
        return run_trust_registry(invocation, arguments);
    }
    if (subcommand == "help" || subcommand == "--help" || subcommand == "-h") {
        std::cout << k_usage;
        return 0;
    }
    throw util::Error(
        util::ErrorKind::bad_input,
        subcommand.empty()
            ? std::string("\"trust\" needs a command: images, resolve or registry (see --help)")
            : fmt::format("unknown command \"trust {}\" (known: images, resolve, registry)",
                          subcommand));
}

} // namespace

int main(int argc, char** argv) {
    // Progress and logs go to stderr; stdout carries only results.
    auto logger = spdlog::stderr_logger_st("trusted-compose");
    logger->set_pattern("trusted-compose: %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::info);

    try {
        std::vector<std::string> arguments(argv + 1, argv + argc);
        auto invocation = split_arguments(arguments);
        if (invocation.own.verbose) {
            spdlog::set_level(spdlog::level::debug);
        }
        return dispatch(invocation);
    } catch (const util::Error& error) {
        std::cerr << "trusted-compose: " << util::printable(error.what(), true) << '\n';
        return util::exit_code(error.kind());
    } catch (const std::exception& error) {
        std::cerr << "trusted-compose: internal error: " << util::printable(error.what(), true)
                  << '\n';
        return util::exit_code(util::ErrorKind::internal);
    }
}

} // namespace tc::cli
