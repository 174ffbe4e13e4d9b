#include "enforce/placeholder.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

namespace tc::enforce {

namespace {

std::string place_of(const project::ImageUse& use) {
    std::string place = "service " + use.service;
    if (use.file) {
        place = *use.file + (use.line > 0 ? fmt::format(":{}", use.line) : "") + ": " + place;
    }
    return place;
}

bool same_place(const project::ImageUse& a, const project::ImageUse& b) {
    return a.service == b.service && a.kind == b.kind && a.file == b.file && a.line == b.line;
}

} // namespace

std::string placeholder_value(const std::string& local_registry) {
    return local_registry + "/";
}

std::vector<PlacedImage> place_images(const std::vector<project::ImageUse>& remote_uses,
                                      const std::vector<project::ImageUse>& local_uses,
                                      const std::string& local_registry) {
    if (remote_uses.size() != local_uses.size()) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("setting ${{{}}} changes which images the project uses "
                                      "({} uses without it, {} with it); placeholder mode "
                                      "needs it to change only where they come from",
                                      k_placeholder_variable, remote_uses.size(),
                                      local_uses.size()));
    }

    std::vector<PlacedImage> placed;
    std::vector<std::string> refused;
    for (size_t i = 0; i < remote_uses.size(); ++i) {
        const auto& remote_use = remote_uses[i];
        const auto& local_use = local_uses[i];
        if (!same_place(remote_use, local_use)) {
            throw util::Error(util::ErrorKind::bad_input,
                              fmt::format("{}: setting ${{{}}} changes which images the "
                                          "project uses",
                                          place_of(remote_use), k_placeholder_variable));
        }
        auto local = reference::parse_normalized(local_use.reference);
        if (local.domain != local_registry) {
            refused.push_back(fmt::format("{}: {} does not start with ${{{}}}, so compose would "
                                          "pull it from {} unverified",
                                          place_of(remote_use), remote_use.written,
                                          k_placeholder_variable, local.domain));
            continue;
        }
        placed.push_back(
            {remote_use, reference::parse_normalized(remote_use.reference), std::move(local)});
    }

    if (!refused.empty()) {
        std::string message = "images outside placeholder mode:";
        for (const auto& line : refused) {
            message += "\n  " + line;
        }
        throw util::Error(util::ErrorKind::bad_input, message);
    }
    return placed;
}

void check_compose_pulls(const project::Model& model, const std::string& local_registry) {
    std::vector<std::string> refused;
    auto is_local = [&](const std::string& image) {
        return reference::is_valid(image) &&
               reference::parse_normalized(image).domain == local_registry;
    };
    for (const auto& service : model.services) {
        bool never_pulled = service.build && service.pull_policy == "build";
        if (service.image && !never_pulled && !is_local(*service.image)) {
            refused.push_back(
                service.build
                    ? fmt::format("service {}: compose may pull {} before building it; add "
                                  "`pull_policy: build`",
                                  service.name, *service.image)
                    : fmt::format("service {}: {} does not start with ${{DOCKER_REGISTRY}}",
                                  service.name, *service.image));
        }
        for (const auto& image : service.pre_start_images) {
            if (!is_local(image)) {
                refused.push_back(fmt::format("service {}: hook image {} does not start with "
                                              "${{DOCKER_REGISTRY}}",
                                              service.name, image));
            }
        }
        for (const auto& source : service.image_volume_sources) {
            if (model.find_service(source) == nullptr && !is_local(source)) {
                refused.push_back(fmt::format("service {}: volume image {} does not start with "
                                              "${{DOCKER_REGISTRY}}",
                                              service.name, source));
            }
        }
    }
    if (!refused.empty()) {
        std::string message = "refusing to run compose: it would pull images that are not "
                              "verified (run `trusted-compose pull` for images written "
                              "${DOCKER_REGISTRY}name):";
        for (const auto& line : refused) {
            message += "\n  " + line;
        }
        throw util::Error(util::ErrorKind::bad_input, message);
    }
}

} // namespace tc::enforce
