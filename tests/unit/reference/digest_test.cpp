#include "reference/reference.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tc::reference {
namespace {

std::string hex(std::size_t digits, char digit = 'a') {
    return std::string(digits, digit);
}

// The message of the bad_input error validate_digest throws, or a failure if it does not.
std::string digest_error(const std::string& digest) {
    try {
        validate_digest(digest);
    } catch (const util::Error& error) {
        EXPECT_EQ(error.kind(), util::ErrorKind::bad_input) << digest;
        return error.what();
    }
    ADD_FAILURE() << "accepted " << digest;
    return "";
}

TEST(ValidateDigest, AcceptsTheRegisteredAlgorithmsAtTheirLengths) {
    EXPECT_NO_THROW(validate_digest("sha256:" + hex(64)));
    EXPECT_NO_THROW(validate_digest("sha384:" + hex(96, '0')));
    EXPECT_NO_THROW(validate_digest("sha512:" + hex(128, 'f')));
    EXPECT_NO_THROW(validate_digest("sha256:0123456789abcdef0123456789abcdef"
                                    "0123456789abcdef0123456789abcdef"));
}

TEST(ValidateDigest, NamesTheWrongLength) {
    EXPECT_EQ(digest_error("sha256:abc"),
              "invalid digest \"sha256:abc\": sha256 must have 64 hex digits, got 3");
    EXPECT_NE(digest_error("sha256:" + hex(65)).find("must have 64 hex digits, got 65"),
              std::string::npos);
    EXPECT_NE(digest_error("sha384:" + hex(64)).find("sha384 must have 96 hex digits, got 64"),
              std::string::npos);
    EXPECT_NE(digest_error("sha512:" + hex(96)).find("sha512 must have 128 hex digits, got 96"),
              std::string::npos);
    EXPECT_NE(digest_error("sha256:").find("must have 64 hex digits, got 0"), std::string::npos);
}

TEST(ValidateDigest, RefusesUppercaseHexAsGoDigestDoes) {
    EXPECT_NE(digest_error("sha256:" + hex(64, 'A')).find("sha256 must be lowercase hex"),
              std::string::npos);
}

TEST(ValidateDigest, RefusesNonHexCharacters) {
    EXPECT_NE(digest_error("sha256:" + hex(63) + "g").find("sha256 has invalid character 'g'"),
              std::string::npos);
}

TEST(ValidateDigest, RefusesUnknownOrMissingAlgorithms) {
    EXPECT_NE(digest_error("md5:" + hex(32)).find("unsupported algorithm \"md5\""),
              std::string::npos);
    EXPECT_NE(digest_error("SHA256:" + hex(64)).find("unsupported algorithm \"SHA256\""),
              std::string::npos);
    EXPECT_NE(digest_error(":" + hex(64)).find("empty algorithm"), std::string::npos);
    EXPECT_NE(digest_error(hex(64)).find("no ':' between algorithm and hex"), std::string::npos);
    EXPECT_EQ(digest_error(""), "invalid digest \"\": empty");
}

} // namespace
} // namespace tc::reference
