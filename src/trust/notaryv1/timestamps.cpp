#include "trust/notaryv1/timestamps.hpp"

#include <fmt/format.h>

#include <cctype>

namespace tc::trust::notaryv1 {

namespace {

// Reads exactly `width` digits at `position`, advancing it; -1 if they are not all digits.
int read_digits(std::string_view text, std::size_t& position, std::size_t width) {
    if (position + width > text.size()) {
        return -1;
    }
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        char c = text[position + i];
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    position += width;
    return value;
}

bool expect(std::string_view text, std::size_t& position, char wanted) {
    if (position >= text.size() || text[position] != wanted) {
        return false;
    }
    ++position;
    return true;
}

// The fraction of a second after the dot, to nanoseconds (digits beyond nine are dropped).
std::optional<std::chrono::nanoseconds> read_fraction(std::string_view text,
                                                      std::size_t& position) {
    std::int64_t nanos = 0;
    std::size_t digits = 0;
    while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) {
        if (digits < 9) {
            nanos = nanos * 10 + (text[position] - '0');
        }
        ++digits;
        ++position;
    }
    if (digits == 0) {
        return std::nullopt;
    }
    for (std::size_t i = digits; i < 9; ++i) {
        nanos *= 10;
    }
    return std::chrono::nanoseconds(nanos);
}

// "Z" or "+hh:mm" / "-hh:mm", as the offset to subtract to reach UTC.
std::optional<std::chrono::minutes> read_offset(std::string_view text, std::size_t& position) {
    if (expect(text, position, 'Z')) {
        return std::chrono::minutes(0);
    }
    if (position >= text.size() || (text[position] != '+' && text[position] != '-')) {
        return std::nullopt;
    }
    int sign = text[position++] == '-' ? -1 : 1;
    int hours = read_digits(text, position, 2);
    if (hours < 0 || !expect(text, position, ':')) {
        return std::nullopt;
    }
    int minutes = read_digits(text, position, 2);
    if (minutes < 0 || hours > 23 || minutes > 59) {
        return std::nullopt;
    }
    return std::chrono::minutes(sign * (hours * 60 + minutes));
}

} // namespace

std::optional<TimePoint> parse_rfc3339(std::string_view text) {
    using namespace std::chrono;
    std::size_t at = 0;
    int y = read_digits(text, at, 4);
    int mo = expect(text, at, '-') ? read_digits(text, at, 2) : -1;
    int d = expect(text, at, '-') ? read_digits(text, at, 2) : -1;
    int h = expect(text, at, 'T') ? read_digits(text, at, 2) : -1;
    int mi = expect(text, at, ':') ? read_digits(text, at, 2) : -1;
    int s = expect(text, at, ':') ? read_digits(text, at, 2) : -1;
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 || s > 59) {
        return std::nullopt;
    }
    year_month_day date{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!date.ok()) {
        return std::nullopt;
    }

    nanoseconds fraction{0};
    if (expect(text, at, '.')) {
        auto parsed = read_fraction(text, at);
        if (!parsed) {
            return std::nullopt;
        }
        fraction = *parsed;
    }
    auto offset = read_offset(text, at);
    if (!offset || at != text.size()) {
        return std::nullopt;
    }

    auto local = sys_days{date} + hours{h} + minutes{mi} + seconds{s} + fraction;
    return time_point_cast<system_clock::duration>(local - *offset);
}

std::string format_utc(TimePoint time) {
    using namespace std::chrono;
    auto seconds_since = floor<seconds>(time);
    auto days = floor<std::chrono::days>(seconds_since);
    year_month_day date{days};
    hh_mm_ss clock{seconds_since - days};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", int(date.year()),
                       unsigned(date.month()), unsigned(date.day()), clock.hours().count(),
                       clock.minutes().count(), clock.seconds().count());
}

} // namespace tc::trust::notaryv1
