#include "project/loader.hpp"
#include "support/temporary_directory.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>

namespace tc::project {
namespace {

using ::testing::HasSubstr;
using testing::TemporaryDirectory;

/// A stand-in compose that prints a fixed model and counts how often it ran, so the cache
/// can be observed; the real compose is exercised by the end-to-end tests.
class LoaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        setenv("XDG_CACHE_HOME", (m_home.path() / "cache").c_str(), 1);
        m_project.write("compose.yaml", "services:\n  web:\n    image: busybox:${TAG}\n");
        m_home.write("model.json", R"({"name": "p", "services": {"web": {"image": "busybox:1"},
                                        "db": {"image": "redis:7"}}})");
        auto script = m_home.write("fake-compose", "#!/bin/sh\necho \"$@\" >> \"$CALLS\"\n"
                                                   "cat \"$MODEL\"\n");
        chmod(script.c_str(), 0755);

        m_request.compose = {{script.string()}, engine::Dialect::v2, "5.6.0"};
        m_request.environment.set("CALLS", (m_home.path() / "calls").string());
        m_request.environment.set("MODEL", (m_home.path() / "model.json").string());
        m_request.environment.set("PATH", "/usr/bin:/bin");
        m_request.environment.set("TAG", "1");
        m_request.directory = m_project.path();
    }

    void TearDown() override { unsetenv("XDG_CACHE_HOME"); }

    int compose_runs() const {
        auto calls = m_home.path() / "calls";
        if (!std::filesystem::exists(calls)) {
            return 0;
        }
        auto text = util::read_file(calls);
        return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    }

    TemporaryDirectory m_home;
    TemporaryDirectory m_project;
    LoadRequest m_request;
};

TEST_F(LoaderTest, AsksComposeForJsonAndReadsTheModel) {
    auto project = load_project(m_request);
    EXPECT_FALSE(project.from_cache);
    ASSERT_EQ(project.model.services.size(), 2u);
    EXPECT_EQ(project.model.services[1].image, "busybox:1");
    EXPECT_EQ(util::read_file(m_home.path() / "calls"), "config --format json\n");
}

TEST_F(LoaderTest, UnchangedProjectCostsNoSecondComposeRun) {
    load_project(m_request);
    auto second = load_project(m_request);
    EXPECT_TRUE(second.from_cache);
    EXPECT_EQ(second.model.services.size(), 2u);
    EXPECT_EQ(compose_runs(), 1);
}

TEST_F(LoaderTest, ChangedFileOrReferencedVariableRunsComposeAgain) {
    load_project(m_request);
    m_project.write("compose.yaml", "services:\n  web:\n    image: busybox:${TAG}-x\n");
    load_project(m_request);
    EXPECT_EQ(compose_runs(), 2);

    m_request.environment.set("TAG", "2"); // the file reads ${TAG}
    load_project(m_request);
    EXPECT_EQ(compose_runs(), 3);

    m_request.environment.set("UNRELATED", "x"); // no file reads it
    EXPECT_TRUE(load_project(m_request).from_cache);
    EXPECT_EQ(compose_runs(), 3);

    m_request.environment.set("COMPOSE_PROFILES", "debug"); // compose reads these itself
    load_project(m_request);
    EXPECT_EQ(compose_runs(), 4);
}

TEST_F(LoaderTest, NewOverrideFileRunsComposeAgain) {
    load_project(m_request);
    m_project.write("compose.override.yaml", "services: {}\n");
    EXPECT_FALSE(load_project(m_request).from_cache);
    EXPECT_EQ(compose_runs(), 2);
}

TEST_F(LoaderTest, FlagsAndServicesArePassedAndKeyTheCache) {
    m_request.flags.compose_flags = {"-p", "other"};
    m_request.services = {"web"};
    auto project = load_project(m_request);
    ASSERT_EQ(project.model.services.size(), 1u);
    EXPECT_EQ(project.model.services[0].name, "web");
    EXPECT_EQ(util::read_file(m_home.path() / "calls"), "-p other config --format json web\n");

    m_request.services = {"db"};
    load_project(m_request);
    EXPECT_EQ(compose_runs(), 2);
}

TEST_F(LoaderTest, SelectedServicesBringTheirDependencies) {
    m_home.write("model.json", R"({"services": {"web": {"image": "a", "depends_on":
        {"api": {"condition": "service_started"}}}, "api": {"image": "b", "depends_on": ["db"]},
        "db": {"image": "c"}, "other": {"image": "d"}}})");
    m_request.services = {"web"};
    auto project = load_project(m_request);
    ASSERT_EQ(project.model.services.size(), 3u);
    EXPECT_EQ(project.model.services[0].name, "api");
    EXPECT_EQ(project.model.services[1].name, "db");
    EXPECT_EQ(project.model.services[2].name, "web");
}

TEST_F(LoaderTest, ShellValueOfAValuelessBuildArgKeysTheCache) {
    m_project.write("compose.yaml", "services:\n  app:\n    build:\n      context: .\n"
                                    "      args: [BASE]\n");
    m_request.environment.set("BASE", "good:1");
    load_project(m_request);
    m_request.environment.set("BASE", "evil:1");
    EXPECT_FALSE(load_project(m_request).from_cache);
    EXPECT_EQ(compose_runs(), 2);
}

TEST_F(LoaderTest, CorruptCacheEntryIsIgnored) {
    load_project(m_request);
    for (const auto& entry : std::filesystem::directory_iterator(m_home.path() / "cache" /
                                                                 "trusted-compose" / "models")) {
        util::write_file_atomically(entry.path(), "not json");
    }
    auto project = load_project(m_request);
    EXPECT_FALSE(project.from_cache);
    EXPECT_EQ(project.model.services.size(), 2u);
}

TEST_F(LoaderTest, UnknownServiceIsNamed) {
    m_request.services = {"nope"};
    try {
        load_project(m_request);
        FAIL() << "no error";
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_THAT(error.what(), HasSubstr("no such service: nope (the project has: db, web)"));
    }
}

TEST_F(LoaderTest, ComposeErrorIsShownAsComposesAndNothingIsCached) {
    auto script = m_home.write("failing-compose", "#!/bin/sh\necho \"$@\" >> \"$CALLS\"\n"
                                                  "echo 'yaml: line 3: bad indent' >&2\n"
                                                  "exit 15\n");
    chmod(script.c_str(), 0755);
    m_request.compose.command = {script.string()};
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            load_project(m_request);
            FAIL() << "no error";
        } catch (const util::Error& error) {
            EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
            EXPECT_THAT(error.what(), HasSubstr("yaml: line 3: bad indent"));
        }
    }
    EXPECT_EQ(compose_runs(), 2);
}

TEST_F(LoaderTest, CacheCanBeBypassed) {
    load_project(m_request);
    m_request.use_cache = false;
    EXPECT_FALSE(load_project(m_request).from_cache);
    EXPECT_EQ(compose_runs(), 2);
}

} // namespace
} // namespace tc::project
