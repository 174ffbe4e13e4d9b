#pragma once

#include "trust/verdict.hpp"

#include <filesystem>
#include <optional>

namespace tc::trust {

/// What every verifier needs to know besides the image.
struct TrustOptions {
    std::optional<std::filesystem::path> extra_ca_file; // trusted beside the system store
    bool verbose = false;
};

/// A Verifier for Docker Content Trust: the tag's signed target in the repository's notary
/// server (DOCKER_CONTENT_TRUST_SERVER, else the registry's own), with TUF state kept under
/// the user's config directory. Safe to call from several threads at once.
Verifier notaryv1_verifier(const TrustOptions& options);

} // namespace tc::trust
