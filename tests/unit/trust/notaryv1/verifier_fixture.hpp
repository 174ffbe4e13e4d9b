#pragma once

#include "test_repository.hpp"
#include "trust/notaryv1/verifier.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

namespace tc::trust::notaryv1::test {

inline const std::string k_gun = "registry.test/library/app";

/// A generated repository, an in-memory server and a fresh state directory per test.
class NotaryVerifierTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_state = std::filesystem::temp_directory_path() /
                  ("tc-notary-verifier-" + std::to_string(getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_state);
        m_repo.targets["1.0"] = target_for("manifest one");
    }
    void TearDown() override { std::filesystem::remove_all(m_state); }

    TrustedTarget verify(const std::string& tag = "1.0") {
        m_source.files.clear();
        m_repo.publish(m_source);
        return verify_published(tag);
    }

    TrustedTarget verify_published(const std::string& tag = "1.0") {
        NotaryVerifier verifier(m_source, {m_state, m_clock, m_pins});
        return verifier.verify_tag(k_gun, tag);
    }

    // Runs `verify`, expecting a refusal of `kind`; returns its message.
    template <typename Step>
    std::string refusal(util::ErrorKind kind, Step step) {
        try {
            step();
        } catch (const util::Error& error) {
            EXPECT_EQ(error.kind(), kind) << error.what();
            EXPECT_THAT(error.what(), ::testing::HasSubstr(k_gun));
            return error.what();
        }
        ADD_FAILURE() << "no error";
        return {};
    }

    std::string refusal(util::ErrorKind kind) {
        return refusal(kind, [&] { verify(); });
    }

    TestRepository m_repo{k_gun};
    MemorySource m_source;
    std::filesystem::path m_state;
    Clock m_clock = [] { return std::chrono::system_clock::now(); };
    RootPins m_pins;
};

} // namespace tc::trust::notaryv1::test
