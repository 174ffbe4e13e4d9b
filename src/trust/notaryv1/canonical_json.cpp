#include "trust/notaryv1/canonical_json.hpp"

#include "util/error.hpp"

#include <cmath>
#include <cstdint>

namespace tc::trust::notaryv1 {

namespace {

void write_value(const nlohmann::json& value, std::string& out);

// Go's encoder escapes nothing but the quote and the backslash; control characters and
// non-ASCII bytes go out as they are, unlike RFC 8785 or nlohmann's dump().
void write_string(const std::string& text, std::string& out) {
    out.push_back('"');
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    out.push_back('"');
}

// notary decodes into interface{}, so every number passes through float64 before it is
// written as int64; doing the same keeps our bytes equal to the signer's.
void write_number(const nlohmann::json& value, std::string& out) {
    double number = value.get<double>();
    if (!std::isfinite(number) || std::trunc(number) != number || std::fabs(number) >= 9.3e18) {
        throw util::Error(util::ErrorKind::bad_input,
                          "canonical JSON allows only integral numbers, not " + value.dump());
    }
    out += std::to_string(static_cast<std::int64_t>(number));
}

void write_object(const nlohmann::json& value, std::string& out) {
    // nlohmann's default object is a std::map<std::string, ...>, already in byte order.
    out.push_back('{');
    bool first = true;
    for (const auto& [key, member] : value.items()) {
        if (!first) {
            out.push_back(',');
        }
        first = false;
        write_string(key, out);
        out.push_back(':');
        write_value(member, out);
    }
    out.push_back('}');
}

void write_array(const nlohmann::json& value, std::string& out) {
    out.push_back('[');
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        write_value(value[i], out);
    }
    out.push_back(']');
}

void write_value(const nlohmann::json& value, std::string& out) {
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        out += "null";
        return;
    case nlohmann::json::value_t::boolean:
        out += value.get<bool>() ? "true" : "false";
        return;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
        write_number(value, out);
        return;
    case nlohmann::json::value_t::string:
        write_string(value.get_ref<const std::string&>(), out);
        return;
    case nlohmann::json::value_t::array:
        write_array(value, out);
        return;
    case nlohmann::json::value_t::object:
        write_object(value, out);
        return;
    default:
        throw util::Error(util::ErrorKind::bad_input, "canonical JSON cannot hold binary data");
    }
}

} // namespace

std::string canonical_json(const nlohmann::json& value) {
    std::string out;
    write_value(value, out);
    return out;
}

} // namespace tc::trust::notaryv1
