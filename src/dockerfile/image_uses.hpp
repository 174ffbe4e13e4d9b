#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tc::dockerfile {

/// How a Dockerfile brings in an external image.
enum class UseKind {
    from,       // FROM <image>
    copy_from,  // COPY --from=<image>
    mount_from, // RUN --mount=...,from=<image>
    syntax,     // # syntax=<frontend image> (or BUILDKIT_SYNTAX)
};

/// "from", "copy-from", "mount-from", "syntax".
std::string_view use_kind_name(UseKind kind);

/// One place where the Dockerfile names an image that is not one of its own stages.
struct ImageUse {
    UseKind kind;
    std::string image;    // operand after ARG expansion, as written otherwise ("busybox:1")
    int line;             // 1-based line of the instruction (or directive) in the file;
                          // 0 for a BUILDKIT_SYNTAX build arg, which is not in the file
    std::string platform; // expanded --platform of a FROM, empty if none
};

/// What the build feeds into the Dockerfile from outside.
struct BuildInputs {
    std::map<std::string, std::string> build_args; // override ARG defaults before FROM
};

/// Every external image use of a Dockerfile, in file order, by BuildKit's rules: parser
/// directives, escape character, continuations, heredocs, global ARGs with build-arg
/// overrides, stage names versus images, `scratch`. Uses in every stage are listed, reachable
/// from the build target or not: verifying too much is safe, too little is not.
/// `file_name` only labels errors ("Dockerfile:12: ..."); errors are util::Error(bad_input).
std::vector<ImageUse> find_image_uses(std::string_view content, const std::string& file_name,
                                      const BuildInputs& inputs);

} // namespace tc::dockerfile
