#include "test_repository.hpp"

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "trust/notaryv1/canonical_json.hpp"
#include "util/files.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <filesystem>
#include <stdexcept>

namespace tc::trust::notaryv1::test {

namespace {

using nlohmann::json;

void require(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("OpenSSL failed to ") + what);
    }
}

std::string der_public_key(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(key, &der);
    require(length > 0, "encode a public key");
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return out;
}

TestKey finish_key(EVP_PKEY* key, const std::string& type, const std::string& public_bytes,
                   const std::string& method) {
    TestKey result{std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free), {}, {}, method};
    auto public_base64 = crypto::base64_encode(public_bytes);
    result.public_object = {{"keytype", type},
                            {"keyval", {{"private", nullptr}, {"public", public_base64}}}};
    result.id = crypto::sha256_hex(canonical_json(result.public_object));
    return result;
}

std::string self_signed_pem(EVP_PKEY* key, const std::string& common_name,
                            std::chrono::seconds lifetime) {
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(lifetime.count()));
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    X509_set_pubkey(cert.get(), key);
    require(X509_sign(cert.get(), key, EVP_sha256()) > 0, "sign a certificate");

    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), cert.get());
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

std::string digest_sign(const TestKey& key, const std::string& message) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
    const EVP_MD* digest = key.method == "eddsa" ? nullptr : EVP_sha256();
    EVP_PKEY_CTX* key_context = nullptr;
    require(EVP_DigestSignInit(context.get(), &key_context, digest, nullptr,
                               key.private_key.get()) == 1,
            "start signing");
    if (key.method == "rsapss") {
        EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, 32);
    }
    std::size_t length = 0;
    auto* bytes = reinterpret_cast<const unsigned char*>(message.data());
    require(EVP_DigestSign(context.get(), nullptr, &length, bytes, message.size()) == 1, "sign");
    std::string signature(length, '\0');
    require(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()),
                           &length, bytes, message.size()) == 1,
            "sign");
    signature.resize(length);
    return signature;
}

// TUF wants ECDSA as fixed-width r||s, OpenSSL signs in DER.
std::string der_to_raw(const std::string& der) {
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
        d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())), ECDSA_SIG_free);
    require(sig != nullptr, "decode an ECDSA signature");
    std::string raw(64, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + 32, 32);
    return raw;
}

json file_meta(const std::string& bytes) {
    auto sha256 = crypto::sha256_hex(bytes);
    std::string raw;
    for (std::size_t i = 0; i < sha256.size(); i += 2) {
        raw.push_back(static_cast<char>(std::stoi(sha256.substr(i, 2), nullptr, 16)));
    }
    return {{"length", bytes.size()}, {"hashes", {{"sha256", crypto::base64_encode(raw)}}}};
}

json key_ids(const std::vector<TestKey>& keys) {
    json ids = json::array();
    for (const auto& key : keys) {
        ids.push_back(key.id);
    }
    return ids;
}

} // namespace

std::optional<std::string> MemorySource::fetch(const std::string&, const MetadataRequest& request) {
    auto name =
        request.version ? std::to_string(*request.version) + "." + request.role : request.role;
    requested.push_back(name);
    auto found = files.find(name);
    if (found == files.end()) {
        return std::nullopt;
    }
    return found->second;
}

MemorySource MemorySource::from_directory(const std::string& directory) {
    MemorySource source;
    for (const char* role : {"root", "timestamp", "snapshot", "targets", "targets/releases"}) {
        auto path = std::filesystem::path(directory) / (std::string(role) + ".json");
        if (std::filesystem::exists(path)) {
            source.files[role] = util::read_file(path);
        }
    }
    return source;
}

TestKey make_ecdsa_key() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    require(key != nullptr, "make an ECDSA key");
    return finish_key(key, "ecdsa", der_public_key(key), "ecdsa");
}

TestKey make_rsa_key() {
    EVP_PKEY* key = EVP_RSA_gen(2048);
    require(key != nullptr, "make an RSA key");
    return finish_key(key, "rsa", der_public_key(key), "rsapss");
}

TestKey make_ed25519_key() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    require(key != nullptr, "make an Ed25519 key");
    std::string raw(32, '\0');
    std::size_t length = raw.size();
    EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &length);
    return finish_key(key, "ed25519", raw, "eddsa");
}

TestKey make_root_key(const std::string& common_name, std::chrono::seconds lifetime) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    require(key != nullptr, "make an ECDSA key");
    return finish_key(key, "ecdsa-x509", self_signed_pem(key, common_name, lifetime), "ecdsa");
}

