#include "reference/reference.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tc::reference {
namespace {

const std::string hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const std::string sha256 = "sha256:" + hex64;
const std::string sha512 = "sha512:" + hex64 + hex64;

struct GoodCase {
    std::string input;
    std::string str;
    std::string repository;
    std::string familiar;
    std::string domain;
};

// Printed by gtest when a case fails, so the failing input is visible.
void PrintTo(const GoodCase& good, std::ostream* out) {
    *out << '"' << good.input << '"';
}

class ParsesGood : public testing::TestWithParam<GoodCase> {};

TEST_P(ParsesGood, NormalizesAsDocker) {
    const GoodCase& good = GetParam();

    const Reference reference = parse_normalized(good.input);

    EXPECT_EQ(reference.str(), good.str);
    EXPECT_EQ(reference.repository(), good.repository);
    EXPECT_EQ(reference.familiar(), good.familiar);
    EXPECT_EQ(reference.domain, good.domain);
    EXPECT_TRUE(is_valid(good.input));
}

TEST_P(ParsesGood, ReparsesItsOwnForms) {
    const Reference reference = parse_normalized(GetParam().input);

    EXPECT_EQ(parse_normalized(reference.str()), reference);
    EXPECT_EQ(parse_normalized(reference.familiar()), reference);
}

const std::string tag128 = "t" + std::string(127, 'x');
const std::string path255 = "me/" + std::string(252, 'a');

INSTANTIATE_TEST_SUITE_P(
    Reference, ParsesGood,
    testing::Values(
        GoodCase{"busybox", "docker.io/library/busybox", "docker.io/library/busybox", "busybox",
                 "docker.io"},
        GoodCase{"library/busybox", "docker.io/library/busybox", "docker.io/library/busybox",
                 "busybox", "docker.io"},
        GoodCase{"docker.io/busybox", "docker.io/library/busybox", "docker.io/library/busybox",
                 "busybox", "docker.io"},
        GoodCase{"index.docker.io/library/busybox", "docker.io/library/busybox",
                 "docker.io/library/busybox", "busybox", "docker.io"},
        GoodCase{"index.docker.io/busybox:1.36", "docker.io/library/busybox:1.36",
                 "docker.io/library/busybox", "busybox:1.36", "docker.io"},
        GoodCase{"me/app", "docker.io/me/app", "docker.io/me/app", "me/app", "docker.io"},
        GoodCase{"library/a/b", "docker.io/library/a/b", "docker.io/library/a/b", "library/a/b",
                 "docker.io"},
        GoodCase{"localhost/app", "localhost/app", "localhost/app", "localhost/app", "localhost"},
        GoodCase{"localhost:5000/a/b:tag", "localhost:5000/a/b:tag", "localhost:5000/a/b",
                 "localhost:5000/a/b:tag", "localhost:5000"},
        // Without a '/', "localhost:5000" is the official image "localhost" with tag "5000".
        GoodCase{"localhost:5000", "docker.io/library/localhost:5000",
                 "docker.io/library/localhost", "localhost:5000", "docker.io"},
        GoodCase{"127.0.0.1:5000/x", "127.0.0.1:5000/x", "127.0.0.1:5000/x", "127.0.0.1:5000/x",
                 "127.0.0.1:5000"},
        GoodCase{"[::1]:5000/x@" + sha256, "[::1]:5000/x@" + sha256, "[::1]:5000/x",
                 "[::1]:5000/x@" + sha256, "[::1]:5000"},
        GoodCase{"[2001:db8::1]/x", "[2001:db8::1]/x", "[2001:db8::1]/x", "[2001:db8::1]/x",
                 "[2001:db8::1]"},
        GoodCase{"registry-1.docker.io/x", "registry-1.docker.io/x", "registry-1.docker.io/x",
                 "registry-1.docker.io/x", "registry-1.docker.io"},
        GoodCase{"Foo/bar", "Foo/bar", "Foo/bar", "Foo/bar", "Foo"},
        GoodCase{"Example.COM:443/x", "Example.COM:443/x", "Example.COM:443/x", "Example.COM:443/x",
                 "Example.COM:443"},
        GoodCase{"a:tag@" + sha256, "docker.io/library/a:tag@" + sha256, "docker.io/library/a",
                 "a:tag@" + sha256, "docker.io"},
        GoodCase{"me/app@" + sha512, "docker.io/me/app@" + sha512, "docker.io/me/app",
                 "me/app@" + sha512, "docker.io"},
        GoodCase{"ghcr.io/org/team/app:v1.2.3-rc.1_b", "ghcr.io/org/team/app:v1.2.3-rc.1_b",
                 "ghcr.io/org/team/app", "ghcr.io/org/team/app:v1.2.3-rc.1_b", "ghcr.io"},
        GoodCase{"a__b", "docker.io/library/a__b", "docker.io/library/a__b", "a__b", "docker.io"},
        GoodCase{"a---b", "docker.io/library/a---b", "docker.io/library/a---b", "a---b",
                 "docker.io"},
        GoodCase{"me/a.b_c-d", "docker.io/me/a.b_c-d", "docker.io/me/a.b_c-d", "me/a.b_c-d",
                 "docker.io"},
        GoodCase{"a:_Tag-1.X", "docker.io/library/a:_Tag-1.X", "docker.io/library/a", "a:_Tag-1.X",
                 "docker.io"},
        GoodCase{"a:" + tag128, "docker.io/library/a:" + tag128, "docker.io/library/a",
                 "a:" + tag128, "docker.io"},
        GoodCase{path255, "docker.io/" + path255, "docker.io/" + path255, path255, "docker.io"},
        // Only the whole input is refused as an image ID; as a path component hex is a name.
        GoodCase{"me/" + hex64, "docker.io/me/" + hex64, "docker.io/me/" + hex64, "me/" + hex64,
                 "docker.io"}));

TEST(ParseNormalized, KeepsTagAndDigestAsWritten) {
    const Reference reference = parse_normalized("docker.io/library/busybox:1@" + sha256);

    EXPECT_EQ(reference.domain, "docker.io");
    EXPECT_EQ(reference.path, "library/busybox");
    EXPECT_EQ(reference.tag, "1");
    EXPECT_EQ(reference.digest, sha256);
}

TEST(ParseNormalized, LeavesTagAndDigestEmptyWhenAbsent) {
    const Reference reference = parse_normalized("busybox");

    EXPECT_FALSE(reference.tag.has_value());
    EXPECT_FALSE(reference.digest.has_value());
}

TEST(WithDefaultTag, AddsLatestOnlyWithoutTagOrDigest) {
    EXPECT_EQ(parse_normalized("busybox").with_default_tag().str(),
              "docker.io/library/busybox:latest");
    EXPECT_EQ(parse_normalized("busybox:1").with_default_tag().str(),
              "docker.io/library/busybox:1");
    EXPECT_EQ(parse_normalized("busybox@" + sha256).with_default_tag().str(),
              "docker.io/library/busybox@" + sha256);
}

struct BadCase {
    std::string input;
    std::string message_part;
};

void PrintTo(const BadCase& bad, std::ostream* out) {
    *out << '"' << bad.input << '"';
}

class RefusesBad : public testing::TestWithParam<BadCase> {};

TEST_P(RefusesBad, WithBadInputNamingThePart) {
    const BadCase& bad = GetParam();

    try {
        parse_normalized(bad.input);
        FAIL() << "accepted " << bad.input;
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input);
        EXPECT_NE(std::string(error.what()).find(bad.message_part), std::string::npos)
            << error.what();
    }
    EXPECT_FALSE(is_valid(bad.input));
}

