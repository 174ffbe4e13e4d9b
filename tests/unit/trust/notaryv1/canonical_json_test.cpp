#include "trust/notaryv1/canonical_json.hpp"
#include "trust/notaryv1/timestamps.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

namespace tc::trust::notaryv1 {
namespace {

using nlohmann::json;

TEST(CanonicalJson, SortsKeysByByteValueWithoutWhitespace) {
    auto value = json::parse(R"({"b": 1, "a": {"z": [true, false, null], "B": "x"}, "_t": 2})");
    EXPECT_EQ(canonical_json(value), R"({"_t":2,"a":{"B":"x","z":[true,false,null]},"b":1})");
}

TEST(CanonicalJson, EscapesOnlyQuoteAndBackslash) {
    json value = std::string("q\" b\\ nl\n tab\t nul") + '\0' + " \x01 \xc3\xa9 \xe2\x80\xa8 </>&";
    std::string expected =
        std::string("\"q\\\" b\\\\ nl\n tab\t nul") + '\0' + " \x01 \xc3\xa9 \xe2\x80\xa8 </>&\"";
    EXPECT_EQ(canonical_json(value), expected);
}

TEST(CanonicalJson, WritesIntegralNumbersAsIntegers) {
    EXPECT_EQ(canonical_json(json::parse("[1.0, 1e3, -0, 12345678901]")), "[1,1000,0,12345678901]");
}

TEST(CanonicalJson, RefusesFractionalNumbers) {
    EXPECT_THROW(canonical_json(json::parse("[1.5]")), util::Error);
}

TEST(Rfc3339, ParsesGoTimesWithOffsetsAndNanoseconds) {
    auto time = parse_rfc3339("2116-01-11T16:58:57.119711158-08:00");
    ASSERT_TRUE(time);
    EXPECT_EQ(format_utc(*time), "2116-01-12T00:58:57Z");
    EXPECT_EQ(format_utc(*parse_rfc3339("2026-12-03T20:38:09Z")), "2026-12-03T20:38:09Z");
}

TEST(Rfc3339, RefusesOtherForms) {
    for (const char* text : {"2026-12-03", "2026-12-03T20:38:09", "2026-02-30T00:00:00Z",
                             "2026-12-03T20:38:09.Z", "2026-12-03 20:38:09Z", "x"}) {
        EXPECT_FALSE(parse_rfc3339(text)) << text;
    }
}

} // namespace
} // namespace tc::trust::notaryv1
