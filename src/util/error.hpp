#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace tc::util {

/// The class of a failure; each class has its own exit code so scripts can tell them apart.
enum class ErrorKind {
    bad_input,    // a file, flag or reference the user gave is malformed
    not_found,    // an image, tag, blob or file does not exist
    unauthorized, // the registry refused our credentials, or we had none
    untrusted,    // no valid signature for the content
    tampered,     // content does not match the digest or signature it claims
    expired,      // signed metadata is past its expiry
    network,      // a server could not be reached or answered nonsense
    compose,      // the compose program itself failed
    internal,     // a bug or an environment problem (fork failed, disk full, ...)
};

/// Process exit code for an error kind; 1 is left to compose's own failures.
int exit_code(ErrorKind kind);

/// Short lowercase name of an error kind, as shown in JSON output and logs.
std::string_view kind_name(ErrorKind kind);

/// The one exception type of trusted-compose: a kind plus a message that names the file, line,
/// image or field at fault ("failed to <verb> <object>: <reason>").
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message)
        : std::runtime_error(message)
        , m_kind(kind) {}

    ErrorKind kind() const { return m_kind; }

private:
    ErrorKind m_kind;
};

} // namespace tc::util
