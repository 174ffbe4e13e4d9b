#include "cli/options.hpp"

namespace tc::cli {

registry::ClientOptions registry_client_options(const Invocation& invocation) {
    registry::ClientOptions options;
    options.verbose = invocation.own.verbose;
    if (invocation.own.registry_ca_file) {
        options.extra_ca_file = *invocation.own.registry_ca_file;
    }
    return options;
}

trust::TrustOptions trust_options(const Invocation& invocation) {
    trust::TrustOptions options;
    options.verbose = invocation.own.verbose;
    if (invocation.own.registry_ca_file) {
        options.extra_ca_file = *invocation.own.registry_ca_file;
    }
    return options;
}

} // namespace tc::cli
