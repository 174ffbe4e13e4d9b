#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tc::project {

/// A service's `build` section, as compose resolved it.
struct BuildSection {
    std::string context;                          // absolute directory, or a remote URL
    std::optional<std::string> dockerfile;        // relative to the context, or absolute
    std::optional<std::string> dockerfile_inline; // Dockerfile text given in the compose file
    std::map<std::string, std::string> args;      // only args that have a value
    std::map<std::string, std::string> additional_contexts; // name -> source
    std::optional<std::string> target;
    std::vector<std::string> platforms;
    std::vector<std::string> cache_from;
    std::vector<std::string> tags;

    /// Whether the context is fetched by the builder (Git, HTTP, …) rather than read here.
    bool has_remote_context() const;
};

/// The fields of a service that can bring in an image.
struct Service {
    std::string name;
    std::optional<std::string> image;
    std::optional<BuildSection> build;
    std::optional<std::string> platform;
    std::optional<std::string> pull_policy;
    std::vector<std::string> pre_start_images;     // pre_start[].image
    std::vector<std::string> image_volume_sources; // volumes[] of type image
    std::vector<std::string> profiles;
    std::vector<std::string> depends_on; // services compose starts with this one
};

/// The effective project model: what the installed compose itself says it will run.
struct Model {
    std::string name;
    std::vector<Service> services; // ordered by name, as compose prints them

    const Service* find_service(const std::string& name) const;
};

/// Reads the output of `docker compose config --format json` (v2) or the YAML of v1's
/// `docker-compose config` into a Model, undoing compose's `$$` escaping of every `$`.
/// Throws Error(compose) naming the field when the text is not what compose prints.
Model parse_model_json(const std::string& json_text);
Model parse_model_yaml(const std::string& yaml_text);

/// Undoes compose's escaping of "$" as "$$" in values it prints.
std::string unescape_dollars(const std::string& text);

} // namespace tc::project
