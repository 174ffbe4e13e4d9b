#pragma once

#include "trust/notaryv1/metadata.hpp"

#include <cstdint>
#include <string_view>

namespace tc::trust::notaryv1 {

/// Requires valid signatures by at least `threshold` distinct keys of `keys`. Throws
/// Error(tampered) if signatures by role keys fail to verify and the threshold is not met,
/// Error(untrusted) if there are simply too few.
void verify_signatures(const SignedEnvelope& envelope, const RoleKeys& keys);

/// Throws Error(tampered) unless `_type` is the expected one (a file served as another role).
void check_type(const SignedEnvelope& envelope, std::string_view expected);

/// Throws Error(expired) naming the role and its expiry time if `now` is past it.
void check_expiry(const SignedEnvelope& envelope, TimePoint now);

/// Throws Error(untrusted) if the version is lower than the last one seen (a rollback).
void check_version(const SignedEnvelope& envelope, std::int64_t last_seen);

/// Throws Error(tampered) unless `bytes` have the length and every known hash (sha256,
/// sha512) that `expected` lists; `listed_by` names the role that listed them.
void check_file_meta(std::string_view bytes, const FileMeta& expected, const RoleRef& where,
                     std::string_view listed_by);

} // namespace tc::trust::notaryv1
