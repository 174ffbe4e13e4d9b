#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace tc::trust::notaryv1 {

/// What we remember of a repository between runs: the root we trust and the highest version
/// of each role seen, which is what makes rollbacks detectable.
struct TrustState {
    std::string root; // bytes of the trusted root.json; empty on first use
    std::map<std::string, std::int64_t> versions;

    /// The last version seen of a role, 0 if none.
    std::int64_t version_of(const std::string& role) const;
};

/// Keeps one TrustState per repository as <directory>/<gun>/state.json.
class TrustStore {
public:
    /// A store under `directory`, e.g. default_directory().
    explicit TrustStore(std::filesystem::path directory);

    /// util::config_directory()/notaryv1.
    static std::filesystem::path default_directory();

    /// The state saved for a repository, empty if none; throws Error(bad_input) for a bad gun
    /// or an unreadable state file.
    TrustState load(const std::string& gun) const;

    /// Replaces a repository's state atomically.
    void save(const std::string& gun, const TrustState& state) const;

private:
    std::filesystem::path state_file(const std::string& gun) const;

    std::filesystem::path m_directory;
};

} // namespace tc::trust::notaryv1
