#include "trust/notaryv1/trust_state.hpp"

#include "util/error.hpp"
#include "util/files.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace tc::trust::notaryv1 {

namespace {

// The gun becomes a path, so it must not be able to climb out of the store.
void check_gun(const std::string& gun) {
    bool plain =
        !gun.empty() && gun.front() != '/' &&
        std::all_of(gun.begin(), gun.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '/' || c == ':';
        });
    for (const auto& part : std::filesystem::path(gun)) {
        plain = plain && part != ".." && part != ".";
    }
    if (!plain) {
        throw util::Error(util::ErrorKind::bad_input, "invalid repository name '" + gun + "'");
    }
}

} // namespace

std::int64_t TrustState::version_of(const std::string& role) const {
    auto found = versions.find(role);
    return found == versions.end() ? 0 : found->second;
}

TrustStore::TrustStore(std::filesystem::path directory)
    : m_directory(std::move(directory)) {}

std::filesystem::path TrustStore::default_directory() {
    return util::config_directory() / "notaryv1";
}

std::filesystem::path TrustStore::state_file(const std::string& gun) const {
    check_gun(gun);
    return m_directory / gun / "state.json";
}

TrustState TrustStore::load(const std::string& gun) const {
    auto path = state_file(gun);
    if (!std::filesystem::exists(path)) {
        return {};
    }

    auto document = nlohmann::json::parse(util::read_file(path), nullptr, false);
    TrustState state;
    try {
        state.root = document.at("root").get<std::string>();
        state.versions = document.at("versions").get<std::map<std::string, std::int64_t>>();
    } catch (const nlohmann::json::exception&) {
        throw util::Error(util::ErrorKind::bad_input,
                          "failed to read notary trust state " + path.string() +
                              ": not a JSON object with root and versions");
    }
    return state;
}

void TrustStore::save(const std::string& gun, const TrustState& state) const {
    nlohmann::json document = {{"root", state.root}, {"versions", state.versions}};
    util::write_file_atomically(state_file(gun), document.dump(2) + "\n");
}

} // namespace tc::trust::notaryv1
