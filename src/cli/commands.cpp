#include "cli/commands.hpp"

#include "cli/options.hpp"
#include "cli/output.hpp"
#include "enforce/placeholder.hpp"
#include "engine/compose.hpp"
#include "project/image_uses.hpp"
#include "reference/reference.hpp"
#include "registry/client.hpp"
#include "util/error.hpp"
#include "util/process.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

namespace tc::cli {

namespace {

/// Compose commands that may pull images (compose.md §2.2): checked before compose runs.
const std::set<std::string> k_pulling_commands{"up", "create", "run", "scale", "watch"};

/// Parses a subcommand's own arguments with CLI11; --help prints and exits 0.
void parse_subcommand(CLI::App& app, std::vector<std::string> arguments) {
    std::reverse(arguments.begin(), arguments.end()); // CLI11 takes them last-first
    try {
        app.parse(arguments);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        std::exit(0);
    } catch (const CLI::ParseError& error) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("{}: {}", app.get_name(), error.what()));
    }
}

} // namespace

int run_trust_images(const Invocation& invocation, const std::vector<std::string>& arguments) {
    CLI::App app("List every image use of the selected services", "trust images");
    std::string format = "table";
    bool no_cache = false;
    std::vector<std::string> services;
    app.add_option("--format", format, "Output format")->check(CLI::IsMember({"table", "json"}));
    app.add_flag("--no-cache", no_cache, "Ask compose again even if the project is unchanged");
    app.add_option("services", services, "Services (default: all enabled)");
    parse_subcommand(app, arguments);

    // Images are listed under their remote names: an unset ${DOCKER_REGISTRY} is empty, as
    // compose would make it (minus its warning).
    auto placeholder = util::getenv(enforce::k_placeholder_variable).value_or("");
    auto request = project_request(invocation, engine::locate_compose(invocation.own.compose),
                                   services, placeholder);
    request.use_cache = !no_cache;
    auto uses = project::collect_image_uses(project::load_project(request));

    std::cout << (format == "json" ? format_uses_json(uses)
                                   : format_uses_table(uses, std::filesystem::current_path()));
    return 0;
}

int run_trust_resolve(const Invocation& invocation, const std::vector<std::string>& arguments) {
    CLI::App app("Print the digest a tag points to now, unverified", "trust resolve");
    std::string image;
    app.add_option("image", image, "Image reference")->required();
    parse_subcommand(app, arguments);

    auto reference = reference::parse_normalized(image).with_default_tag();
    registry::Client client(registry_client_options(invocation));
    auto manifest = client.get_manifest(reference);
    std::cout << fmt::format("{}  {}  (unverified: what the registry serves now, no signature "
                             "checked)\n",
                             reference.str(), manifest.digest);
    return 0;
}

int run_passthrough(const Invocation& invocation) {
    auto compose = engine::locate_compose(invocation.own.compose);
    auto local_registry = local_registry_of(invocation);
    auto placeholder = enforce::placeholder_value(local_registry);

    // Placeholder mode: images written ${DOCKER_REGISTRY}name come from the local registry,
    // which holds only verified content; a command that may pull must pull nothing else.
    const auto& words = invocation.command_and_arguments;
    if (!words.empty() && k_pulling_commands.contains(words[0])) {
        auto request = project_request(invocation, compose, {}, placeholder);
        enforce::check_compose_pulls(project::load_project(request).model, local_registry);
    }

    util::ProcessSpec spec;
    spec.argv = engine::compose_argv(compose, invocation.global, words);
    spec.environment = util::Environment::current();
    spec.environment->set(enforce::k_placeholder_variable, placeholder);
    util::exec_replacing(spec);
}

} // namespace tc::cli
