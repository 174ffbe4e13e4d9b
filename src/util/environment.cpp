#include "util/environment.hpp"

#include <cstdlib>

extern char** environ;

namespace tc::util {

Environment Environment::current() {
    Environment environment;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string text(*entry);
        auto equals = text.find('=');
        if (equals == std::string::npos || equals == 0) {
            continue;
        }
        environment.m_variables.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
    return environment;
}

std::optional<std::string> Environment::get(const std::string& name) const {
    auto found = m_variables.find(name);
    if (found == m_variables.end()) {
        return std::nullopt;
    }
    return found->second;
}

void Environment::set(const std::string& name, const std::string& value) {
    m_variables[name] = value;
}

void Environment::unset(const std::string& name) {
    m_variables.erase(name);
}

std::vector<std::string> Environment::to_strings() const {
    std::vector<std::string> strings;
    strings.reserve(m_variables.size());
    for (const auto& [name, value] : m_variables) {
        strings.push_back(name + "=" + value);
    }
    return strings;
}

std::optional<std::string> getenv(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) {
        return std::nullopt;
    }
    return std::string(value);
}

} // namespace tc::util
