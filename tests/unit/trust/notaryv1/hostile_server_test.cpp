// The real HTTP client flow (HttpMetadataSource + NotaryVerifier) against a notary server of
// ours that serves generated trust data and can be told to lie.
#include "crypto/digest.hpp"
#include "test_repository.hpp"
#include "trust/notaryv1/canonical_json.hpp"
#include "trust/notaryv1/http_source.hpp"
#include "trust/notaryv1/verifier.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace tc::trust::notaryv1 {
namespace {

using nlohmann::json;
using test::MemorySource;
using test::TestRepository;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string k_gun = "registry.test/library/hostile";

/// Notary's read API (GET /v2/<gun>/_trust/tuf/<file>.json) on a random loopback port, serving
/// what TestRepository published; a lie, if set, may answer a request before the honest lookup.
class HostileNotary {
public:
    /// Answers the request for `file` ("timestamp", "snapshot.<sha256>", "2.root") and returns
    /// true, or returns false to let the honest server answer.
    using Lie = std::function<bool(const std::string& file, httplib::Response& response)>;

    HostileNotary() {
        m_server.Get(R"(/v2/(.+)/_trust/tuf/(.+)\.json)",
                     [this](const httplib::Request& request, httplib::Response& response) {
                         answer(request.matches[1], request.matches[2], response);
                     });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        while (!m_server.is_running()) {
            std::this_thread::yield();
        }
    }

    ~HostileNotary() {
        m_server.stop();
        m_thread.join();
    }

    /// Serves `published` under its current names and, as notary does, under the consistent
    /// <role>.<sha256> names; files served before stay reachable by their hashes.
    void serve(const MemorySource& published) {
        std::lock_guard lock(m_mutex);
        for (const auto& [name, bytes] : published.files) {
            m_files[name] = bytes;
            m_files[name + "." + crypto::sha256_hex(bytes)] = bytes;
        }
    }

    void set_lie(Lie lie) {
        std::lock_guard lock(m_mutex);
        m_lie = std::move(lie);
    }

    /// Answers an unknown <role>.<sha256> with the current file of the role, as a server that
    /// ignores the hash would.
    void ignore_hashes() {
        std::lock_guard lock(m_mutex);
        m_ignore_hashes = true;
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    void answer(const std::string& gun, const std::string& file, httplib::Response& response) {
        std::unique_lock lock(m_mutex);
        Lie lie = m_lie;
        lock.unlock();
        if (lie && lie(file, response)) {
            return;
        }

        lock.lock();
        auto found = m_files.find(file);
        if (found == m_files.end() && m_ignore_hashes && file.find('.') != std::string::npos) {
            found = m_files.find(file.substr(0, file.rfind('.')));
        }
        if (gun != k_gun || found == m_files.end()) {
            response.status = 404;
            return;
        }
        response.set_content(found->second, "application/json");
    }

    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    std::mutex m_mutex;
    std::map<std::string, std::string> m_files;
    Lie m_lie;
    bool m_ignore_hashes = false;
};

/// The `signed` body of a signed metadata file.
json signed_body(const std::string& file) {
    return json::parse(file).at("signed");
}

class HostileServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_state = std::filesystem::temp_directory_path() /
                  ("tc-hostile-notary-" + std::to_string(getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_state);
        m_repo.targets["1.0"] = test::target_for("manifest one");
    }
    void TearDown() override { std::filesystem::remove_all(m_state); }

    // Publishes the repository as it is now and serves it.
    MemorySource publish() {
        MemorySource published;
        m_repo.publish(published);
        m_notary.serve(published);
        return published;
    }

    // A new client (HTTP session and verifier) over the state directory, as each run of the
    // CLI would be.
    TrustedTarget verify() {
        HttpMetadataSource source(m_notary.url(), NotaryServerOptions{});
        VerifierOptions options;
        options.state_directory = m_state;
        NotaryVerifier verifier(source, options);
        return verifier.verify_tag(k_gun, "1.0");
    }

