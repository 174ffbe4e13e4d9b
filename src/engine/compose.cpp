#include "engine/compose.hpp"

#include "util/error.hpp"
#include "util/process.hpp"

#include <fmt/format.h>

#include <cctype>
#include <sstream>

namespace tc::engine {

namespace {

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream stream(text);
    std::vector<std::string> words;
    for (std::string word; stream >> word;) {
        words.push_back(word);
    }
    return words;
}

std::string trim(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.pop_back();
    }
    size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) {
        ++start;
    }
    return text.substr(start);
}

/// Asks a candidate for its version; nullopt when it does not answer like compose.
std::optional<Compose> probe(const std::vector<std::string>& command) {
    if (command.empty() || !util::program_exists(command.front())) {
        return std::nullopt;
    }
    util::ProcessSpec spec;
    spec.argv = command;
    spec.argv.insert(spec.argv.end(), {"version", "--short"});
    auto result = util::run_captured(spec);
    if (result.exit_code != 0) {
        return std::nullopt;
    }
    auto version = trim(result.standard_output);
    Compose compose{command, dialect_of_version(version), version};
    return compose;
}

} // namespace

bool Compose::is_docker_plugin() const {
    return command.size() >= 2 && command[command.size() - 1] == "compose";
}

Dialect dialect_of_version(const std::string& version_text) {
    std::string text = trim(version_text);
    if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) {
        text.erase(0, 1);
    }
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
        throw util::Error(util::ErrorKind::compose,
                          fmt::format("compose printed \"{}\" as its version", version_text));
    }
    return std::stoi(text) == 1 ? Dialect::v1 : Dialect::v2;
}

Compose locate_compose(const std::optional<std::string>& override_command) {
    std::optional<std::string> chosen = override_command;
    if (!chosen) {
        chosen = util::getenv(k_compose_variable);
    }
    if (chosen && !trim(*chosen).empty()) {
        auto command = split_words(*chosen);
        auto compose = probe(command);
        if (!compose) {
            throw util::Error(util::ErrorKind::compose,
                              fmt::format("the compose command \"{}\" (from --compose or {}) "
                                          "does not answer `version --short`",
                                          *chosen, k_compose_variable));
        }
        return *compose;
    }

    for (const auto& command : {std::vector<std::string>{"docker", "compose"},
                                std::vector<std::string>{"docker-compose"}}) {
        if (auto compose = probe(command)) {
            return *compose;
        }
    }
    throw util::Error(util::ErrorKind::compose,
                      "found no compose: neither `docker compose` nor `docker-compose` answers "
                      "`version --short`; install one, or name it with --compose");
}

} // namespace tc::engine
