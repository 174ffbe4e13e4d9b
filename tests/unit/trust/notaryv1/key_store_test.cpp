// Private keys and the docker-style key store: encryption parameters, file layout, reuse.
#include "crypto/encoding.hpp"
#include "crypto/private_key.hpp"
#include "crypto/signature.hpp"
#include "support/error_of.hpp"
#include "trust/notaryv1/key_store.hpp"
#include "util/error.hpp"
#include "util/files.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

namespace tc::trust::notaryv1 {
namespace {

using tc::testing::error_of;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class KeyStoreTest : public ::testing::Test {
protected:
    KeyStoreTest()
        : m_directory(std::filesystem::temp_directory_path() /
                      ("tc-key-store-" + std::to_string(getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name())) {}
    ~KeyStoreTest() override { std::filesystem::remove_all(m_directory); }

    std::filesystem::path m_directory;
    KeyStore m_store{m_directory};
};

// The DER of an EncryptedPrivateKeyInfo after its outer length, up to its salt, as docker's
// own key files have it (PBES2, PBKDF2 without a PRF, i.e. HMAC-SHA1, an 8-byte salt). The
// length differs: OpenSSL leaves the curve out of the inner ECPrivateKey, Go repeats it.
const std::string k_docker_prefix = "304906092a864886f70d01050d303c301b06092a864886f70d"
                                    "01050c300e0408";

TEST(PrivateKey, EncryptsAsNotaryDoesAndDecryptsWithThePassphraseOnly) {
    auto key = crypto::PrivateKey::generate_ecdsa_p256();
    auto der = key.to_encrypted_pkcs8("secret");
    auto hex = crypto::hex_encode(der).substr(6);
    EXPECT_THAT(hex, StartsWith(k_docker_prefix));
    // 2048 iterations, then AES-256-CBC with a 16-byte IV.
    EXPECT_EQ(hex.substr(k_docker_prefix.size() + 16, 38),
              "02020800301d060960864801650304012a0410");

    auto back = crypto::PrivateKey::from_encrypted_pkcs8(der, "secret");
    EXPECT_EQ(back.public_key().spki_der(), key.public_key().spki_der());
    auto error = error_of([&] { crypto::PrivateKey::from_encrypted_pkcs8(der, "wrong"); });
    EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
}

TEST(PrivateKey, SignsRawEcdsaThatVerifies) {
    auto key = crypto::PrivateKey::generate_ecdsa_p256();
    auto signature = key.sign_ecdsa_sha256_raw("message");
    EXPECT_EQ(signature.size(), 64U);
    EXPECT_TRUE(crypto::verify_signature(
        key.public_key(), crypto::SignatureScheme::ecdsa_sha256_raw, "message", signature));
    EXPECT_FALSE(crypto::verify_signature(
        key.public_key(), crypto::SignatureScheme::ecdsa_sha256_raw, "other", signature));
}

TEST(PrivateKey, RootCertificateNamesTheGunAndIsALeaf) {
    auto key = crypto::PrivateKey::generate_ecdsa_p256();
    auto pem = crypto::self_signed_certificate_pem(key, "registry.test/app",
                                                   std::chrono::hours(24 * 3650));
    auto certificates = crypto::Certificate::from_pem_bundle(pem);
    ASSERT_EQ(certificates.size(), 1U);
    const auto& certificate = certificates.front();
    EXPECT_EQ(certificate.common_name(), "registry.test/app");
    EXPECT_FALSE(certificate.is_ca());
    EXPECT_FALSE(certificate.signed_with_sha1());
    EXPECT_EQ(certificate.public_key().spki_der(), key.public_key().spki_der());
    auto lifetime = certificate.not_after() - certificate.not_before();
    EXPECT_NEAR(std::chrono::duration_cast<std::chrono::hours>(lifetime).count(), 24 * 3650, 1);
}

TEST_F(KeyStoreTest, CreatedKeysAreEncryptedOwnerOnlyAndNamedByKeyId) {
    auto root = m_store.create("root", "", "root secret");
    auto targets = m_store.create("targets", "registry.test/app", "repo secret");

    auto root_file = m_store.private_directory() / (root.id + ".key");
    auto text = util::read_file(root_file);
    EXPECT_THAT(text, StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: root\n\n"));
    EXPECT_THAT(text, Not(HasSubstr("gun:")));
    EXPECT_EQ(std::filesystem::status(root_file).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    EXPECT_THAT(util::read_file(m_store.private_directory() / (targets.id + ".key")),
                HasSubstr("-----\ngun: registry.test/app\nrole: targets\n\n"));
    EXPECT_EQ(root.id, plain_key_id(root.key.public_key()));
}

TEST_F(KeyStoreTest, FindsKeysByIdAndTheFirstRootKeyByName) {
    EXPECT_EQ(m_store.root_key("pass"), std::nullopt);
    auto targets = m_store.create("targets", "registry.test/app", "pass");
    auto one = m_store.create("root", "", "pass");
    auto two = m_store.create("root", "", "pass");

    auto root = m_store.root_key("pass");
    ASSERT_TRUE(root.has_value());
    EXPECT_EQ(root->id, std::min(one.id, two.id));
    EXPECT_EQ(root->role, "root");

    auto found = m_store.find(targets.id, "pass");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->key.public_key().spki_der(), targets.key.public_key().spki_der());
    EXPECT_EQ(m_store.find("0123abcd", "pass"), std::nullopt);
    EXPECT_EQ(m_store.find("../escape", "pass"), std::nullopt);
}

TEST_F(KeyStoreTest, WrongPassphraseNamesTheFile) {
    auto key = m_store.create("root", "", "right");
    auto error = error_of([&] { m_store.root_key("wrong"); });
    EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
    EXPECT_THAT(error.what(), HasSubstr(key.id + ".key"));
    EXPECT_THAT(error.what(), HasSubstr("passphrase"));
}

TEST(Passphrases, ComeFromDockersVariablesAndAreNeverQuoted) {
    setenv("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", "root-value", 1);
    setenv("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "repo-value", 1);
    EXPECT_EQ(passphrase_for("root"), "root-value");
    EXPECT_EQ(passphrase_for("targets"), "repo-value");
    EXPECT_EQ(passphrase_for("targets/releases"), "repo-value");

    unsetenv("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE");
    auto error = error_of([] { passphrase_for("root"); });
    EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
    EXPECT_THAT(error.what(), HasSubstr("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE"));
    unsetenv("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE");
}

} // namespace
} // namespace tc::trust::notaryv1
