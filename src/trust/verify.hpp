#pragma once

#include "trust/verdict.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

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

/// Signs `image` (a reference with a tag) for `digest`/`length` with Docker Content Trust on
/// its repository's notary server, as `DOCKER_CONTENT_TRUST=1 docker push` does: keys from
/// ~/.docker/trust/private (created if missing) with the DOCKER_CONTENT_TRUST_*_PASSPHRASE
/// values. Returns the signed target as verified from the server afterwards.
Verdict notaryv1_sign(const reference::Reference& image, const std::string& digest,
                      std::int64_t length, const TrustOptions& options);

} // namespace tc::trust
