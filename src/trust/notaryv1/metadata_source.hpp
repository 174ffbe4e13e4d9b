#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tc::trust::notaryv1 {

/// Which file of a repository's trust data to fetch (notary server paths, spec §4.1).
struct MetadataRequest {
    std::string role;                      // root, timestamp, snapshot, targets, targets/releases
    std::optional<std::string> sha256_hex; // set: <role>.<sha256>.json, the consistent name
    std::optional<std::int64_t> version;   // set: <version>.<role>.json, for root rotation
    std::int64_t max_length = 0;           // a longer body must be refused unread
};

/// Where TUF metadata comes from: the notary server over HTTPS in production, memory in tests.
class MetadataSource {
public:
    virtual ~MetadataSource() = default;

    /// The file's bytes, or nullopt if the server has no such file (HTTP 404). Network and
    /// server failures throw util::Error(network).
    virtual std::optional<std::string> fetch(const std::string& gun,
                                             const MetadataRequest& request) = 0;
};

} // namespace tc::trust::notaryv1
