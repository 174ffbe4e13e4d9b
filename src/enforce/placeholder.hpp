#pragma once

#include "project/image_uses.hpp"
#include "reference/reference.hpp"

#include <string>
#include <vector>

namespace tc::enforce {

/// The variable of placeholder mode: compose files write `${DOCKER_REGISTRY}name:tag` and
/// Dockerfiles `FROM ${DOCKER_REGISTRY}name:tag`.
inline constexpr const char* k_placeholder_variable = "DOCKER_REGISTRY";

/// The local registry of verified content unless --local-registry says otherwise.
inline constexpr const char* k_default_local_registry = "localhost:5000";

/// What the placeholder is set to when compose runs: the local registry and a slash.
std::string placeholder_value(const std::string& local_registry);

/// One image use seen twice: with the placeholder empty (the remote image that is verified)
/// and with it set (the local image compose will pull, which must be in the local registry).
struct PlacedImage {
    project::ImageUse use;       // as loaded with the placeholder empty
    reference::Reference remote; // what is verified; tag added if none was written
    reference::Reference local;  // where the verified content is copied
};

/// Pairs the uses of one project loaded with the placeholder empty and with it set. Every use
/// must then name the local registry, or compose would pull it unverified: such uses, and a
/// placeholder that changes which images are used, are Error(bad_input) naming each place.
std::vector<PlacedImage> place_images(const std::vector<project::ImageUse>& remote_uses,
                                      const std::vector<project::ImageUse>& local_uses,
                                      const std::string& local_registry);

/// Checks, before compose runs a command that may pull (up, create, run, …), that everything
/// compose itself would pull comes from the local registry: service, hook and volume images
/// written with the placeholder, and services that build either never pulled
/// (`pull_policy: build`) or named under the local registry. `model` is the project as
/// compose sees it, with the placeholder set. Throws Error(bad_input) naming each offender.
void check_compose_pulls(const project::Model& model, const std::string& local_registry);

} // namespace tc::enforce
