#pragma once

#include "cli/arguments.hpp"
#include "registry/client.hpp"
#include "trust/verify.hpp"

namespace tc::cli {

/// Registry client settings from our own options (--registry-ca-file, --verbose).
registry::ClientOptions registry_client_options(const Invocation& invocation);

/// Verifier settings from our own options (--registry-ca-file, --verbose).
trust::TrustOptions trust_options(const Invocation& invocation);

} // namespace tc::cli
