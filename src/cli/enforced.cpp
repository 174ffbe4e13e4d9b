#include "cli/enforced.hpp"

#include "cli/options.hpp"
#include "enforce/mirror.hpp"
#include "enforce/placeholder.hpp"
#include "engine/compose.hpp"
#include "project/image_uses.hpp"
#include "trust/verify.hpp"
#include "util/error.hpp"
#include "util/process.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

namespace tc::cli {

namespace {

/// The flags of `compose pull` that take a value; every other word starting with '-' is a
/// flag on its own, and the remaining words are services.
const std::set<std::string> k_pull_value_flags{"--policy"};
const std::set<std::string> k_build_value_flags{
    "--build-arg", "--builder", "--ssh", "--sbom", "--provenance", "-m", "--memory", "--progress"};

/// The --build-arg values among a command's flags; a name without a value takes ours, as
/// compose does.
std::map<std::string, std::string> build_args_of(const std::vector<std::string>& flags) {
    std::map<std::string, std::string> args;
    for (size_t i = 0; i < flags.size(); ++i) {
        std::string assignment;
        if (flags[i] == "--build-arg" && i + 1 < flags.size()) {
            assignment = flags[++i];
        } else if (flags[i].starts_with("--build-arg=")) {
            assignment = flags[i].substr(12);
        } else {
            continue;
        }
        auto equals = assignment.find('=');
        if (equals != std::string::npos) {
            args[assignment.substr(0, equals)] = assignment.substr(equals + 1);
        } else if (auto value = util::getenv(assignment.c_str())) {
            args[assignment] = *value;
        }
    }
    return args;
}

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

bool compose_pulls(project::UseKind kind) {
    return kind == project::UseKind::image || kind == project::UseKind::hook ||
           kind == project::UseKind::volume;
}

/// The uses of one view of the project: the image uses compose itself pulls, or, for a build,
/// those the builder pulls (Dockerfiles, named contexts, cache sources).
std::vector<project::ImageUse> uses_of(const project::LoadRequest& request, bool for_build,
                                       const std::map<std::string, std::string>& build_args) {
    auto uses = project::collect_image_uses(project::load_project(request), build_args);
    std::erase_if(uses, [for_build](const project::ImageUse& use) {
        return compose_pulls(use.kind) == for_build;
    });
    return uses;
}

/// `# syntax=` cannot use the placeholder (directives are not expanded), so each frontend is
/// copied under the local registry and handed to the builder as BUILDKIT_SYNTAX. The syntax
/// uses are taken out of both lists.
std::vector<enforce::PlacedImage> place_frontends(std::vector<project::ImageUse>& remote_uses,
                                                  std::vector<project::ImageUse>& local_uses,
                                                  const std::string& local_registry) {
    std::vector<enforce::PlacedImage> frontends;
    std::set<std::string> distinct;
    for (const auto& use : remote_uses) {
        if (use.kind != project::UseKind::syntax) {
            continue;
        }
        auto remote = reference::parse_normalized(use.reference);
        auto local = reference::parse_normalized(local_registry + "/" + remote.repository() +
                                                 (remote.tag ? ":" + *remote.tag : ""));
        if (distinct.insert(remote.str()).second) {
            frontends.push_back({use, remote, local});
        }
    }
    // Limitation: one BUILDKIT_SYNTAX serves every service of a build call.
    if (distinct.size() > 1) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("the selected services use {} different # syntax "
                                      "frontends; build them one at a time",
                                      distinct.size()));
    }
    auto is_syntax = [](const project::ImageUse& use) {
        return use.kind == project::UseKind::syntax;
    };
    std::erase_if(remote_uses, is_syntax);
    std::erase_if(local_uses, is_syntax);
    return frontends;
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
            std::cout << fmt::format("✘ {}  {}\n", util::printable(image),
                                     util::printable(result.error->what()));
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

/// Verifies and copies every placed image, prints a line for each, and returns the exit code
/// of the first failure (0 when all are verified). `refresh`: verify and copy again even
/// when the local registry already holds the verified digest under the local tag.
int verify_and_mirror(const Invocation& invocation, const std::vector<enforce::PlacedImage>& placed,
                      bool refresh, bool quiet) {
    enforce::MirrorOptions options;
    options.refresh = refresh;
    options.client = registry_client_options(invocation);
    auto results = enforce::mirror_images(
        mirror_requests(placed), trust::notaryv1_verifier(trust_options(invocation)), options);
    report(results, quiet);
    return first_failure(results);
}

/// Runs a compose command with the placeholder pointing at the local registry.
int run_compose_enforced(const Invocation& invocation, const engine::Compose& compose,
                         const std::vector<std::string>& command, const std::string& placeholder) {
    util::ProcessSpec spec;
    spec.argv = engine::compose_argv(compose, invocation.global, command);
    spec.environment = util::Environment::current();
    spec.environment->set(enforce::k_placeholder_variable, placeholder);
    return util::run_inheriting(spec);
}

/// The digest the engine pushed `image` as: its RepoDigests entry for that repository.
std::string pushed_digest(const Invocation& invocation, const reference::Reference& image) {
    util::ProcessSpec spec;
    spec.argv = {"docker"};
    spec.argv.insert(spec.argv.end(), invocation.global.docker_flags.begin(),
                     invocation.global.docker_flags.end());
    spec.argv.insert(spec.argv.end(),
                     {"image", "inspect", "--format", "{{json .RepoDigests}}", image.str()});
    auto result = util::run_captured(spec);
    if (result.exit_code == 0) {
        for (const auto& entry : nlohmann::json::parse(result.standard_output, nullptr, false)) {
            if (entry.is_string() && reference::is_valid(entry.get<std::string>())) {
                auto pushed = reference::parse_normalized(entry.get<std::string>());
                if (pushed.repository() == image.repository() && pushed.digest) {
                    return *pushed.digest;
                }
            }
        }
    }
    throw util::Error(util::ErrorKind::not_found,
                      fmt::format("{}: the engine has no pushed digest for it", image.str()));
}

/// Signs one pushed image; its line says how that went.
bool sign_pushed(const Invocation& invocation, registry::Client& client,
                 const reference::Reference& image, bool quiet) {
    try {
        auto digest = pushed_digest(invocation, image);
        auto by_digest = image;
        by_digest.tag.reset();
        by_digest.digest = digest;
        auto manifest = client.get_manifest(by_digest); // checked against the digest
        auto verdict =
            trust::notaryv1_sign(image, digest, static_cast<std::int64_t>(manifest.bytes.size()),
                                 trust_options(invocation));
        if (!quiet) {
            std::cout << fmt::format("✔ {}  signed {} ({})  {}\n", image.familiar(), verdict.scheme,
                                     verdict.signer, verdict.digest);
        }
        return true;
    } catch (const util::Error& error) {
        std::cout << fmt::format("✘ {}  not signed: {}\n", util::printable(image.familiar()),
                                 util::printable(error.what()));
        return false;
    }
}

} // namespace

