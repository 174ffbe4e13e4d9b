#include "dockerfile/global_args.hpp"

#include "dockerfile/syntax_error.hpp"

#include <optional>
#include <utility>

namespace tc::dockerfile {

Environment automatic_args(const std::map<std::string, std::string>& build_args,
                           const std::string& target_stage) {
    const std::pair<const char*, std::string> defaults[] = {
        {"BUILDPLATFORM", "linux/amd64"},
        {"BUILDOS", "linux"},
        {"BUILDOSVERSION", ""},
        {"BUILDARCH", "amd64"},
        {"BUILDVARIANT", ""},
        {"TARGETPLATFORM", "linux/amd64"},
        {"TARGETOS", "linux"},
        {"TARGETOSVERSION", ""},
        {"TARGETARCH", "amd64"},
        {"TARGETVARIANT", ""},
        {"TARGETSTAGE", target_stage.empty() ? "default" : target_stage},
    };

    Environment env;
    for (const auto& [name, value] : defaults) {
        const auto given = build_args.find(name);
        env[name] = given != build_args.end() ? given->second : value;
    }
    return env;
}

void check_arg_words(const std::vector<std::string>& words) {
    if (words.empty()) {
        throw SyntaxError("ARG requires at least one argument");
    }
    for (const std::string& word : words) {
        if (!word.empty() && word.front() == '=') {
            throw SyntaxError("ARG names can not be blank");
        }
    }
}

void declare_global_arg(const std::vector<std::string>& words,
                        const std::map<std::string, std::string>& build_args, const LexOptions& lex,
                        Environment& env) {
    check_arg_words(words);

    for (const std::string& word : words) {
        const std::size_t equals = word.find('=');
        const std::string name = word.substr(0, equals);

        // Build args are taken as given; only defaults written in the file are expanded.
        std::optional<std::string> value;
        if (const auto given = build_args.find(name); given != build_args.end()) {
            value = given->second;
        } else if (equals != std::string::npos) {
            value = expand_word(word.substr(equals + 1), env, lex);
        }
        if (value) {
            env[name] = *value;
        }
    }
}

} // namespace tc::dockerfile