const std::string tag129 = "t" + std::string(128, 'x');
const std::string path256 = "me/" + std::string(253, 'a');

INSTANTIATE_TEST_SUITE_P(
    Reference, RefusesBad,
    testing::Values(
        BadCase{"", "invalid reference \"\": empty"},
        BadCase{"a/B", "invalid reference \"a/B\": repository name must be lowercase"},
        BadCase{"Busybox", "invalid reference \"Busybox\": repository name must be lowercase"},
        BadCase{"Foo/Bar:tag", "repository name must be lowercase"},
        BadCase{"busybox:", "invalid reference \"busybox:\": empty tag"},
        BadCase{"busybox@", "invalid reference \"busybox@\": empty digest"},
        BadCase{"busybox:@" + sha256, "empty tag"},
        BadCase{"x@sha256:abc",
                "invalid reference \"x@sha256:abc\": digest sha256 must have 64 hex digits, got 3"},
        BadCase{"x@sha256", "digest has no ':' between algorithm and hex"},
        BadCase{"x@md5:" + hex64.substr(0, 32), "digest has unsupported algorithm \"md5\""},
        BadCase{"x@sha-256:" + hex64, "digest has unsupported algorithm \"sha-256\""},
        BadCase{"x@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
                "digest sha256 must be lowercase hex"},
        BadCase{"x@sha512:" + hex64, "digest sha512 must have 128 hex digits, got 64"},
        BadCase{"x@" + sha256 + "@" + sha256, "digest sha256 has invalid character '@'"},
        BadCase{"a:" + tag129, "invalid tag \"" + tag129 + "\" in reference \"a:" + tag129 +
                                   "\": longer than 128 characters"},
        BadCase{"a:-x", "invalid tag \"-x\" in reference \"a:-x\": must start with"},
        BadCase{"a:.x", "must start with a letter, digit or '_'"},
        BadCase{"a:t!g", "invalid tag \"t!g\" in reference \"a:t!g\": invalid character '!'"},
        BadCase{path256, "repository path is longer than 255 characters (got 256)"},
        // Docker counts the "library/" it adds, so 247 characters are the most a bare name has.
        BadCase{std::string(248, 'a'), "repository path is longer than 255 characters (got 256)"},
        BadCase{"a//b", "invalid reference \"a//b\": empty path component"},
        BadCase{"a/", "empty path component"}, BadCase{"/a", "empty path component"},
        BadCase{"localhost/", "empty repository name"}, BadCase{":tag", "empty repository name"},
        BadCase{"@" + sha256, "empty repository name"},
        BadCase{"-a", "path component \"-a\" must start with a lowercase letter or digit"},
        BadCase{"a-", "path component \"a-\" must end with a lowercase letter or digit"},
        BadCase{"a_", "path component \"a_\" must end with a lowercase letter or digit"},
        BadCase{"me/.a", "path component \".a\" must start with"},
        BadCase{"a___b", "path component \"a___b\" has invalid separator \"___\""},
        BadCase{"a._b", "path component \"a._b\" has invalid separator \"._\""},
        BadCase{"a..b", "has invalid separator \"..\""},
        BadCase{hex64, "is an image ID, not a repository name"},
        BadCase{"host:99999999/x", "port \"99999999\" in domain \"host:99999999\" is not between "
                                   "1 and 65535"},
        // Stricter than Docker, whose grammar takes any digits: such a port cannot be pulled.
        BadCase{"host:65536/x", "is not between 1 and 65535"},
        BadCase{"host:0/x", "is not between 1 and 65535"},
        BadCase{"host:/x", "domain \"host:\" has an empty port"},
        BadCase{"host:abc/x", "port \"abc\" in domain \"host:abc\" must be decimal digits"},
        BadCase{":5000/x", "domain \":5000\" has an empty host name"},
        // A '.' in the first component makes it a domain, where '_' is not allowed; Docker
        // would fall back to a name without a domain, which we refuse on purpose.
        BadCase{"a.b_c/x", "domain \"a.b_c\" has invalid character '_'"},
        BadCase{"exa_mple.com/x", "domain \"exa_mple.com\" has invalid character '_'"},
        BadCase{"-example.com/x", "domain component \"-example\" must not start or end with '-'"},
        BadCase{"example..com/x", "domain \"example..com\" has an empty component"},
        BadCase{"[::1/x", "domain \"[::1\" has '[' without a matching ']'"},
        BadCase{"[::1]x/y", "domain \"[::1]x\" has \"x\" after ']'"},
        BadCase{"[]:5000/x", "empty IPv6 address"},
        BadCase{"[::g]/x", "IPv6 address in domain \"[::g]\" has invalid character 'g'"},
        BadCase{"::1/x", "domain \"::1\" has an empty host name"},
        BadCase{"a b", "invalid reference \"a b\": path component \"a b\" has invalid character "
                       "' '"},
        BadCase{" busybox", "has invalid character ' '"},
        BadCase{"busybox ", "has invalid character ' '"},
        BadCase{"busybox: latest", "invalid tag \" latest\""},
        BadCase{"my host.com/x", "domain \"my host.com\" has invalid character ' '"},
        // Non-printable bytes and quotes are escaped so the message stays one readable line.
        BadCase{std::string("a\x01") + "b", "invalid reference \"a\\x01b\": path component "
                                            "\"a\\x01b\" has invalid character '\\x01'"},
        BadCase{"a\"b", "invalid reference \"a\\\"b\""},
        BadCase{"caf\xc3\xa9", "has invalid character '\\xc3'"}));

TEST(IsValid, DoesNotThrow) {
    EXPECT_NO_THROW(EXPECT_FALSE(is_valid("a//b")));
    EXPECT_NO_THROW(EXPECT_TRUE(is_valid("busybox:1")));
}

} // namespace
} // namespace tc::reference
