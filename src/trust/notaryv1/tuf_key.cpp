#include "trust/notaryv1/tuf_key.hpp"

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "trust/notaryv1/canonical_json.hpp"

namespace tc::trust::notaryv1 {

namespace {

struct Material {
    crypto::PublicKey key;
    std::vector<crypto::Certificate> certificates;
};

// Decodes keyval.public by key type: SPKI DER, a PEM certificate bundle or raw Ed25519 bytes.
Material decode_material(const std::string& type, const std::string& bytes) {
    if (type == "ecdsa" || type == "rsa") {
        return {crypto::PublicKey::from_spki_der(bytes), {}};
    }
    if (type == "ed25519") {
        return {crypto::PublicKey::from_ed25519_raw(bytes), {}};
    }
    if (type == "ecdsa-x509" || type == "rsa-x509") {
        auto certificates = crypto::Certificate::from_pem_bundle(bytes);
        return {certificates.front().public_key(), std::move(certificates)};
    }
    throw util::Error(util::ErrorKind::bad_input, "unknown keytype " + type);
}

bool family_matches(const std::string& type, crypto::KeyAlgorithm algorithm) {
    if (type.starts_with("ecdsa")) {
        return algorithm == crypto::KeyAlgorithm::ecdsa;
    }
    if (type.starts_with("rsa")) {
        return algorithm == crypto::KeyAlgorithm::rsa;
    }
    return algorithm == crypto::KeyAlgorithm::ed25519;
}

} // namespace

std::string tuf_key_id(const std::string& type, const std::string& public_base64) {
    nlohmann::json object = {{"keytype", type},
                             {"keyval", {{"private", nullptr}, {"public", public_base64}}}};
    return crypto::sha256_hex(canonical_json(object));
}

TufKey parse_tuf_key(const nlohmann::json& object, const RoleRef& where, const std::string& field) {
    if (!object.is_object() || !object.contains("keytype") || !object["keytype"].is_string() ||
        !object.contains("keyval") || !object["keyval"].is_object() ||
        !object["keyval"].contains("public") || !object["keyval"]["public"].is_string()) {
        malformed(where, field, "a key needs a string keytype and keyval.public");
    }
    auto type = object["keytype"].get<std::string>();
    auto public_base64 = object["keyval"]["public"].get<std::string>();
    auto bytes = crypto::base64_decode(public_base64);
    if (!bytes) {
        malformed(where, field + ".keyval.public", "not base64");
    }

    Material material = [&] {
        try {
            return decode_material(type, *bytes);
        } catch (const util::Error& error) {
            malformed(where, field, error.what());
        }
    }();
    if (!family_matches(type, material.key.algorithm())) {
        malformed(where, field, "keyval.public does not hold a key of type " + type);
    }

    TufKey key{tuf_key_id(type, public_base64), {}, type, material.key, material.certificates};
    key.canonical_id =
        key.certificates.empty()
            ? key.id
            : tuf_key_id(type.substr(0, type.find('-')), crypto::base64_encode(key.key.spki_der()));
    return key;
}

KeyMap parse_key_map(const nlohmann::json& object, const RoleRef& where, const std::string& field) {
    if (!object.is_object()) {
        malformed(where, field, "must be an object of keys");
    }
    KeyMap keys;
    for (const auto& [id, value] : object.items()) {
        keys.emplace(id, parse_tuf_key(value, where, field + "." + id));
    }
    return keys;
}

} // namespace tc::trust::notaryv1
