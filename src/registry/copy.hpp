#pragma once

#include "reference/reference.hpp"
#include "registry/client.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tc::registry {

/// What copy_image wrote to the destination and what it found there already.
struct CopyResult {
    std::string digest;                      // the top manifest's, now under the destination tag
    std::vector<std::string> manifests;      // digests put, children first, the top one last
    std::vector<std::string> blobs_uploaded; // sent as bytes, fetched from the source
    std::vector<std::string> blobs_mounted;  // mounted from the source repository
    std::vector<std::string> blobs_skipped;  // the destination held them already
    std::uint64_t bytes_uploaded = 0;
};

/// Copies the verified image `from`@`digest` (tag and digest of `from` are ignored) to the
/// destination repository `to`, tagging it `to.tag` (by digest only when `to` has no tag).
/// Every manifest and blob is fetched by digest and checked; an index brings its children.
/// The tag is put last, so it never names content the destination does not fully hold.
/// Throws the first Error (tampered, not_found, unauthorized, network, bad_input).
CopyResult copy_image(Client& source, const reference::Reference& from, const std::string& digest,
                      Client& destination, const reference::Reference& to);

} // namespace tc::registry
