#pragma once

#include "crypto/keys.hpp"
#include "trust/notaryv1/errors.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace tc::trust::notaryv1 {

/// One public key as TUF metadata lists it, with both of notary's IDs for it.
struct TufKey {
    std::string id;           // sha256 of the canonical JSON of the key object
    std::string canonical_id; // for *-x509: the ID of the certificate's key as a plain key
    std::string type;         // keytype: ecdsa, ecdsa-x509, rsa, rsa-x509, ed25519
    crypto::PublicKey key;
    std::vector<crypto::Certificate> certificates; // *-x509 only: leaf first
};

/// Keys by the ID the metadata lists them under.
using KeyMap = std::map<std::string, TufKey>;

/// The key ID notary computes: lowercase hex sha256 of
/// {"keytype":<type>,"keyval":{"private":null,"public":<public_base64>}} in canonical JSON.
std::string tuf_key_id(const std::string& type, const std::string& public_base64);

/// Parses a key object; throws Error(bad_input) naming `field` for a malformed or unknown key.
TufKey parse_tuf_key(const nlohmann::json& object, const RoleRef& where, const std::string& field);

/// Parses a {keyid: key} object (root `keys`, targets `delegations.keys`).
KeyMap parse_key_map(const nlohmann::json& object, const RoleRef& where, const std::string& field);

} // namespace tc::trust::notaryv1
