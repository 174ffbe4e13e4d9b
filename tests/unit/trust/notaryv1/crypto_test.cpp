#include "crypto/encoding.hpp"
#include "crypto/signature.hpp"
#include "test_repository.hpp"
#include "trust/notaryv1/canonical_json.hpp"
#include "trust/notaryv1/tuf_key.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tc::trust::notaryv1 {
namespace {

TEST(Base64, RoundTripsAndRefusesNonCanonicalText) {
    for (std::string text :
         std::vector<std::string>{"", "f", "fo", "foob", std::string("\0\xff", 2)}) {
        EXPECT_EQ(crypto::base64_decode(crypto::base64_encode(text)), text);
    }
    EXPECT_EQ(crypto::base64_encode("fo"), "Zm8=");
    for (const char* bad : {"Zm8", "Zm9=", "Z m8=", "Zm8_", "=Zm8", "Zg==Zg=="}) {
        EXPECT_FALSE(crypto::base64_decode(bad)) << bad;
    }
}

// Each key type as notary encodes it, signed by its method, through parse_tuf_key.
void expect_verifies(const test::TestKey& key) {
    RoleRef where{"example.com/repo", "targets"};
    TufKey parsed = parse_tuf_key(key.public_object, where, "key");
    EXPECT_EQ(parsed.id, key.id);

    nlohmann::json body = {{"a", 1}};
    auto file = nlohmann::json::parse(test::sign_metadata(body, {&key}));
    auto signature = *crypto::base64_decode(file["signatures"][0]["sig"].get<std::string>());
    auto scheme = key.method == "ecdsa"   ? crypto::SignatureScheme::ecdsa_sha256_raw
                  : key.method == "eddsa" ? crypto::SignatureScheme::ed25519
                                          : crypto::SignatureScheme::rsa_pss_sha256;
    auto message = canonical_json(body);
    EXPECT_TRUE(crypto::verify_signature(parsed.key, scheme, message, signature)) << key.method;

    signature[signature.size() / 2] ^= 1;
    EXPECT_FALSE(crypto::verify_signature(parsed.key, scheme, message, signature));
    EXPECT_FALSE(crypto::verify_signature(parsed.key, scheme, message, "short"));
}

TEST(Signatures, EachKeyTypeVerifiesItsOwnMethodAndRejectsAFlippedBit) {
    expect_verifies(test::make_ecdsa_key());
    expect_verifies(test::make_ed25519_key());
    expect_verifies(test::make_rsa_key());
    expect_verifies(test::make_root_key("example.com/repo"));
}

TEST(Signatures, AKeyOfAnotherFamilyNeverVerifies) {
    auto ecdsa = parse_tuf_key(test::make_ecdsa_key().public_object, {"g", "r"}, "k");
    EXPECT_FALSE(crypto::verify_signature(ecdsa.key, crypto::SignatureScheme::ed25519, "m",
                                          std::string(64, 'x')));
}

TEST(TufKeys, CertificateKeyHasTheSpkiKeyAsCanonicalId) {
    auto root = test::make_root_key("example.com/repo");
    TufKey parsed = parse_tuf_key(root.public_object, {"g", "root"}, "k");
    auto spki = crypto::base64_encode(parsed.key.spki_der());
    EXPECT_EQ(parsed.canonical_id, tuf_key_id("ecdsa", spki));
    EXPECT_NE(parsed.canonical_id, parsed.id);
    EXPECT_EQ(parsed.certificates.front().common_name(), "example.com/repo");
}

TEST(TufKeys, MalformedKeysAreBadInputNamingTheField) {
    nlohmann::json key = {{"keytype", "ecdsa"},
                          {"keyval", {{"private", nullptr}, {"public", "AAAA"}}}};
    try {
        parse_tuf_key(key, {"example.com/repo", "root"}, "signed.keys.abc");
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_NE(std::string(error.what()).find("root of example.com/repo: field signed.keys.abc"),
                  std::string::npos)
            << error.what();
    }
    key["keytype"] = "dsa";
    EXPECT_THROW(parse_tuf_key(key, {"g", "root"}, "k"), util::Error);
}

} // namespace
} // namespace tc::trust::notaryv1
