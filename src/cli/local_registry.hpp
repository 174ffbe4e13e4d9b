#pragma once

#include "cli/arguments.hpp"

#include <string>
#include <vector>

namespace tc::cli {

/// `trust registry start|stop|status`: the local registry of verified content, bound to
/// loopback: the `registry:2` image through the engine when the engine has it, else Debian's
/// docker-registry binary.
int run_trust_registry(const Invocation& invocation, const std::vector<std::string>& arguments);

} // namespace tc::cli
