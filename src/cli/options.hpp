#pragma once

#include "cli/arguments.hpp"
#include "engine/compose.hpp"
#include "project/loader.hpp"
#include "registry/client.hpp"
#include "trust/verify.hpp"

#include <string>
#include <vector>

namespace tc::cli {

/// Registry client settings from our own options (--registry-ca-file, --verbose).
registry::ClientOptions registry_client_options(const Invocation& invocation);

/// Verifier settings from our own options (--registry-ca-file, --verbose).
trust::TrustOptions trust_options(const Invocation& invocation);

/// The local registry of verified content: --local-registry, else localhost:5000.
std::string local_registry_of(const Invocation& invocation);

/// A request for the project as compose sees it in this directory and environment, with the
/// placeholder ${DOCKER_REGISTRY} set to `placeholder` ("" for the remote names).
project::LoadRequest project_request(const Invocation& invocation, const engine::Compose& compose,
                                     const std::vector<std::string>& services,
                                     const std::string& placeholder);

} // namespace tc::cli
