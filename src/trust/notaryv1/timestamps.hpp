#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tc::trust::notaryv1 {

/// Wall-clock instants, as TUF `expires` fields and certificates name them.
using TimePoint = std::chrono::system_clock::time_point;

/// Parses an RFC 3339 date-time as Go writes it ("2116-01-11T16:58:57.119711158-08:00" or
/// "...Z"); nullopt if the text is anything else.
std::optional<TimePoint> parse_rfc3339(std::string_view text);

/// The instant in UTC to the second, "2026-12-03T20:38:09Z", for messages and state.
std::string format_utc(TimePoint time);

} // namespace tc::trust::notaryv1
