#pragma once

#include "dockerfile/shell_expand.hpp"

#include <map>
#include <string>
#include <vector>

// The variables FROM lines see: BuildKit's automatic platform and stage args, then the ARGs
// declared before the first FROM ("global" or meta args), whose defaults build args replace.
namespace tc::dockerfile {

/// BUILDPLATFORM, BUILDOS, BUILDOSVERSION, BUILDARCH, BUILDVARIANT, TARGETPLATFORM, TARGETOS,
/// TARGETOSVERSION, TARGETARCH, TARGETVARIANT for linux/amd64 and TARGETSTAGE = `target_stage`
/// (or "default" if empty); a build arg of the same name replaces each.
/// Limitation: the builder's real platform is not known here; callers pass it as build args.
Environment automatic_args(const std::map<std::string, std::string>& build_args,
                           const std::string& target_stage);

/// Throws SyntaxError if an ARG instruction (global or in a stage) has no words or a blank
/// name, which BuildKit refuses wherever the ARG is.
void check_arg_words(const std::vector<std::string>& words);

/// Applies the words of one global ARG instruction to `env`: a build arg of that name wins,
/// else the default (expanded with what `env` holds so far), else the name stays as it was.
/// Throws SyntaxError for a blank name or a default that cannot be expanded.
void declare_global_arg(const std::vector<std::string>& words,
                        const std::map<std::string, std::string>& build_args, const LexOptions& lex,
                        Environment& env);

} // namespace tc::dockerfile
