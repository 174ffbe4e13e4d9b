#include "project/image_uses.hpp"

#include "dockerfile/image_uses.hpp"
#include "reference/reference.hpp"
#include "util/error.hpp"
#include "util/files.hpp"

#include <fmt/format.h>

namespace tc::project {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_image_context_prefix = "docker-image://";

UseKind from_dockerfile_kind(dockerfile::UseKind kind) {
    switch (kind) {
    case dockerfile::UseKind::from:
        return UseKind::from;
    case dockerfile::UseKind::copy_from:
        return UseKind::copy_from;
    case dockerfile::UseKind::mount_from:
        return UseKind::mount_from;
    case dockerfile::UseKind::syntax:
        return UseKind::syntax;
    }
    return UseKind::from;
}

std::string where(const std::optional<std::string>& file, int line) {
    if (!file) {
        return "";
    }
    return line > 0 ? fmt::format("{}:{}: ", *file, line) : *file + ": ";
}

/// Builds a use, normalizing the reference; an invalid one is the user's error, with place.
ImageUse make_use(const Service& service, UseKind kind, const std::string& written,
                  std::optional<std::string> file, int line, std::string platform) {
    reference::Reference parsed;
    try {
        parsed = reference::parse_normalized(written);
    } catch (const util::Error& error) {
        throw util::Error(
            util::ErrorKind::bad_input,
            fmt::format("{}service {}: {}", where(file, line), service.name, error.what()));
    }
    return ImageUse{service.name,
                    kind,
                    parsed.with_default_tag().str(),
                    written,
                    std::move(file),
                    line,
                    platform.empty() ? service.platform.value_or("") : std::move(platform)};
}

/// The key BuildKit looks a named context up by: the familiar name without ":latest".
std::string named_context_key(const std::string& operand) {
    if (!reference::is_valid(operand)) {
        return operand;
    }
    auto key = reference::parse_normalized(operand).familiar();
    if (key.ends_with(":latest")) {
        key.resize(key.size() - 7);
    }
    return key;
}

bool names_a_context(const BuildSection& build, const std::string& operand) {
    auto key = named_context_key(operand);
    for (const auto& [name, source] : build.additional_contexts) {
        if (named_context_key(name) == key) {
            return true;
        }
    }
    return false;
}

struct DockerfileText {
    std::string content;
    std::string label; // the file name shown with line numbers
};

DockerfileText read_dockerfile(const Service& service, const BuildSection& build) {
    if (build.dockerfile_inline) {
        return {*build.dockerfile_inline,
                fmt::format("services.{}.build.dockerfile_inline", service.name)};
    }
    // Limitation: a remote (Git, HTTP) build context is refused, not fetched and read.
    if (build.has_remote_context()) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("service {}: build context \"{}\" is remote; its "
                                      "Dockerfile cannot be read here to verify the images it "
                                      "uses",
                                      service.name, build.context));
    }
    fs::path path = fs::path(build.context) / build.dockerfile.value_or("Dockerfile");
    if (!build.dockerfile && !fs::exists(path) &&
        fs::exists(fs::path(build.context) / "dockerfile")) {
        path = fs::path(build.context) / "dockerfile"; // buildx's lowercase fallback
    }
    // Limitation: a Dockerfile over 16 MiB is refused (BuildKit's own limit is per line).
    std::error_code error;
    if (fs::exists(path, error) &&
        (!fs::is_regular_file(path, error) || fs::file_size(path, error) > (16u << 20))) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("service {}: {} is not a regular file of at most 16 MiB",
                                      service.name, path.string()));
    }
    try {
        return {util::read_file(path), path.string()};
    } catch (const util::Error& error) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("service {}: {}", service.name, error.what()));
    }
}

void add_build_uses(const Service& service, const BuildSection& build,
                    const std::map<std::string, std::string>& extra_build_args,
                    std::vector<ImageUse>& uses) {
    auto dockerfile_text = read_dockerfile(service, build);
    dockerfile::BuildInputs inputs{build.args};
    for (const auto& [name, value] : extra_build_args) {
        inputs.build_args[name] = value;
    }
    for (const auto& use :
         dockerfile::find_image_uses(dockerfile_text.content, dockerfile_text.label, inputs)) {
        if (use.kind != dockerfile::UseKind::syntax && names_a_context(build, use.image)) {
            continue; // replaced by a named context, which is listed below
        }
        uses.push_back(make_use(service, from_dockerfile_kind(use.kind), use.image,
                                dockerfile_text.label, use.line, use.platform));
    }

    // Limitation: only docker-image:// contexts are image uses; oci-layout://, local and
    // service: contexts are not listed, nor are the FROMs they replace.
    for (const auto& [name, source] : build.additional_contexts) {
        if (source.starts_with(k_image_context_prefix)) {
            uses.push_back(make_use(service, UseKind::context,
                                    source.substr(k_image_context_prefix.size()), std::nullopt, 0,
                                    ""));
        }
    }
    for (const auto& entry : build.cache_from) {
        // "NAME" or "type=registry,ref=NAME"; other cache types hold no image reference.
        std::string ref = entry;
        if (entry.find('=') != std::string::npos) {
            auto start = entry.find("ref=");
            if (entry.find("type=registry") == std::string::npos || start == std::string::npos) {
                continue;
            }
            ref = entry.substr(start + 4, entry.find(',', start) - start - 4);
        }
        uses.push_back(make_use(service, UseKind::cache_from, ref, std::nullopt, 0, ""));
    }
}

} // namespace

std::string_view use_kind_name(UseKind kind) {
    switch (kind) {
    case UseKind::image:
        return "image";
    case UseKind::from:
        return "from";
    case UseKind::copy_from:
        return "copy-from";
    case UseKind::mount_from:
        return "mount-from";
    case UseKind::syntax:
        return "syntax";
    case UseKind::context:
        return "context";
    case UseKind::cache_from:
        return "cache-from";
    case UseKind::hook:
        return "hook";
    case UseKind::volume:
        return "volume";
    }
    return "image";
}

std::vector<ImageUse>
collect_image_uses(const LoadedProject& project,
                   const std::map<std::string, std::string>& extra_build_args) {
    auto locations = find_image_locations(project.inputs);
    std::vector<ImageUse> uses;
    for (const auto& service : project.model.services) {
        if (service.build) {
            add_build_uses(service, *service.build, extra_build_args, uses);
        } else if (service.image) {
            std::optional<std::string> file;
            int line = 0;
            if (auto found = locations.find(service.name); found != locations.end()) {
                file = found->second.file.string();
                line = found->second.line;
            }
            uses.push_back(make_use(service, UseKind::image, *service.image, file, line, ""));
        }

        for (const auto& image : service.pre_start_images) {
            uses.push_back(make_use(service, UseKind::hook, image, std::nullopt, 0, ""));
        }
        for (const auto& source : service.image_volume_sources) {
            if (project.model.find_service(source) == nullptr) {
                uses.push_back(make_use(service, UseKind::volume, source, std::nullopt, 0, ""));
            }
        }
    }
    return uses;
}

} // namespace tc::project
