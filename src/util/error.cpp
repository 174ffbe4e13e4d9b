#include "util/error.hpp"

namespace tc::util {

int exit_code(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::compose:
        return 1;
    case ErrorKind::bad_input:
        return 2;
    case ErrorKind::not_found:
        return 3;
    case ErrorKind::unauthorized:
        return 4;
    case ErrorKind::untrusted:
        return 5;
    case ErrorKind::tampered:
        return 6;
    case ErrorKind::expired:
        return 7;
    case ErrorKind::network:
        return 8;
    case ErrorKind::internal:
        return 70;
    }
    return 70;
}

std::string_view kind_name(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::bad_input:
        return "bad-input";
    case ErrorKind::not_found:
        return "not-found";
    case ErrorKind::unauthorized:
        return "unauthorized";
    case ErrorKind::untrusted:
        return "untrusted";
    case ErrorKind::tampered:
        return "tampered";
    case ErrorKind::expired:
        return "expired";
    case ErrorKind::network:
        return "network";
    case ErrorKind::compose:
        return "compose";
    case ErrorKind::internal:
        return "internal";
    }
    return "internal";
}

} // namespace tc::util