    // Runs verify, expecting a refusal of `kind` naming the gun; returns its message.
    std::string refusal(util::ErrorKind kind) {
        try {
            auto target = verify();
            ADD_FAILURE() << "verified " << target.digest;
        } catch (const util::Error& error) {
            EXPECT_EQ(error.kind(), kind) << error.what();
            EXPECT_THAT(error.what(), HasSubstr(k_gun));
            return error.what();
        }
        return {};
    }

    // The repository's key of a role the notary server holds (timestamp, snapshot).
    const test::TestKey* server_key(const std::string& role) { return &m_repo.role_keys[role][0]; }

    TestRepository m_repo{k_gun};
    HostileNotary m_notary;
    std::filesystem::path m_state;
};

const std::string k_digest_one = "sha256:" + crypto::sha256_hex("manifest one");

TEST_F(HostileServerTest, HonestServerGivesTheSignedDigest) {
    publish();
    auto target = verify();
    EXPECT_EQ(target.digest, k_digest_one);
    EXPECT_EQ(target.length, 12);
    EXPECT_EQ(target.gun, k_gun);
    EXPECT_EQ(target.role, "targets");
}

TEST_F(HostileServerTest, ReplayedOlderTimestampIsRollback) {
    MemorySource old = publish();
    EXPECT_EQ(verify().digest, k_digest_one);
    for (const char* role : {"timestamp", "snapshot", "targets"}) {
        m_repo.versions[role] = 2;
    }
    m_repo.targets["1.0"] = test::target_for("manifest two");
    publish();
    EXPECT_EQ(verify().digest, "sha256:" + crypto::sha256_hex("manifest two"));

    // Version 1, validly signed and not expired, served again by a second client.
    m_notary.serve(old);
    EXPECT_THAT(refusal(util::ErrorKind::untrusted),
                HasSubstr("failed to verify timestamp of " + k_gun +
                          ": version 1 is lower than version 2 seen before (rollback)"));
}

TEST_F(HostileServerTest, OlderSnapshotUnderAFreshTimestampIsRollback) {
    MemorySource old = publish();
    verify();
    for (const char* role : {"timestamp", "snapshot", "targets"}) {
        m_repo.versions[role] = 2;
    }
    m_repo.targets["1.0"] = test::target_for("manifest two");
    MemorySource current = publish();
    verify();

    // The server holds the timestamp key: it signs a newer timestamp over the old snapshot.
    json timestamp = signed_body(current.files["timestamp"]);
    timestamp["version"] = 3;
    timestamp["meta"]["snapshot"] = test::target_for(old.files["snapshot"]);
    MemorySource replay;
    replay.files["timestamp"] = test::sign_metadata(timestamp, {server_key("timestamp")});
    m_notary.serve(replay);
    EXPECT_THAT(refusal(util::ErrorKind::untrusted),
                HasSubstr("failed to verify snapshot of " + k_gun +
                          ": version 1 is lower than version 2 seen before (rollback)"));
}

TEST_F(HostileServerTest, ExpiredTimestampIsRefusedNamingTheRole) {
    m_repo.expires["timestamp"] = "2020-01-02T03:04:05Z";
    publish();
    EXPECT_THAT(refusal(util::ErrorKind::expired),
                HasSubstr("failed to verify timestamp of " + k_gun +
                          ": it expired at 2020-01-02T03:04:05Z"));
}

TEST_F(HostileServerTest, TargetsChangedAfterSigningIsTampered) {
    MemorySource published = publish();
    std::string altered = published.files["targets"];
    auto year = altered.find("2030-01-01");
    ASSERT_NE(year, std::string::npos);
    altered[year + 3] = '1';
    m_notary.set_lie([altered](const std::string& file, httplib::Response& response) {
        if (!file.starts_with("targets")) {
            return false;
        }
        response.set_content(altered, "application/json");
        return true;
    });
    EXPECT_THAT(refusal(util::ErrorKind::tampered),
                HasSubstr("failed to verify targets of " + k_gun + ": its sha256 is"));
}

TEST_F(HostileServerTest, SwappedDigestUnderServerSignedSnapshotIsTampered) {
    MemorySource published = publish();

    // The tag points elsewhere; the targets signature is kept, snapshot and timestamp (keys
    // the server holds) are signed again over the forged targets.
    json targets = json::parse(published.files["targets"]);
    targets["signed"]["targets"]["1.0"] = test::target_for("evil manifest");
    MemorySource forged;
    forged.files["targets"] = canonical_json(targets);
    json snapshot = signed_body(published.files["snapshot"]);
    snapshot["meta"]["targets"] = test::target_for(forged.files["targets"]);
    forged.files["snapshot"] = test::sign_metadata(snapshot, {server_key("snapshot")});
    json timestamp = signed_body(published.files["timestamp"]);
    timestamp["meta"]["snapshot"] = test::target_for(forged.files["snapshot"]);
    forged.files["timestamp"] = test::sign_metadata(timestamp, {server_key("timestamp")});
    m_notary.serve(forged);

    auto message = refusal(util::ErrorKind::tampered);
    EXPECT_THAT(message, HasSubstr("failed to verify targets of " + k_gun +
                                   ": 1 signature(s) by its keys do not verify"));
    EXPECT_THAT(message, Not(HasSubstr(crypto::sha256_hex("evil manifest"))));
}

TEST_F(HostileServerTest, SnapshotListingOtherTargetsHashIsTampered) {
    m_repo.edit = [](const std::string& role, json& body) {
        if (role == "snapshot") {
            body["meta"]["targets"]["hashes"] = test::target_for("other targets")["hashes"];
        }
    };
    publish();
    m_notary.ignore_hashes();
    EXPECT_THAT(refusal(util::ErrorKind::tampered),
                HasSubstr("failed to verify targets of " + k_gun + ": its sha256 is"));
}

TEST_F(HostileServerTest, RootWithOtherKeysAfterFirstUseIsUntrustedNamingBothKeys) {
    publish();
    verify();

    // A whole repository made again with new keys, its root a version later: not signed by
    // the trusted root key, so not a rotation.
    TestRepository other(k_gun);
    other.targets["1.0"] = test::target_for("evil manifest");
    other.versions["root"] = 2;
    MemorySource swapped;
    other.publish(swapped);
    m_notary.serve(swapped);

    auto message = refusal(util::ErrorKind::untrusted);
    EXPECT_THAT(message, HasSubstr("root of " + k_gun + " changed from root key " +
                                   m_repo.role_keys["root"][0].id + " (version 1) to root key " +
                                   other.role_keys["root"][0].id + " (version 2)"));
}

TEST_F(HostileServerTest, EndlessTimestampIsCutAtTheCap) {
    publish();
    auto sent = std::make_shared<std::atomic<std::size_t>>(0);
    m_notary.set_lie([sent](const std::string& file, httplib::Response& response) {
        if (file != "timestamp") {
            return false;
        }
        // Bounded only so that a client that never stops reading cannot hang the test.
        response.set_chunked_content_provider("application/json",
                                              [sent](std::size_t, httplib::DataSink& sink) {
                                                  const std::string chunk(64 * 1024, ' ');
                                                  if (*sent > (std::size_t{64} << 20)) {
                                                      sink.done();
                                                      return true;
                                                  }
                                                  *sent += chunk.size();
                                                  return sink.write(chunk.data(), chunk.size());
                                              });
        return true;
    });

    auto start = std::chrono::steady_clock::now();
    EXPECT_THAT(refusal(util::ErrorKind::tampered),
                HasSubstr("notary server " + m_notary.url() +
                          " sent more than the 1048576 bytes allowed for timestamp of " + k_gun));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
    EXPECT_LT(sent->load(), std::size_t{64} << 20);
}

TEST_F(HostileServerTest, ServerErrorIsANetworkErrorNamingTheServer) {
    publish();
    m_notary.set_lie([](const std::string& file, httplib::Response& response) {
        if (file != "timestamp") {
            return false;
        }
        response.status = 500;
        response.set_content(R"({"errors":[{"code":"UNKNOWN","message":"db down"}]})",
                             "application/json");
        return true;
    });
    EXPECT_THAT(refusal(util::ErrorKind::network),
                HasSubstr("notary server " + m_notary.url() +
                          " answered HTTP 500 for timestamp of " + k_gun + " (UNKNOWN: db down)"));
}

} // namespace
} // namespace tc::trust::notaryv1
