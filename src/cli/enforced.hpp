#pragma once

#include "cli/arguments.hpp"

#include <string>
#include <vector>

namespace tc::cli {

/// `pull [compose pull flags] [SERVICE…]`: verify every selected service image, copy only
/// verified content into the local registry, then let compose pull from there.
int run_pull(const Invocation& invocation, const std::vector<std::string>& arguments);

} // namespace tc::cli
