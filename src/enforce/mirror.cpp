#include "enforce/mirror.hpp"

#include "registry/copy.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace tc::enforce {

namespace {

/// What the remote tag names now; a failure here is no reason to stop, since the content
/// is fetched by its signed digest anyway.
std::optional<std::string> current_digest(registry::Client& client,
                                          const reference::Reference& remote) {
    if (!remote.tag || remote.digest) {
        return std::nullopt;
    }
    try {
        return client.head_manifest(remote).digest;
    } catch (const util::Error&) {
        return std::nullopt;
    }
}

bool local_tag_holds(registry::Client& client, const reference::Reference& local,
                     const std::string& digest) {
    try {
        return client.head_manifest(local).digest == digest;
    } catch (const util::Error&) {
        return false;
    }
}

void mirror_one(const MirrorRequest& request, const trust::Verifier& verifier,
                const MirrorOptions& options, registry::Client& remote_client,
                registry::Client& local_client, MirrorResult& result) {
    result.request = request;
    try {
        auto verdict = verifier(request.remote);

        auto now = current_digest(remote_client, request.remote);
        if (now && *now != verdict.digest) {
            result.moved_tag_digest = now;
        }

        spdlog::debug("{}: verified by {} ({}) as {}", request.remote.str(), verdict.scheme,
                      verdict.signer, verdict.digest);
        if (!options.refresh && local_tag_holds(local_client, request.local, verdict.digest)) {
            result.already_present = true;
            spdlog::debug("{}: already holds {}", request.local.str(), verdict.digest);
        } else {
            auto copy = registry::copy_image(remote_client, request.remote, verdict.digest,
                                             local_client, request.local);
            spdlog::debug("{}: copied {} manifests, {} blobs uploaded ({} bytes), {} present",
                          request.local.str(), copy.manifests.size(), copy.blobs_uploaded.size(),
                          copy.bytes_uploaded, copy.blobs_skipped.size());
        }
        result.verdict = std::move(verdict);
    } catch (const util::Error& error) {
        result.error = error;
    } catch (const std::exception& error) {
        result.error = util::Error(util::ErrorKind::internal, error.what());
    }
}

} // namespace

std::vector<MirrorResult> mirror_images(const std::vector<MirrorRequest>& requests,
                                        const trust::Verifier& verifier,
                                        const MirrorOptions& options) {
    std::vector<MirrorResult> results(requests.size());
    std::atomic<size_t> next{0};
    auto client_options = options.client;
    client_options.blob_size_limit = options.blob_size_limit;
    auto work = [&] {
        registry::Client remote_client(client_options);
        registry::Client local_client(client_options);
        for (size_t index = next++; index < requests.size(); index = next++) {
            mirror_one(requests[index], verifier, options, remote_client, local_client,
                       results[index]);
        }
    };

    size_t workers =
        std::clamp<size_t>(options.parallelism, 1, std::max<size_t>(1, requests.size()));
    std::vector<std::jthread> pool;
    for (size_t i = 0; i < workers; ++i) {
        pool.emplace_back(work);
    }
    pool.clear(); // joins
    return results;
}

} // namespace tc::enforce
