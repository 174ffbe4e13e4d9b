#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tc::util {

/// A process environment as a sorted map, so a child's environment can be derived from ours
/// by a few explicit changes instead of by mutating the global one.
class Environment {
public:
    /// The environment this process was started with.
    static Environment current();

    std::optional<std::string> get(const std::string& name) const;
    void set(const std::string& name, const std::string& value);
    void unset(const std::string& name);

    /// "NAME=value" strings, as execve() wants them.
    std::vector<std::string> to_strings() const;

    const std::map<std::string, std::string>& variables() const { return m_variables; }

private:
    std::map<std::string, std::string> m_variables;
};

/// The value of an environment variable of this process, if set.
std::optional<std::string> getenv(const char* name);

} // namespace tc::util
