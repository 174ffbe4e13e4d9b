#include "cli/options.hpp"

#include "enforce/placeholder.hpp"

#include <filesystem>

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

std::string local_registry_of(const Invocation& invocation) {
    return invocation.own.local_registry.value_or(enforce::k_default_local_registry);
}

project::LoadRequest project_request(const Invocation& invocation, const engine::Compose& compose,
                                     const std::vector<std::string>& services,
                                     const std::string& placeholder) {
    project::LoadRequest request{compose, invocation.global, services, util::Environment::current(),
                                 std::filesystem::current_path()};
    request.environment.set(enforce::k_placeholder_variable, placeholder);
    return request;
}

} // namespace tc::cli
