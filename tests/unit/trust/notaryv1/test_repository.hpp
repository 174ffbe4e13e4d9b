#pragma once

#include "trust/notaryv1/metadata_source.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct evp_pkey_st;

namespace tc::trust::notaryv1::test {

/// Serves files by name ("root", "3.root", "targets/releases"); hash requests get the
/// current file of the role, as a server that ignores the hash would, so checks stay ours.
class MemorySource : public MetadataSource {
public:
    std::optional<std::string> fetch(const std::string& gun,
                                     const MetadataRequest& request) override;

    /// Reads <directory>/<role>.json for the five roles that exist there.
    static MemorySource from_directory(const std::string& directory);

    std::map<std::string, std::string> files;
    std::vector<std::string> requested; // names asked for, in order
};

/// A key pair made with OpenSSL for one test run, with its TUF public key object.
struct TestKey {
    std::shared_ptr<evp_pkey_st> private_key;
    nlohmann::json public_object;
    std::string id;
    std::string method;
};

/// Key makers: plain ECDSA P-256, RSA 2048 (signs rsapss), Ed25519, and an ecdsa-x509 root key
/// whose self-signed certificate names `common_name` and is valid for `lifetime` from now.
TestKey make_ecdsa_key();
TestKey make_rsa_key();
TestKey make_ed25519_key();
TestKey make_root_key(const std::string& common_name,
                      std::chrono::seconds lifetime = std::chrono::hours(24 * 3650));

/// The signed file {"signed": body, "signatures": [...]} signed by each key in order.
std::string sign_metadata(const nlohmann::json& body, const std::vector<const TestKey*>& keys);

/// A notary repository built from test keys, published into a MemorySource role by role.
class TestRepository {
public:
    explicit TestRepository(std::string gun);

    /// Builds, signs and stores all roles (and <version>.root) into `source`.
    void publish(MemorySource& source) const;

    /// The metadata `signed` body of root as the fields below describe it.
    nlohmann::json root_body() const;

    std::string gun;
    std::map<std::string, std::vector<TestKey>> role_keys; // root, targets, snapshot, ...
    std::map<std::string, std::int64_t> thresholds;
    std::map<std::string, std::vector<const TestKey*>> signers; // default: the role keys
    std::map<std::string, std::int64_t> versions;
    std::map<std::string, std::string> expires;
    std::vector<TestKey> previous_root_signers; // extra root signers, for rotation
    nlohmann::json targets = nlohmann::json::object();
    bool with_releases = false;
    nlohmann::json releases_targets = nlohmann::json::object();
    std::vector<TestKey> releases_keys;
    // Last word on each body before it is signed, to break one thing on purpose.
    std::function<void(const std::string& role, nlohmann::json& body)> edit;

private:
    std::string sign_role(const std::string& role, nlohmann::json body) const;
};

/// A target entry for a manifest with this content.
nlohmann::json target_for(const std::string& manifest);

} // namespace tc::trust::notaryv1::test
