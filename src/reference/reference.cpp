#include "reference/reference.hpp"

#include "reference/chars.hpp"
#include "reference/grammar.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tc::reference {

namespace {

constexpr std::string_view default_domain = "docker.io";
constexpr std::string_view legacy_default_domain = "index.docker.io";
constexpr std::string_view official_prefix = "library/";
constexpr std::string_view default_tag = "latest";

// The pieces of a reference as written, before any of them is checked.
struct RawParts {
    std::optional<std::string_view> domain;
    std::string_view path;
    std::optional<std::string_view> tag;
    std::optional<std::string_view> digest;
};

[[noreturn]] void refuse(std::string_view text, std::string_view reason) {
    throw util::Error(util::ErrorKind::bad_input,
                      fmt::format("invalid reference {}: {}", grammar::quote(text), reason));
}

// Docker refuses a bare image ID as a name so that `docker run <id>` is never mistaken for a
// pull of a repository with that name.
bool looks_like_image_id(std::string_view text) {
    if (text.size() != 64) {
        return false;
    }
    for (char c : text) {
        if (!chars::is_lower_hex(c)) {
            return false;
        }
    }
    return true;
}

// Docker Hub user names are lowercase and dot-free, so a first component that is "localhost",
// has a '.' or ':', or has uppercase can only be a registry (splitDockerDomain).
bool names_registry(std::string_view first) {
    if (first == "localhost" || first.find_first_of(".:") != first.npos) {
        return true;
    }
    for (char c : first) {
        if (chars::is_upper(c)) {
            return true;
        }
    }
    return false;
}

// Neither the tag nor the digest may contain '/', and the path never contains ':' or '@', so the
// first '/', then the first '@', then the first ':' delimit the parts.
RawParts split_parts(std::string_view text) {
    RawParts parts;
    std::string_view rest = text;

    const auto slash = text.find('/');
    if (slash != text.npos && names_registry(text.substr(0, slash))) {
        parts.domain = text.substr(0, slash);
        rest = text.substr(slash + 1);
    }

    const auto at = rest.find('@');
    if (at != rest.npos) {
        parts.digest = rest.substr(at + 1);
        rest = rest.substr(0, at);
    }

    const auto colon = rest.find(':');
    if (colon != rest.npos) {
        parts.tag = rest.substr(colon + 1);
        rest = rest.substr(0, colon);
    }

    parts.path = rest;
    return parts;
}

void check_tag(std::string_view text, std::string_view tag) {
    if (tag.empty()) {
        refuse(text, "empty tag");
    }
    if (auto problem = grammar::tag_problem(tag)) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("invalid tag {} in reference {}: {}", grammar::quote(tag),
                                      grammar::quote(text), *problem));
    }
}

void check_digest(std::string_view text, std::string_view digest) {
    if (digest.empty()) {
        refuse(text, "empty digest");
    }
    if (auto problem = grammar::digest_problem(digest)) {
        refuse(text, "digest " + *problem);
    }
}

} // namespace

std::string Reference::repository() const {
    return domain + "/" + path;
}

std::string Reference::str() const {
    std::string text = repository();
    if (tag) {
        text += ":" + *tag;
    }
    if (digest) {
        text += "@" + *digest;
    }
    return text;
}

std::string Reference::familiar() const {
    std::string text = repository();

    // As familiarizeName: Docker Hub names drop the domain, and official images drop "library/"
    // unless a nested path would then look like a user's repository.
    if (domain == default_domain) {
        std::string_view name = path;
        const auto after_prefix = name.substr(std::min(official_prefix.size(), name.size()));
        if (name.starts_with(official_prefix) && after_prefix.find('/') == name.npos) {
            name = after_prefix;
        }
        text = std::string(name);
    }

    if (tag) {
        text += ":" + *tag;
    }
    if (digest) {
        text += "@" + *digest;
    }
    return text;
}

Reference Reference::with_default_tag() const {
    Reference copy = *this;
    if (!copy.tag && !copy.digest) {
        copy.tag = std::string(default_tag);
    }
    return copy;
}

Reference parse_normalized(std::string_view text) {
    if (text.empty()) {
        refuse(text, "empty");
    }
    if (looks_like_image_id(text)) {
        refuse(text, "a 64-digit hex string is an image ID, not a repository name");
    }

    const RawParts parts = split_parts(text);

    // Parts are checked in reading order so the first mistake is the one reported.
    //
    // Stricter than Docker: when the first component looks like a domain but is not one
    // ("a.b_c/x"), distribution/reference falls back to a name with an empty domain. We must
    // know which registry to ask for signatures, so we refuse it instead.
    if (parts.domain) {
        if (auto problem = grammar::domain_problem(*parts.domain)) {
            refuse(text, *problem);
        }
    }
    if (auto problem = grammar::path_problem(parts.path)) {
        refuse(text, *problem);
    }
    if (parts.tag) {
        check_tag(text, *parts.tag);
    }
    if (parts.digest) {
        check_digest(text, *parts.digest);
    }

    Reference reference;
    reference.domain = std::string(parts.domain.value_or(default_domain));
    if (reference.domain == legacy_default_domain) {
        reference.domain = default_domain;
    }
    reference.path = std::string(parts.path);
    if (reference.domain == default_domain && parts.path.find('/') == parts.path.npos) {
        reference.path = std::string(official_prefix) + reference.path;
    }

    // The limit applies to the normalized path, "library/" included, as in Docker.
    if (reference.path.size() > grammar::max_path_length) {
        refuse(text, fmt::format("repository path is longer than {} characters (got {})",
                                 grammar::max_path_length, reference.path.size()));
    }

    if (parts.tag) {
        reference.tag = std::string(*parts.tag);
    }
    if (parts.digest) {
        reference.digest = std::string(*parts.digest);
    }
    return reference;
}

bool is_valid(std::string_view text) {
    try {
        parse_normalized(text);
        return true;
    } catch (const util::Error&) {
        return false;
    }
}

void validate_digest(std::string_view digest) {
    const auto reason =
        digest.empty() ? std::optional<std::string>("empty") : grammar::digest_problem(digest);
    if (reason) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("invalid digest {}: {}", grammar::quote(digest), *reason));
    }
}

} // namespace tc::reference