std::string sign_metadata(const json& body, const std::vector<const TestKey*>& keys) {
    auto message = canonical_json(body);
    json signatures = json::array();
    for (const TestKey* key : keys) {
        auto signature = digest_sign(*key, message);
        if (key->method == "ecdsa") {
            signature = der_to_raw(signature);
        }
        signatures.push_back({{"keyid", key->id},
                              {"method", key->method},
                              {"sig", crypto::base64_encode(signature)}});
    }
    return canonical_json({{"signed", body}, {"signatures", signatures}});
}

TestRepository::TestRepository(std::string gun_name)
    : gun(std::move(gun_name)) {
    role_keys["root"].push_back(make_root_key(gun));
    role_keys["targets"].push_back(make_ecdsa_key());
    role_keys["snapshot"].push_back(make_ecdsa_key());
    role_keys["timestamp"].push_back(make_ed25519_key());
    for (const char* role : {"root", "targets", "snapshot", "timestamp", "targets/releases"}) {
        thresholds[role] = 1;
        versions[role] = 1;
        expires[role] = "2030-01-01T00:00:00Z";
    }
}

json TestRepository::root_body() const {
    json keys = json::object();
    json roles = json::object();
    for (const auto& [role, role_key_list] : role_keys) {
        for (const auto& key : role_key_list) {
            keys[key.id] = key.public_object;
        }
        roles[role] = {{"keyids", key_ids(role_key_list)}, {"threshold", thresholds.at(role)}};
    }
    return {{"_type", "Root"},
            {"consistent_snapshot", false},
            {"expires", expires.at("root")},
            {"keys", keys},
            {"roles", roles},
            {"version", versions.at("root")}};
}

std::string TestRepository::sign_role(const std::string& role, json body) const {
    if (edit) {
        edit(role, body);
    }
    std::vector<const TestKey*> keys;
    if (signers.contains(role)) {
        keys = signers.at(role);
    } else {
        const auto& own = role == "targets/releases" ? releases_keys : role_keys.at(role);
        for (const auto& key : own) {
            keys.push_back(&key);
        }
    }
    if (role == "root") {
        for (const auto& key : previous_root_signers) {
            keys.push_back(&key);
        }
    }
    return sign_metadata(body, keys);
}

void TestRepository::publish(MemorySource& source) const {
    auto common = [&](const std::string& role, const std::string& type) {
        return json{{"_type", type}, {"expires", expires.at(role)}, {"version", versions.at(role)}};
    };
    auto root = sign_role("root", root_body());

    json delegations = {{"keys", json::object()}, {"roles", json::array()}};
    std::string releases;
    if (with_releases) {
        for (const auto& key : releases_keys) {
            delegations["keys"][key.id] = key.public_object;
        }
        delegations["roles"].push_back({{"name", "targets/releases"},
                                        {"keyids", key_ids(releases_keys)},
                                        {"threshold", thresholds.at("targets/releases")},
                                        {"paths", {""}}});
        json body = common("targets/releases", "Targets");
        body["targets"] = releases_targets;
        body["delegations"] = {{"keys", json::object()}, {"roles", json::array()}};
        releases = sign_role("targets/releases", body);
    }
    json targets_body = common("targets", "Targets");
    targets_body["targets"] = targets;
    targets_body["delegations"] = delegations;
    auto targets_file = sign_role("targets", targets_body);

    json snapshot_body = common("snapshot", "Snapshot");
    snapshot_body["meta"] = {{"root", file_meta(root)}, {"targets", file_meta(targets_file)}};
    if (with_releases) {
        snapshot_body["meta"]["targets/releases"] = file_meta(releases);
    }
    auto snapshot = sign_role("snapshot", snapshot_body);
    json timestamp_body = common("timestamp", "Timestamp");
    timestamp_body["meta"] = {{"snapshot", file_meta(snapshot)}};

    source.files["root"] = root;
    source.files[std::to_string(versions.at("root")) + ".root"] = root;
    source.files["targets"] = targets_file;
    if (with_releases) {
        source.files["targets/releases"] = releases;
    }
    source.files["snapshot"] = snapshot;
    source.files["timestamp"] = sign_role("timestamp", timestamp_body);
}

json target_for(const std::string& manifest) {
    return file_meta(manifest);
}

} // namespace tc::trust::notaryv1::test
