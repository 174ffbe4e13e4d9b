#include "trust/verify.hpp"

#include "trust/notaryv1/http_source.hpp"
#include "trust/notaryv1/signer.hpp"
#include "trust/notaryv1/verifier.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <mutex>

namespace tc::trust {

namespace {

/// One lock per repository: its saved TUF state must be read and written by one
/// verification at a time, while other repositories go on in parallel.
class RepositoryLocks {
public:
    std::mutex& lock_for(const std::string& gun) {
        std::lock_guard guard(m_mutex);
        return m_locks[gun];
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::mutex> m_locks;
};

notaryv1::NotaryServerOptions server_options_for(const reference::Reference& image,
                                                 const TrustOptions& options) {
    notaryv1::NotaryServerOptions server_options;
    server_options.extra_ca_file = options.extra_ca_file;
    server_options.credentials_registry = image.domain; // the registry's login answers it
    server_options.verbose = options.verbose;
    return server_options;
}

} // namespace

Verifier notaryv1_verifier(const TrustOptions& options) {
    auto overrides = notaryv1::notary_servers_from_environment();
    auto locks = std::make_shared<RepositoryLocks>();

    return [options, overrides, locks](const reference::Reference& remote) {
        if (!remote.tag) {
            throw util::Error(util::ErrorKind::untrusted,
                              fmt::format("{}: Docker Content Trust signs tags, and this "
                                          "reference has none",
                                          remote.str()));
        }
        auto server = notaryv1::notary_server_for(remote, overrides);
        notaryv1::HttpMetadataSource source(server, server_options_for(remote, options));
        notaryv1::NotaryVerifier verifier(source, notaryv1::VerifierOptions{});

        auto gun = remote.repository();
        std::lock_guard guard(locks->lock_for(gun));
        notaryv1::TrustedTarget target;
        try {
            target = verifier.verify_tag(gun, *remote.tag);
        } catch (const util::Error& error) {
            // Which server was asked matters most when it has nothing for the repository.
            if (error.kind() != util::ErrorKind::untrusted) {
                throw;
            }
            throw util::Error(error.kind(),
                              fmt::format("{} (notary server {})", error.what(), server));
        }

        // name:tag@digest: the signed tag must name exactly that digest.
        if (remote.digest && *remote.digest != target.digest) {
            throw util::Error(util::ErrorKind::tampered,
                              fmt::format("{}: the tag is signed for {}, not for the digest "
                                          "written",
                                          remote.str(), target.digest));
        }
        return Verdict{target.digest, target.length, "notaryv1", target.role};
    };
}

Verdict notaryv1_sign(const reference::Reference& image, const std::string& digest,
                      std::int64_t length, const TrustOptions& options) {
    if (!image.tag) {
        throw util::Error(util::ErrorKind::bad_input,
                          fmt::format("{}: Docker Content Trust signs tags, and this image name "
                                      "has none",
                                      image.str()));
    }
    notaryv1::HttpMetadataSource server(
        notaryv1::notary_server_for(image, notaryv1::notary_servers_from_environment()),
        server_options_for(image, options));

    notaryv1::TagTarget target;
    target.tag = *image.tag;
    target.digest = digest;
    target.length = length;
    auto published =
        notaryv1::publish_tag(image.repository(), target, server, notaryv1::SignerOptions{});
    return Verdict{published.target.digest, published.target.length, "notaryv1",
                   published.target.role};
}

} // namespace tc::trust
