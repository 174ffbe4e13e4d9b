#include "dockerfile/image_uses.hpp"

#include "dockerfile/directives.hpp"
#include "dockerfile/global_args.hpp"
#include "dockerfile/instruction_flags.hpp"
#include "dockerfile/parser.hpp"
#include "dockerfile/stages.hpp"
#include "dockerfile/syntax_error.hpp"
#include "dockerfile/text.hpp"

#include <set>

namespace tc::dockerfile {

namespace {

// The built-in frontend's own name: as a syntax it selects no image (a named context of that
// name could replace it, but build contexts are not an input here).
constexpr std::string_view builtin_frontend = "dockerfile.v0";

const std::set<std::string>& known_keywords() {
    static const std::set<std::string> keywords = {
        "add",    "arg",         "cmd",   "copy",       "entrypoint", "env",
        "expose", "from",        "label", "maintainer", "onbuild",    "run",
        "shell",  "healthcheck", "user",  "stopsignal", "volume",     "workdir",
    };
    return keywords;
}

std::string_view skip_regexp_blanks(std::string_view s) {
    const std::size_t begin = s.find_first_not_of(" \t\n\f\r");
    return begin == std::string_view::npos ? std::string_view{} : s.substr(begin);
}

// What BuildKit stores and later re-parses for an ONBUILD trigger: the line without the
// keyword, heredoc bodies appended. It is parsed with the default escape character then.
std::string trigger_expression(const Instruction& onbuild) {
    std::string_view line = skip_regexp_blanks(onbuild.original);
    if (text::to_lower(line.substr(0, 7)) == "onbuild") {
        line = skip_regexp_blanks(line.substr(7));
    }

    std::string expression(line);
    for (const Heredoc& heredoc : onbuild.heredocs) {
        expression += "\n" + heredoc.content + heredoc.name;
    }
    return expression;
}

class UseFinder {
public:
    UseFinder(const ParsedDockerfile& parsed, const std::string& file_name,
              const BuildInputs& inputs)
        : m_parsed(parsed)
        , m_file(file_name)
        , m_inputs(inputs)
        , m_stages(parsed)
        , m_env(automatic_args(inputs.build_args, m_stages.last_name()))
        , m_lex{parsed.escape, false, false, false} {}

    std::vector<ImageUse> run(std::string_view content) {
        add_syntax_use(content);

        if (m_stages.count() == 0) {
            throw_at(m_file, m_parsed.instructions.front().start_line,
                     "the Dockerfile has no FROM instruction, so no stage to build");
        }
        for (const Instruction& instruction : m_parsed.instructions) {
            try {
                visit(instruction);
            } catch (const SyntaxError& e) {
                throw_at(m_file, instruction.start_line, e.what());
            }
        }
        return std::move(m_uses);
    }

private:
    // BUILDKIT_SYNTAX wins over the directive; coming from outside the file, its line is 0.
    void add_syntax_use(std::string_view content) {
        const auto arg = m_inputs.build_args.find("BUILDKIT_SYNTAX");
        if (arg != m_inputs.build_args.end()) {
            const std::string_view value = text::trim_space(arg->second);
            add_frontend(std::string(value.substr(0, value.find(' '))), 0);
            return;
        }
        if (const std::optional<SyntaxDirective> directive = detect_syntax(content)) {
            add_frontend(directive->image, directive->line);
        }
    }

    void add_frontend(const std::string& image, int line) {
        if (image.empty()) {
            throw_at(m_file, line, "the syntax (BUILDKIT_SYNTAX or # syntax=) names no image");
        }
        if (image != builtin_frontend) {
            m_uses.push_back({UseKind::syntax, image, line, ""});
        }
    }

    void visit(const Instruction& instruction) {
        const std::string keyword = lowercase_keyword(instruction);
        if (known_keywords().count(keyword) == 0) {
            throw SyntaxError("unknown instruction: " + instruction.keyword);
        }

        // Before the first FROM only ARGs may appear; they are the global args.
        if (!m_in_stage && keyword != "from") {
            if (keyword != "arg") {
                throw SyntaxError("no build stage in current context: " + instruction.keyword +
                                  " comes before the first FROM");
            }
            declare_global_arg(instruction.args, m_inputs.build_args, m_lex, m_env);
            return;
        }

        const int line = instruction.start_line;
        if (keyword == "from") {
            visit_from(instruction);
        } else if (keyword == "arg") {
            check_arg_words(instruction.args); // a stage ARG does not reach FROM lines
        } else if (keyword == "onbuild") {
            visit_onbuild(instruction);
        } else {
            visit_command(instruction, line, false);
        }
    }

