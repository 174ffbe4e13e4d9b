#pragma once

#include "reference/reference.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace tc::trust {

/// What verification established about one image: the digest its signature covers.
struct Verdict {
    std::string digest;      // "sha256:<hex>" of the signed manifest
    std::int64_t length = 0; // its size, when the scheme signs it (0 otherwise)
    std::string scheme;      // "notaryv1", later "cosign", "notation"
    std::string signer;      // who signed: a TUF role, a key or an identity
};

/// Verifies the signature of a remote image and returns what it covers; throws util::Error
/// (untrusted, tampered, expired, network, …) naming the image when it cannot.
using Verifier = std::function<Verdict(const reference::Reference& remote)>;

} // namespace tc::trust
