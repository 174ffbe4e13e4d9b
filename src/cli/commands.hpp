#pragma once

#include "cli/arguments.hpp"

#include <string>
#include <vector>

namespace tc::cli {

/// `trust images [--format table|json] [--no-cache] [SERVICE…]`: every image use.
int run_trust_images(const Invocation& invocation, const std::vector<std::string>& arguments);

/// `trust resolve IMAGE`: the digest a tag points to now, unverified.
int run_trust_resolve(const Invocation& invocation, const std::vector<std::string>& arguments);

/// Any command we do not intercept: compose runs it with the same arguments. Does not return
/// unless compose cannot be started.
int run_passthrough(const Invocation& invocation);

} // namespace tc::cli
