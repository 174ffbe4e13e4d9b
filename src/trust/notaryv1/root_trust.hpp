#pragma once

#include "trust/notaryv1/metadata.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tc::trust::notaryv1 {

/// Root keys the user trusts in advance (notary's trust_pinning `certs`); empty = TOFU.
struct RootPins {
    std::vector<std::string> key_ids;          // a root key's ID or its certificate key's ID
    std::vector<std::string> certificates_pem; // or the root certificate itself
};

/// Verifies a root on its own: its root keys must be certificates for the gun (CN == gun or a
/// `prefix*` wildcard, no SHA-1, valid at `now` with a day of leeway if `now` is given),
/// narrowed to the pins if any, and reach the root threshold. Throws untrusted / tampered /
/// expired naming the gun.
void verify_root_alone(const RootMetadata& root, const RootPins& pins,
                       std::optional<TimePoint> now);

/// Verifies `next` as the successor of the trusted `previous`: signed by the previous root's
/// threshold of its root keys, and on its own as verify_root_alone says.
void verify_root_successor(const RootMetadata& previous, const RootMetadata& next,
                           const RootPins& pins, std::optional<TimePoint> now);

/// The IDs of a root's root-role keys, comma-separated, for messages.
std::string root_key_ids(const RootMetadata& root);

} // namespace tc::trust::notaryv1