    void visit_from(const Instruction& from) {
        m_in_stage = true;
        const StageHeader header = read_stage_header(from);

        const std::string operand = expand_word(header.operand, m_env, m_lex);
        if (operand.empty()) {
            throw SyntaxError("base name (" + header.operand + ") should not be blank");
        }
        std::string platform;
        if (header.platform) {
            platform = expand_word(*header.platform, m_env, m_lex);
            if (platform.empty()) {
                throw SyntaxError("empty platform value from expression " + *header.platform);
            }
        }

        // Only stages defined above count: a later stage of that name is not seen yet.
        if (!m_stages.names_earlier_stage(operand) && operand != "scratch") {
            m_uses.push_back({UseKind::from, operand, from.start_line, platform});
        }
        m_stages.define(header.name);
    }

    // COPY, ADD and RUN, in a stage or (with `in_trigger`) as an ONBUILD trigger.
    void visit_command(const Instruction& instruction, int line, bool in_trigger) {
        const std::string keyword = lowercase_keyword(instruction);
        const std::vector<Flag> flags = split_flags(instruction.flags);
        if (keyword == "copy") {
            visit_copy_from(flags, line, in_trigger);
        } else if (keyword == "run") {
            for (const std::string& mount : repeated_flag(flags, "mount")) {
                const MountSource source = parse_mount(mount);
                resolve_source(source.from.empty() ? "scratch" : source.from, UseKind::mount_from,
                               line, in_trigger);
            }
        } else if (keyword == "add") {
            for (const Flag& flag : flags) {
                if (flag.name == "from") {
                    throw SyntaxError("unknown flag: --from (ADD cannot copy from a stage "
                                      "or image; use COPY --from)");
                }
            }
        }
    }

    void visit_copy_from(const std::vector<Flag>& flags, int line, bool in_trigger) {
        const std::optional<std::string> from = single_flag(flags, "from");
        if (!from || from->empty()) {
            return;
        }
        if (expand_word(*from, {}, m_lex) != *from) {
            throw SyntaxError("variable expansion is not supported for --from=" + *from +
                              "; define a stage with FROM and a global ARG instead");
        }

        // An index counts the stages and then every image or scratch source met so far; a
        // trigger runs later, when more may exist, so its index is not checked.
        if (const std::optional<long long> index = stage_index(*from)) {
            const auto known = static_cast<long long>(m_stages.count() + m_extra_sources);
            if (!in_trigger && (*index < 0 || *index >= known)) {
                throw SyntaxError("invalid stage index " + *from);
            }
            return;
        }
        resolve_source(*from, UseKind::copy_from, line, in_trigger);
    }

    // A --from or from= that is not a stage name is an image (or scratch), and BuildKit adds
    // it to its list of sources, which stage indexes also count.
    void resolve_source(const std::string& source, UseKind kind, int line, bool in_trigger) {
        if (m_stages.names_any_stage(source)) {
            return;
        }
        if (!in_trigger) {
            ++m_extra_sources;
        }
        if (source != "scratch") {
            m_uses.push_back({kind, source, line, ""});
        }
    }

    void visit_onbuild(const Instruction& onbuild) {
        if (onbuild.trigger.empty()) {
            throw SyntaxError("ONBUILD requires at least one argument");
        }
        check_trigger_keyword(lowercase_keyword(onbuild.trigger.front()));

        const ParsedDockerfile trigger =
            parse_dockerfile(trigger_expression(onbuild), m_file, onbuild.start_line - 1);
        if (trigger.instructions.size() != 1) {
            throw SyntaxError("an ONBUILD trigger must be a single instruction");
        }
        const Instruction& command = trigger.instructions.front();
        check_trigger_keyword(lowercase_keyword(command));
        visit_command(command, onbuild.start_line, true);
    }

    static void check_trigger_keyword(const std::string& keyword) {
        if (keyword == "onbuild") {
            throw SyntaxError("chaining ONBUILD via ONBUILD ONBUILD isn't allowed");
        }
        if (keyword == "from" || keyword == "maintainer") {
            const std::string shown = keyword == "from" ? "FROM" : "MAINTAINER";
            throw SyntaxError(shown + " isn't allowed as an ONBUILD trigger");
        }
    }

    const ParsedDockerfile& m_parsed;
    const std::string& m_file;
    const BuildInputs& m_inputs;
    StageNames m_stages;
    Environment m_env;
    LexOptions m_lex;
    bool m_in_stage = false;
    std::size_t m_extra_sources = 0;
    std::vector<ImageUse> m_uses;
};

} // namespace

std::string_view use_kind_name(UseKind kind) {
    switch (kind) {
    case UseKind::from:
        return "from";
    case UseKind::copy_from:
        return "copy-from";
    case UseKind::mount_from:
        return "mount-from";
    case UseKind::syntax:
        return "syntax";
    }
    return "unknown";
}

std::vector<ImageUse> find_image_uses(std::string_view content, const std::string& file_name,
                                      const BuildInputs& inputs) {
    const ParsedDockerfile parsed = parse_dockerfile(content, file_name);
    return UseFinder(parsed, file_name, inputs).run(content);
}

} // namespace tc::dockerfile