int run_pull(const Invocation& invocation, const std::vector<std::string>& arguments) {
    auto words = split_command_words(arguments, k_pull_value_flags);
    auto compose = engine::locate_compose(invocation.own.compose);
    auto local_registry = local_registry_of(invocation);
    auto placeholder = enforce::placeholder_value(local_registry);

    auto remote_uses = uses_of(project_request(invocation, compose, words.services, ""), false, {});
    auto local_uses =
        uses_of(project_request(invocation, compose, words.services, placeholder), false, {});
    auto placed = enforce::place_images(remote_uses, local_uses, local_registry);

    if (int failure = verify_and_mirror(invocation, placed, true, words.quiet); failure != 0) {
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
    return run_compose_enforced(invocation, compose, command, placeholder);
}

int run_push(const Invocation& invocation, const std::vector<std::string>& arguments) {
    auto words = split_command_words(arguments, {});
    auto compose = engine::locate_compose(invocation.own.compose);
    auto project = project::load_project(project_request(invocation, compose, words.services, ""));

    // What a build made under an image name is ours to push and sign; images that are only
    // pulled belong to whoever signed them.
    std::vector<std::string> services;
    std::vector<reference::Reference> images;
    for (const auto& service : project.model.services) {
        if (service.build && service.image) {
            services.push_back(service.name);
            images.push_back(reference::parse_normalized(*service.image).with_default_tag());
        }
    }
    if (services.empty()) {
        throw util::Error(util::ErrorKind::bad_input,
                          "no selected service builds an image with an image name to push");
    }

    std::vector<std::string> command{"push"};
    command.insert(command.end(), words.flags.begin(), words.flags.end());
    command.insert(command.end(), services.begin(), services.end());
    if (int status = run_compose_enforced(invocation, compose, command, ""); status != 0) {
        return status;
    }

    registry::Client client(registry_client_options(invocation));
    bool all_signed = true;
    for (const auto& image : images) {
        all_signed = sign_pushed(invocation, client, image, words.quiet) && all_signed;
    }
    std::cout.flush();
    return all_signed ? 0 : util::exit_code(util::ErrorKind::untrusted);
}

int run_build(const Invocation& invocation, const std::vector<std::string>& arguments) {
    auto words = split_command_words(arguments, k_build_value_flags);
    auto compose = engine::locate_compose(invocation.own.compose);
    auto local_registry = local_registry_of(invocation);
    auto placeholder = enforce::placeholder_value(local_registry);
    bool refresh = std::find(words.flags.begin(), words.flags.end(), "--pull") != words.flags.end();

    // The Dockerfiles are read with the build args compose will pass, ours included.
    auto build_args = build_args_of(words.flags);
    build_args[enforce::k_placeholder_variable] = "";
    auto remote_uses =
        uses_of(project_request(invocation, compose, words.services, ""), true, build_args);
    build_args[enforce::k_placeholder_variable] = placeholder;
    auto local_uses = uses_of(project_request(invocation, compose, words.services, placeholder),
                              true, build_args);

    auto frontends = place_frontends(remote_uses, local_uses, local_registry);
    auto placed = enforce::place_images(remote_uses, local_uses, local_registry);
    placed.insert(placed.end(), frontends.begin(), frontends.end());

    if (int failure = verify_and_mirror(invocation, placed, refresh, words.quiet); failure != 0) {
        spdlog::error("refusing to build: not every image the build uses is verified");
        return failure;
    }

    std::vector<std::string> command{
        "build", "--build-arg", std::string(enforce::k_placeholder_variable) + "=" + placeholder};
    if (!frontends.empty()) {
        command.push_back("--build-arg");
        command.push_back("BUILDKIT_SYNTAX=" + frontends[0].local.str());
    }
    command.insert(command.end(), words.flags.begin(), words.flags.end());
    command.insert(command.end(), words.services.begin(), words.services.end());
    return run_compose_enforced(invocation, compose, command, placeholder);
}

} // namespace tc::cli
