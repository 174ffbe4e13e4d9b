#include "reference/grammar.hpp"

#include "reference/chars.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace tc::reference::grammar {

using namespace chars;

namespace {

// The pieces of text between occurrences of `separator`; an empty text gives one empty piece.
std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    for (auto at = text.find(separator); at != text.npos; at = text.find(separator, start)) {
        pieces.push_back(text.substr(start, at - start));
        start = at + 1;
    }
    pieces.push_back(text.substr(start));
    return pieces;
}

bool is_path_separator_char(char c) {
    return c == '.' || c == '_' || c == '-';
}

// The grammar's separators are ".", "_", "__" or any run of "-". Runs such as "._" or "___" are
// refused by Docker, and we must accept exactly the names it accepts.
bool is_path_separator(std::string_view run) {
    if (run == "." || run == "_" || run == "__") {
        return true;
    }
    return run.find_first_not_of('-') == std::string_view::npos;
}

std::optional<std::string> path_component_problem(std::string_view component) {
    if (component.empty()) {
        return "empty path component";
    }

    for (char c : component) {
        if (!is_lower_alnum(c) && !is_path_separator_char(c)) {
            return fmt::format("path component {} has invalid character {}", quote(component),
                               show_char(c));
        }
    }

    if (!is_lower_alnum(component.front())) {
        return fmt::format("path component {} must start with a lowercase letter or digit",
                           quote(component));
    }
    if (!is_lower_alnum(component.back())) {
        return fmt::format("path component {} must end with a lowercase letter or digit",
                           quote(component));
    }

    std::size_t i = 0;
    while (i < component.size()) {
        if (is_lower_alnum(component[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < component.size() && is_path_separator_char(component[i])) {
            ++i;
        }
        const auto run = component.substr(start, i - start);
        if (!is_path_separator(run)) {
            return fmt::format("path component {} has invalid separator {}", quote(component),
                               quote(run));
        }
    }
    return std::nullopt;
}

// A domain-name component: letters (either case), digits and inner hyphens.
std::optional<std::string> host_component_problem(std::string_view domain,
                                                  std::string_view component) {
    if (component.empty()) {
        return fmt::format("domain {} has an empty component", quote(domain));
    }
    for (char c : component) {
        if (!is_alnum(c) && c != '-') {
            return fmt::format("domain {} has invalid character {}", quote(domain), show_char(c));
        }
    }
    if (component.front() == '-' || component.back() == '-') {
        return fmt::format("domain component {} must not start or end with '-'", quote(component));
    }
    return std::nullopt;
}

std::optional<std::string> host_name_problem(std::string_view domain, std::string_view host) {
    if (host.empty()) {
        return fmt::format("domain {} has an empty host name", quote(domain));
    }
    for (auto component : split(host, '.')) {
        if (auto problem = host_component_problem(domain, component)) {
            return problem;
        }
    }
    return std::nullopt;
}

// The grammar accepts any IPv6-looking run of hex digits and colons; like Docker we do not check
// that it is a well-formed address, the connection attempt will.
std::optional<std::string> ipv6_problem(std::string_view domain, std::string_view address) {
    if (address.empty()) {
        return fmt::format("domain {} has an empty IPv6 address", quote(domain));
    }
    for (char c : address) {
        if (!is_any_hex(c) && c != ':') {
            return fmt::format("IPv6 address in domain {} has invalid character {}", quote(domain),
                               show_char(c));
        }
    }
    return std::nullopt;
}

// Stricter than distribution/reference, whose grammar takes any run of digits: a port outside
// 1-65535 can never be pulled from, so saying so here beats a confusing network error later.
std::optional<std::string> port_problem(std::string_view domain, std::string_view port) {
    if (port.empty()) {
        return fmt::format("domain {} has an empty port", quote(domain));
    }
    for (char c : port) {
        if (!is_digit(c)) {
            return fmt::format("port {} in domain {} must be decimal digits", quote(port),
                               quote(domain));
        }
    }

    const auto significant = port.substr(std::min(port.find_first_not_of('0'), port.size()));
    unsigned long value = 0;
    for (char c : significant.substr(0, 6)) {
        value = value * 10 + static_cast<unsigned long>(c - '0');
    }
    if (significant.size() > 5 || value == 0 || value > 65535) {
        return fmt::format("port {} in domain {} is not between 1 and 65535", quote(port),
                           quote(domain));
    }
    return std::nullopt;
}

} // namespace

std::string show_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
        return fmt::format("'{}'", c);
    }
    return fmt::format("'\\x{:02x}'", byte);
}

std::string quote(std::string_view text) {
    std::string quoted = "\"";
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            quoted += fmt::format("\\x{:02x}", byte);
        } else {
            quoted += c;
        }
    }
    quoted += '"';
    return quoted;
}

std::optional<std::string> domain_problem(std::string_view domain) {
    std::string_view host = domain;
    std::optional<std::string_view> port;

    if (domain.starts_with('[')) {
        const auto close = domain.find(']');
        if (close == domain.npos) {
            return fmt::format("domain {} has '[' without a matching ']'", quote(domain));
        }
        if (auto problem = ipv6_problem(domain, domain.substr(1, close - 1))) {
            return problem;
        }
        const auto after = domain.substr(close + 1);
        if (!after.empty() && after.front() != ':') {
            return fmt::format("domain {} has {} after ']' where only ':port' may follow",
                               quote(domain), quote(after));
        }
        if (!after.empty()) {
            port = after.substr(1);
        }
    } else {
        const auto colon = domain.find(':');
        host = domain.substr(0, colon);
        if (colon != domain.npos) {
            port = domain.substr(colon + 1);
        }
        if (auto problem = host_name_problem(domain, host)) {
            return problem;
        }
    }

    if (port) {
        return port_problem(domain, *port);
    }
    return std::nullopt;
}

std::optional<std::string> path_problem(std::string_view path) {
    if (path.empty()) {
        return "empty repository name";
    }

    // Checked first and reported on its own because it is by far the most common mistake, and
    // the one Docker itself names.
    for (char c : path) {
        if (is_upper(c)) {
            return "repository name must be lowercase";
        }
    }

    for (auto component : split(path, '/')) {
        if (auto problem = path_component_problem(component)) {
            return problem;
        }
    }
    return std::nullopt;
}

std::optional<std::string> tag_problem(std::string_view tag) {
    if (tag.size() > max_tag_length) {
        return fmt::format("longer than {} characters", max_tag_length);
    }
    if (!is_word(tag.front())) {
        return "must start with a letter, digit or '_'";
    }
    for (char c : tag) {
        if (!is_word(c) && c != '.' && c != '-') {
            return fmt::format("invalid character {}", show_char(c));
        }
    }
    return std::nullopt;
}

} // namespace tc::reference::grammar
