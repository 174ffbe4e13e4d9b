#pragma once

#include "reference/reference.hpp"
#include "registry/client.hpp"
#include "trust/verdict.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tc::enforce {

/// One remote image to verify and the local name to copy it to.
struct MirrorRequest {
    reference::Reference remote; // with a tag or digest
    reference::Reference local;  // in the local registry, with a tag
};

/// How one request ended. Exactly one of `verdict` (success) and `error` is set.
struct MirrorResult {
    MirrorRequest request;
    std::optional<trust::Verdict> verdict;
    std::optional<util::Error> error;
    std::optional<std::string> moved_tag_digest; // the remote tag now names another digest
    bool already_present = false;                // the local tag already held the digest
};

struct MirrorOptions {
    registry::ClientOptions client;
    std::size_t parallelism = 4; // images verified and copied at once
    bool refresh = true;         // false: a local tag already holding a verified digest is kept
    // Limitation: each blob is held in memory while it is copied, up to this size.
    std::size_t blob_size_limit = std::size_t{1} << 30;
};

/// Verifies every request and copies only verified content, fetched by the signed digest,
/// into the local registry; the local tag is written last, after everything it references.
/// Requests run concurrently on a bounded pool, each worker with its own connections; one
/// failure does not stop the others. Results come back in request order.
std::vector<MirrorResult> mirror_images(const std::vector<MirrorRequest>& requests,
                                        const trust::Verifier& verifier,
                                        const MirrorOptions& options);

} // namespace tc::enforce
