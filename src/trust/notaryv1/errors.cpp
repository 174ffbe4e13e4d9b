#include "trust/notaryv1/errors.hpp"

#include <fmt/format.h>

namespace tc::trust::notaryv1 {

void refuse(util::ErrorKind kind, const RoleRef& where, std::string_view reason) {
    throw util::Error(kind,
                      fmt::format("failed to verify {} of {}: {}", where.role, where.gun, reason));
}

void malformed(const RoleRef& where, std::string_view field, std::string_view problem) {
    refuse(util::ErrorKind::bad_input, where, fmt::format("field {}: {}", field, problem));
}

} // namespace tc::trust::notaryv1
