#pragma once

#include "util/error.hpp"

#include <string>
#include <string_view>

namespace tc::trust::notaryv1 {

/// Which repository and role a check is about, so that every refusal can name both.
struct RoleRef {
    std::string gun;
    std::string role;
};

/// Throws Error(kind, "failed to verify <role> of <gun>: <reason>").
[[noreturn]] void refuse(util::ErrorKind kind, const RoleRef& where, std::string_view reason);

/// Throws Error(bad_input) for a malformed field: "... : field <field>: <problem>".
[[noreturn]] void malformed(const RoleRef& where, std::string_view field, std::string_view problem);

} // namespace tc::trust::notaryv1
