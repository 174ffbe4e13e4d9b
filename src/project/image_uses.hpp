#pragma once

#include "project/loader.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tc::project {

/// How an image enters a compose project.
enum class UseKind {
    image,      // services.<s>.image of a service that does not build
    from,       // Dockerfile FROM
    copy_from,  // Dockerfile COPY --from=<image>
    mount_from, // Dockerfile RUN --mount=…,from=<image>
    syntax,     // Dockerfile # syntax= frontend, or the BUILDKIT_SYNTAX build arg
    context,    // build.additional_contexts docker-image://<image>
    cache_from, // build.cache_from (an imported cache is foreign content)
    hook,       // pre_start/post_start/pre_stop hook image
    volume,     // volumes[] of type image
};

/// "image", "from", "copy-from", "mount-from", "syntax", "context", "cache-from", "hook",
/// "volume".
std::string_view use_kind_name(UseKind kind);

/// One place where a service brings in an image from a registry.
struct ImageUse {
    std::string service;
    UseKind kind;
    std::string reference;           // normalized: "docker.io/library/redis:7.2"
    std::string written;             // as it stood after interpolation/expansion
    std::optional<std::string> file; // compose file or Dockerfile, where known
    int line = 0;                    // 1-based, 0 when unknown
    std::string platform;            // FROM --platform or the service's platform
};

/// Every image use of the loaded project's services, services in name order and each one's
/// uses in file order. Reads each build's Dockerfile with the service's build args, to which
/// `extra_build_args` are added as `--build-arg` would add them. A missing Dockerfile, a
/// remote build context or an invalid reference is Error(bad_input) naming the service, file
/// and line.
std::vector<ImageUse>
collect_image_uses(const LoadedProject& project,
                   const std::map<std::string, std::string>& extra_build_args = {});

} // namespace tc::project
