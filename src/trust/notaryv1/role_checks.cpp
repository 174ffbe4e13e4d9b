#include "trust/notaryv1/role_checks.hpp"

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "crypto/signature.hpp"

#include <fmt/format.h>

#include <optional>
#include <set>

namespace tc::trust::notaryv1 {

namespace {

using crypto::SignatureScheme;

std::optional<SignatureScheme> scheme_of(const std::string& method) {
    if (method == "ecdsa") {
        return SignatureScheme::ecdsa_sha256_raw;
    }
    if (method == "rsapss" || method == "pycrypto-pkcs#1 pss") {
        return SignatureScheme::rsa_pss_sha256;
    }
    if (method == "rsapkcs1v15") {
        return SignatureScheme::rsa_pkcs1v15_sha256;
    }
    if (method == "eddsa" || method == "ed25519") {
        return SignatureScheme::ed25519;
    }
    return std::nullopt;
}

// The role key a signature names: by the ID it is listed under or, since notary signs with
// x509 keys found by their canonical ID, by that one. The listed ID must be the key's real ID.
const TufKey* key_for(const RoleKeys& keys, const std::string& key_id) {
    for (const auto& [listed_id, key] : keys.keys) {
        bool names_it = listed_id == key_id || key.canonical_id == key_id;
        if (names_it && listed_id == key.id) {
            return &key;
        }
    }
    return nullptr;
}

} // namespace

void verify_signatures(const SignedEnvelope& envelope, const RoleKeys& keys) {
    if (envelope.signatures.empty()) {
        refuse(util::ErrorKind::untrusted, envelope.where, "it has no signatures");
    }

    // Counted by the underlying public key, so that one key listed twice (as a certificate
    // and as a plain key) or signing twice still counts once.
    std::set<std::string> valid_keys;
    std::size_t invalid = 0;
    for (const auto& signature : envelope.signatures) {
        const TufKey* key = key_for(keys, signature.key_id);
        auto scheme = scheme_of(signature.method);
        if (key == nullptr) {
            continue;
        }
        if (scheme &&
            crypto::verify_signature(key->key, *scheme, envelope.canonical, signature.bytes)) {
            valid_keys.insert(key->canonical_id);
        } else {
            ++invalid;
        }
    }

    auto threshold = static_cast<std::size_t>(keys.threshold);
    if (valid_keys.size() >= threshold) {
        return;
    }
    if (invalid > 0) {
        refuse(util::ErrorKind::tampered, envelope.where,
               fmt::format("{} signature(s) by its keys do not verify; {} valid of {} required",
                           invalid, valid_keys.size(), threshold));
    }
    refuse(util::ErrorKind::untrusted, envelope.where,
           fmt::format("signed by {} of the {} required keys", valid_keys.size(), threshold));
}

void check_type(const SignedEnvelope& envelope, std::string_view expected) {
    if (envelope.type != expected) {
        refuse(util::ErrorKind::tampered, envelope.where,
               fmt::format("its _type is '{}', expected '{}'", envelope.type, expected));
    }
}

void check_expiry(const SignedEnvelope& envelope, TimePoint now) {
    if (now > envelope.expires) {
        refuse(util::ErrorKind::expired, envelope.where,
               "it expired at " + format_utc(envelope.expires));
    }
}

void check_version(const SignedEnvelope& envelope, std::int64_t last_seen) {
    if (envelope.version < last_seen) {
        refuse(util::ErrorKind::untrusted, envelope.where,
               fmt::format("version {} is lower than version {} seen before (rollback)",
                           envelope.version, last_seen));
    }
}

void check_file_meta(std::string_view bytes, const FileMeta& expected, const RoleRef& where,
                     std::string_view listed_by) {
    if (static_cast<std::int64_t>(bytes.size()) != expected.length) {
        refuse(util::ErrorKind::tampered, where,
               fmt::format("it is {} bytes long but {} says {}", bytes.size(), listed_by,
                           expected.length));
    }

    bool checked = false;
    for (const auto& [algorithm, digest] : expected.hashes) {
        std::string actual;
        if (algorithm == "sha256") {
            actual = crypto::sha256_hex(bytes);
        } else if (algorithm == "sha512") {
            actual = crypto::sha512_hex(bytes);
        } else {
            continue; // unknown algorithms are ignored, as notary does
        }
        checked = true;
        if (actual != crypto::hex_encode(digest)) {
            refuse(util::ErrorKind::tampered, where,
                   fmt::format("its {} is {} but {} says {}", algorithm, actual, listed_by,
                               crypto::hex_encode(digest)));
        }
    }
    if (!checked) {
        refuse(util::ErrorKind::tampered, where,
               fmt::format("{} lists neither a sha256 nor a sha512 for it", listed_by));
    }
}

} // namespace tc::trust::notaryv1
