#pragma once

#include "cli/arguments.hpp"

#include <string>
#include <vector>

namespace tc::cli {

/// `pull [compose pull flags] [SERVICE…]`: verify every selected service image, copy only
/// verified content into the local registry, then let compose pull from there.
int run_pull(const Invocation& invocation, const std::vector<std::string>& arguments);

/// `build [compose build flags] [SERVICE…]`: verify every image the selected services'
/// builds use (FROM, COPY --from, RUN --mount from, # syntax, named contexts, cache sources),
/// copy it into the local registry, then build with the placeholder pointing there, so no
/// unverified parent can be pulled between the check and the build.
int run_build(const Invocation& invocation, const std::vector<std::string>& arguments);

/// `push [compose push flags] [SERVICE…]`: push every selected service image that a build
/// made, then sign each pushed digest with Docker Content Trust.
int run_push(const Invocation& invocation, const std::vector<std::string>& arguments);

} // namespace tc::cli
