// The sample repositories that notary's own compatibility tests use: real TUF metadata
// written by notary 0.1 and 0.3 clients, read in place from the peers folder.
#include "test_repository.hpp"
#include "trust/notaryv1/metadata.hpp"
#include "trust/notaryv1/verifier.hpp"
#include "util/error.hpp"
#include "util/files.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

namespace tc::trust::notaryv1 {
namespace {

const std::string k_fixtures = std::string(TC_PEERS_DIR) + "/notary-fixtures";
const std::string k_gun01 = "docker.com/notary0.1/samplerepo";
const std::string k_gun03 = "docker.com/notary0.3/tst";

std::string metadata_directory(const std::string& version, const std::string& gun) {
    return k_fixtures + "/notary" + version + "/tuf/" + gun + "/metadata";
}

TimePoint in_2020() {
    return *parse_rfc3339("2020-01-01T00:00:00Z");
}

class NotaryFixtures : public ::testing::Test {
protected:
    void SetUp() override {
        m_state = std::filesystem::temp_directory_path() /
                  ("tc-notary-fixtures-" + std::to_string(getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_state);
    }
    void TearDown() override { std::filesystem::remove_all(m_state); }

    TrustedTarget verify(const std::string& version, const std::string& gun, const std::string& tag,
                         Clock clock = in_2020) {
        auto source = test::MemorySource::from_directory(metadata_directory(version, gun));
        NotaryVerifier verifier(source, {m_state, clock, {}});
        return verifier.verify_tag(gun, tag);
    }

    std::filesystem::path m_state;
};

TEST_F(NotaryFixtures, Notary01TargetVerifies) {
    auto target = verify("0.1", k_gun01, "LICENSE");
    EXPECT_EQ(target.digest,
              "sha256:9395bac6fccb26bcb55efb083d1b4b0fe72a1c25f959f056c016120b3bb56a62");
    EXPECT_EQ(target.length, 11309);
    EXPECT_EQ(target.role, "targets");
}

TEST_F(NotaryFixtures, Notary03PrefersReleasesSignedWithAnRsaCertificateKey) {
    auto hello = verify("0.3", k_gun03, "hello");
    EXPECT_EQ(hello.role, "targets/releases");
    EXPECT_EQ(hello.digest,
              "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hello.length, 0);

    auto license = verify("0.3", k_gun03, "LICENSE");
    EXPECT_EQ(license.role, "targets");
    EXPECT_EQ(license.length, 11309);
}

TEST_F(NotaryFixtures, StatePersistsVersionsAndTheTrustedRoot) {
    verify("0.3", k_gun03, "change");
    auto state = TrustStore(m_state).load(k_gun03);
    EXPECT_EQ(state.version_of("targets"), 5);
    EXPECT_EQ(state.version_of("timestamp"), 4);
    EXPECT_EQ(state.version_of("targets/releases"), 1);
    EXPECT_EQ(state.root, util::read_file(metadata_directory("0.3", k_gun03) + "/root.json"));

    // A second run trusts the saved root and accepts the same metadata again.
    EXPECT_EQ(verify("0.3", k_gun03, "change").role, "targets");
}

TEST_F(NotaryFixtures, MissingTagIsUntrusted) {
    try {
        verify("0.1", k_gun01, ".gitignore"); // only in the unpublished changelist
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::untrusted);
        EXPECT_EQ(std::string(error.what()), "tag .gitignore is not signed in " + k_gun01);
    }
}

TEST_F(NotaryFixtures, RealClockRefusesTheExpiredRootCertificateOfNotary03) {
    // Its root certificate ran out on 2026-07-25; the metadata itself lasts until 2116.
    auto now = std::chrono::system_clock::now();
    if (now < *parse_rfc3339("2026-07-26T00:00:00Z")) {
        GTEST_SKIP() << "the certificate has not expired yet";
    }
    try {
        verify("0.3", k_gun03, "hello", [] { return std::chrono::system_clock::now(); });
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::expired);
        EXPECT_NE(std::string(error.what()).find(k_gun03), std::string::npos);
        EXPECT_NE(std::string(error.what()).find("2026-07-25"), std::string::npos);
    }
}

TEST_F(NotaryFixtures, MetadataPastItsExpiryIsRefusedNamingRoleAndTime) {
    try {
        verify("0.1", k_gun01, "LICENSE", [] { return *parse_rfc3339("2116-01-12T01:00:00Z"); });
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::expired);
        EXPECT_EQ(std::string(error.what()),
                  "failed to verify root of " + k_gun01 + ": it expired at 2116-01-12T00:58:57Z");
    }
}

TEST(NotaryFixtureKeys, IdsAreRecomputedIncludingCertificateCanonicalIds) {
    auto bytes = util::read_file(metadata_directory("0.1", k_gun01) + "/root.json");
    auto root = parse_root(bytes, {k_gun01, "root"});
    for (const auto& [id, key] : root.keys) {
        EXPECT_EQ(key.id, id);
    }
    // notary names private key files by canonical ID: private/root_keys/<id>_root.key.
    const auto& root_key = root.keys.at(root.role_key_ids.at("root").front());
    EXPECT_EQ(root_key.canonical_id,
              "d0c623c8e70c70d42a8a8125c44a8598588b3f6e31d5c21a83cbc338dfde8a68");
    EXPECT_TRUE(std::filesystem::exists(k_fixtures + "/notary0.1/private/root_keys/" +
                                        root_key.canonical_id + "_root.key"));

    auto targets03 =
        parse_targets(util::read_file(metadata_directory("0.3", k_gun03) + "/targets.json"),
                      {k_gun03, "targets"});
    const auto& delegate = targets03.delegations.front().keys.keys.begin()->second;
    EXPECT_EQ(delegate.type, "rsa-x509");
    EXPECT_EQ(delegate.id, "68243a1f948be7841403f65fc8f24d5eda9050c337e727e2eacc3d3cb5227d73");
    EXPECT_TRUE(std::filesystem::exists(k_fixtures + "/notary0.3/private/tuf_keys/" +
                                        delegate.canonical_id + ".key"));
}

} // namespace
} // namespace tc::trust::notaryv1
