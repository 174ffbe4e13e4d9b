#include "registry/copy.hpp"

#include "registry/client_impl.hpp"
#include "util/error.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace tc::registry {

using nlohmann::json;
using reference::Reference;
using util::Error;
using util::ErrorKind;

namespace {

// An index of indexes is allowed by OCI; deeper nesting is refused rather than followed.
constexpr int k_max_index_depth = 2;

/// A verified manifest to put, and the blobs it needs at the destination first.
struct PlannedManifest {
    Manifest manifest;
    std::vector<std::string> blobs; // config, then layers; empty for an index
};

bool is_index(const std::string& media_type) {
    return media_type == "application/vnd.oci.image.index.v1+json" ||
           media_type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

/// The digest a descriptor (a JSON object) names, validated so it can go into a URL.
std::string descriptor_digest(const json& descriptor, const std::string& manifest_digest) {
    if (!descriptor.is_object() || !descriptor.contains("digest") ||
        !descriptor["digest"].is_string()) {
        throw Error(ErrorKind::bad_input,
                    "manifest " + manifest_digest + " has a descriptor without a digest");
    }
    const std::string digest = descriptor["digest"].get<std::string>();
    reference::validate_digest(digest);
    return digest;
}

/// The descriptors of an array field, or none when the field is absent.
const json& descriptors(const json& body, const char* field, const std::string& manifest_digest) {
    static const json none = json::array();
    if (!body.contains(field)) {
        return none;
    }
    if (!body[field].is_array()) {
        throw Error(ErrorKind::bad_input, "manifest " + manifest_digest + " has a \"" + field +
                                              "\" that is not an array");
    }
    return body[field];
}

Reference by_digest(const Reference& repository, const std::string& digest) {
    Reference reference = repository;
    reference.tag.reset();
    reference.digest = digest;
    return reference;
}

/// Fetches a manifest by digest (so its bytes are checked) and, for an index, every child
/// before it: the plan lists manifests in the order they can be put.
void plan_manifest(Client& source, const Reference& from, const std::string& digest, int depth,
                   std::vector<PlannedManifest>& plan) {
    PlannedManifest planned;
    planned.manifest = source.get_manifest(by_digest(from, digest));
    const std::string& media_type = planned.manifest.media_type;
    const json body = json::parse(planned.manifest.bytes, nullptr, false);
    if (!body.is_object()) {
        throw Error(ErrorKind::bad_input, "manifest " + digest + " is not a JSON object");
    }

    if (is_index(media_type)) {
        if (depth >= k_max_index_depth) {
            throw Error(ErrorKind::bad_input, "index " + digest + " nests indexes too deeply");
        }
        for (const auto& child : descriptors(body, "manifests", digest)) {
            plan_manifest(source, from, descriptor_digest(child, digest), depth + 1, plan);
        }
    } else {
        if (!body.contains("config")) {
            throw Error(ErrorKind::bad_input, "manifest " + digest + " has no config");
        }
        planned.blobs.push_back(descriptor_digest(body["config"], digest));
        // Limitation: foreign (non-distributable) layers are copied like others, so a source
        // that does not hold them fails the copy with not_found.
        for (const auto& layer : descriptors(body, "layers", digest)) {
            planned.blobs.push_back(descriptor_digest(layer, digest));
        }
    }
    plan.push_back(std::move(planned));
}

/// Brings one blob to the destination: already there, mounted, or fetched and uploaded.
void copy_blob(Client& source, const Reference& from, Client& destination, const Reference& to,
               const std::string& digest, CopyResult& result) {
    if (destination.blob_exists(to, digest)) {
        result.blobs_skipped.push_back(digest);
        return;
    }

    // Within one registry the blob need not travel at all.
    const bool same_registry = api_host(from) == api_host(to) && from.path != to.path;
    if (same_registry && destination.mount_blob(to, digest, from)) {
        result.blobs_mounted.push_back(digest);
        return;
    }

    // Limitation: a blob is held in memory while it is copied, so blobs over the source
    // client's ClientOptions::blob_size_limit cannot be copied (bad_input).
    const std::string bytes = source.get_blob(from, digest);
    destination.put_blob(to, digest, bytes);
    result.blobs_uploaded.push_back(digest);
    result.bytes_uploaded += bytes.size();
}

/// copy_image without the context in its errors.
CopyResult copy_verified(Client& source, const Reference& from, const std::string& digest,
                         Client& destination, const Reference& to) {
    reference::validate_digest(digest);

    // Every manifest is fetched and checked before anything is written.
    std::vector<PlannedManifest> plan;
    plan_manifest(source, from, digest, 0, plan);

    CopyResult result;
    std::set<std::string> blobs_done;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const Manifest& manifest = plan[i].manifest;
        for (const auto& blob : plan[i].blobs) {
            if (blobs_done.insert(blob).second) {
                copy_blob(source, from, destination, to, blob, result);
            }
        }

        // Children go by digest; the top manifest, last of the plan, under the tag.
        Reference target = by_digest(to, manifest.digest);
        if (i + 1 == plan.size() && to.tag) {
            target.tag = to.tag;
        }
        destination.put_manifest(target, manifest.media_type, manifest.bytes);
        result.manifests.push_back(manifest.digest);
    }
    result.digest = plan.back().manifest.digest;
    return result;
}

} // namespace

CopyResult copy_image(Client& source, const Reference& from, const std::string& digest,
                      Client& destination, const Reference& to) {
    return detail::with_context(
        "copy " + from.repository() + "@" + detail::sanitize(digest) + " to " + to.str(),
        [&] { return copy_verified(source, from, digest, destination, to); });
}

} // namespace tc::registry
