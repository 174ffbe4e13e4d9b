#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace tc::trust::notaryv1 {

/// Serializes a JSON value the way notary's canonical encoder does (the bytes TUF signatures
/// cover): object keys sorted by byte value, no whitespace, only `"` and `\` escaped, every
/// other byte raw, numbers as integers. Throws Error(bad_input) for a non-integral number.
std::string canonical_json(const nlohmann::json& value);

} // namespace tc::trust::notaryv1
