#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tc::reference {

/// An image reference after Docker's normalization: the domain is always present
/// ("docker.io" for Docker Hub), one-component Docker Hub paths get "library/", and the
/// tag/digest are kept as written (no ":latest" is added until with_default_tag()).
struct Reference {
    std::string domain;                // "docker.io", "localhost:5000", "[::1]:5000", ...
    std::string path;                  // "library/busybox", never empty
    std::optional<std::string> tag;    // "1.36", without ':'
    std::optional<std::string> digest; // "sha256:<hex>", algorithm and length checked

    /// "domain/path" without tag or digest.
    std::string repository() const;
    /// The full normalized form: "docker.io/library/busybox:1@sha256:…".
    std::string str() const;
    /// The short form people write: "busybox:1", "me/app", "localhost:5000/app".
    std::string familiar() const;
    /// A copy with ":latest" added when neither tag nor digest is present (TagNameOnly).
    Reference with_default_tag() const;

    bool operator==(const Reference&) const = default;
};

/// Parses and normalizes a reference as `docker pull` would (ParseNormalizedNamed).
/// Throws util::Error(bad_input) with a message naming the offending part, e.g.
/// `invalid reference "Busybox": repository name must be lowercase`.
Reference parse_normalized(std::string_view text);

/// Whether text is a valid, normalizable reference (no exception).
bool is_valid(std::string_view text);

/// Validates a digest string "algorithm:hex" (sha256: 64 hex, sha384: 96, sha512: 128);
/// throws util::Error(bad_input) naming what is wrong.
void validate_digest(std::string_view digest);

} // namespace tc::reference
