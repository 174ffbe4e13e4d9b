#include "cli/enforced.hpp"

#include "enforce/mirror.hpp"
#include "enforce/placeholder.hpp"
#include "engine/compose.hpp"
#include "project/image_uses.hpp"
#include "trust/verify.hpp"
#include "util/error.hpp"
#include "util/process.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

namespace tc::cli {

namespace {

/// The flags of `compose pull` that take a value; every other word starting with '-' is a
/// flag on its own, and the remaining words are services.
const std::set<std::string> k_pull_value_flags{"--policy"};

struct CommandWords {
    std::vector<std::string> flags;
    std::vector<std::string> services;
    bool quiet = false;
};

CommandWords split_command_words(const std::vector<std::string>& arguments,
                                 const std::set<std::string>& value_flags) {
    CommandWords words;
    for (size_t i = 0; i < arguments.size(); ++i) {
        const auto& word = arguments[i];
        if (!word.starts_with("-")) {
            words.services.push_back(word);
            continue;
        }
        words.flags.push_back(word);
        if (word == "-q" || word == "--quiet") {
            words.quiet = true;
        }
        if (value_flags.contains(word) && i + 1 < arguments.size()) {
            words.flags.push_back(arguments[++i]);
        }
    }
    return words;
}

std::string local_registry_of(const Invocation& invocation) {
    return invocation.own.local_registry.value_or(enforce::k_default_local_registry);
}

project::LoadRequest request_with_placeholder(const Invocation& invocation,
                                              const engine::Compose& compose,
                                              const std::vector<std::string>& services,
                                              const std::string& placeholder) {
    project::LoadRequest request{compose, invocation.global, services, util::Environment::current(),
                                 std::filesystem::current_path()};
    request.environment.set(enforce::k_placeholder_variable, placeholder);
    return request;
}

/// The image uses compose itself pulls: not the Dockerfiles', which `build` verifies.
std::vector<project::ImageUse> pulled_uses(const project::LoadRequest& request) {
    auto uses = project::collect_image_uses(project::load_project(request));
    std::erase_if(uses, [](const project::ImageUse& use) {
        return use.kind != project::UseKind::image && use.kind != project::UseKind::hook &&
               use.kind != project::UseKind::volume;
    });
    return uses;
}

std::vector<enforce::MirrorRequest>
mirror_requests(const std::vector<enforce::PlacedImage>& placed) {
    std::vector<enforce::MirrorRequest> requests;
    std::set<std::string> seen;
    for (const auto& image : placed) {
        if (seen.insert(image.remote.str() + " " + image.local.str()).second) {
            requests.push_back({image.remote, image.local});
        }
    }
    return requests;
}

/// One line per image on stdout: ✔ with scheme, signer and digest, or ✘ with the reason.
void report(const std::vector<enforce::MirrorResult>& results, bool quiet) {
    for (const auto& result : results) {
        auto image = result.request.remote.familiar();
        if (result.error) {
            std::cout << fmt::format("✘ {}  {}\n", image, result.error->what());
            continue;
        }
        if (result.moved_tag_digest) {
            spdlog::warn("{}: the tag now points to {}, not to the signed {}; using the signed "
                         "content",
                         image, *result.moved_tag_digest, result.verdict->digest);
        }
        if (!quiet) {
            std::cout << fmt::format("✔ {}  {} ({})  {}\n", image, result.verdict->scheme,
                                     result.verdict->signer, result.verdict->digest);
        }
    }
    std::cout.flush();
}

/// The exit code of the first failure, or 0.
int first_failure(const std::vector<enforce::MirrorResult>& results) {
    for (const auto& result : results) {
        if (result.error) {
            return util::exit_code(result.error->kind());
        }
    }
    return 0;
}

trust::TrustOptions trust_options(const Invocation& invocation) {
    trust::TrustOptions options;
    if (invocation.own.registry_ca_file) {
        options.extra_ca_file = *invocation.own.registry_ca_file;
    }
    return options;
}

} // namespace

int run_pull(const Invocation& invocation, const std::vector<std::string>& arguments) {
    auto words = split_command_words(arguments, k_pull_value_flags);
    auto compose = engine::locate_compose(invocation.own.compose);
    auto local_registry = local_registry_of(invocation);
    auto placeholder = enforce::placeholder_value(local_registry);

    auto remote_uses =
        pulled_uses(request_with_placeholder(invocation, compose, words.services, ""));
    auto local_uses =
        pulled_uses(request_with_placeholder(invocation, compose, words.services, placeholder));
    auto placed = enforce::place_images(remote_uses, local_uses, local_registry);

    enforce::MirrorOptions options;
    if (invocation.own.registry_ca_file) {
        options.client.extra_ca_file = *invocation.own.registry_ca_file;
    }
    auto results = enforce::mirror_images(
        mirror_requests(placed), trust::notaryv1_verifier(trust_options(invocation)), options);
    report(results, words.quiet);
    if (int failure = first_failure(results); failure != 0) {
        spdlog::error("refusing to pull: not every image is verified");
        return failure;
    }

    // Compose now pulls from the local registry only the services whose images were checked;
    // a service that builds is left to `build`, never pulled by its output name.
    std::set<std::string> services;
    for (const auto& image : placed) {
        services.insert(image.use.service);
    }
    if (services.empty()) {
        return 0;
    }
    std::vector<std::string> command{"pull"};
    command.insert(command.end(), words.flags.begin(), words.flags.end());
    command.insert(command.end(), services.begin(), services.end());
    util::ProcessSpec spec;
    spec.argv = engine::compose_argv(compose, invocation.global, command);
    spec.environment = util::Environment::current();
    spec.environment->set(enforce::k_placeholder_variable, placeholder);
    return util::run_inheriting(spec);
}

} // namespace tc::cli
