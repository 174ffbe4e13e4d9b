// Root trust: first use, pinning, rotation and delegations, on generated repositories.
#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "verifier_fixture.hpp"

namespace tc::trust::notaryv1 {
namespace {

using test::k_gun;
using test::NotaryVerifierTest;
using test::TestKey;
using ::testing::HasSubstr;

TEST_F(NotaryVerifierTest, NoTrustDataIsUntrusted) {
    auto message = refusal(util::ErrorKind::untrusted, [&] { verify_published(); });
    EXPECT_EQ(message, "no trust data for " + k_gun);
}

TEST_F(NotaryVerifierTest, MissingTagIsUntrusted) {
    auto message = refusal(util::ErrorKind::untrusted, [&] { verify("2.0"); });
    EXPECT_EQ(message, "tag 2.0 is not signed in " + k_gun);
}

TEST_F(NotaryVerifierTest, RootCertificateForAnotherRepositoryIsUntrusted) {
    m_repo.role_keys["root"] = {test::make_root_key("registry.test/library/other")};
    EXPECT_THAT(refusal(util::ErrorKind::untrusted),
                HasSubstr("is a certificate for 'registry.test/library/other'"));
}

TEST_F(NotaryVerifierTest, ExpiredRootCertificateIsExpired) {
    m_repo.role_keys["root"] = {test::make_root_key(k_gun, std::chrono::seconds(-60))};
    EXPECT_THAT(refusal(util::ErrorKind::expired), HasSubstr("has a certificate valid only"));
}

TEST_F(NotaryVerifierTest, RotationSignedByOldAndNewRootIsAccepted) {
    verify();
    TestKey old_root = m_repo.role_keys["root"][0];
    m_repo.role_keys["root"] = {test::make_root_key(k_gun)};
    m_repo.previous_root_signers = {old_root};
    m_repo.versions["root"] = 2;
    EXPECT_EQ(verify().root_version, 2);

    // The rotated root is now the anchor: the next version needs only the new key.
    m_repo.previous_root_signers.clear();
    m_repo.versions["root"] = 3;
    EXPECT_EQ(verify().root_version, 3);
}

TEST_F(NotaryVerifierTest, RotationWalksEveryIntermediateVersion) {
    verify();
    TestKey first = m_repo.role_keys["root"][0];
    TestKey second = test::make_root_key(k_gun);
    m_repo.role_keys["root"] = {second};
    m_repo.previous_root_signers = {first};
    m_repo.versions["root"] = 2;
    m_source.files.clear();
    m_repo.publish(m_source);
    auto version_two = m_source.files.at("2.root");

    m_repo.role_keys["root"] = {test::make_root_key(k_gun)};
    m_repo.previous_root_signers = {second};
    m_repo.versions["root"] = 3;
    m_source.files.clear();
    m_repo.publish(m_source);
    m_source.files.erase("2.root");

    // Without version 2 the step from version 1 cannot be checked, so it is refused.
    EXPECT_THAT(refusal(util::ErrorKind::untrusted, [&] { verify_published(); }),
                HasSubstr("2.root of " + k_gun));

    m_source.files["2.root"] = version_two;
    EXPECT_EQ(verify_published().root_version, 3);
    EXPECT_THAT(m_source.requested, ::testing::Contains("2.root"));
}

TEST_F(NotaryVerifierTest, RotationSignedOnlyByTheNewRootIsRefusedNamingBothKeys) {
    verify();
    std::string old_id = m_repo.role_keys["root"][0].id;
    m_repo.role_keys["root"] = {test::make_root_key(k_gun)};
    m_repo.versions["root"] = 2;
    auto message = refusal(util::ErrorKind::untrusted);
    EXPECT_THAT(message, HasSubstr("root of " + k_gun + " changed from root key " + old_id));
    EXPECT_THAT(message, HasSubstr(m_repo.role_keys["root"][0].id));
}

TEST_F(NotaryVerifierTest, DifferentRootAfterFirstUseIsRefused) {
    verify();
    std::string old_id = m_repo.role_keys["root"][0].id;
    m_repo.role_keys["root"] = {test::make_root_key(k_gun)};
    auto message = refusal(util::ErrorKind::untrusted);
    EXPECT_THAT(message, HasSubstr(old_id));
    EXPECT_THAT(message, HasSubstr(m_repo.role_keys["root"][0].id + " (version 1)"));
    EXPECT_THAT(message, HasSubstr("without a valid rotation"));
}

TEST_F(NotaryVerifierTest, PinnedRootKeyIsRequiredOnFirstUse) {
    m_pins.key_ids = {std::string(64, 'a')};
    auto message = refusal(util::ErrorKind::untrusted);
    EXPECT_THAT(message, HasSubstr("are not the pinned root key " + std::string(64, 'a')));
    EXPECT_THAT(message, HasSubstr(m_repo.role_keys["root"][0].id));

    m_pins.key_ids = {m_repo.role_keys["root"][0].id};
    EXPECT_EQ(verify().role, "targets");
}

TEST_F(NotaryVerifierTest, PinByCertificateMatchesItsKey) {
    auto pem = crypto::base64_decode(
        m_repo.role_keys["root"][0].public_object["keyval"]["public"].get<std::string>());
    m_pins.certificates_pem = {*pem};
    EXPECT_EQ(verify().role, "targets");
}

TEST_F(NotaryVerifierTest, ReleasesDelegationWithItsOwnKeysIsPreferred) {
    m_repo.with_releases = true;
    m_repo.releases_keys = {test::make_rsa_key()};
    m_repo.releases_targets["1.0"] = test::target_for("released manifest");
    m_repo.targets["only-in-targets"] = test::target_for("x");
    auto target = verify();
    EXPECT_EQ(target.role, "targets/releases");
    EXPECT_EQ(target.digest, "sha256:" + crypto::sha256_hex("released manifest"));
    EXPECT_EQ(verify_published("only-in-targets").role, "targets");
}

TEST_F(NotaryVerifierTest, ReleasesSignedByTheTargetsKeyIsRefused) {
    m_repo.with_releases = true;
    m_repo.releases_keys = {test::make_ecdsa_key()};
    m_repo.releases_targets["1.0"] = test::target_for("released manifest");
    m_repo.signers["targets/releases"] = {&m_repo.role_keys["targets"][0]};
    EXPECT_THAT(refusal(util::ErrorKind::untrusted),
                HasSubstr("targets/releases of " + k_gun + ": signed by 0 of the 1"));
}

} // namespace
} // namespace tc::trust::notaryv1
