#pragma once

#include "reference/reference.hpp"
#include "registry/auth.hpp"
#include "registry/http.hpp"
#include "trust/notaryv1/metadata_source.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tc::trust::notaryv1 {

/// How to reach a notary server and whose docker login answers its token challenges.
struct NotaryServerOptions {
    std::optional<std::filesystem::path> extra_ca_file;     // trusted beside the system store
    std::optional<std::filesystem::path> docker_config_dir; // unset: $DOCKER_CONFIG, ~/.docker
    std::string credentials_registry; // e.g. "registry.test"; empty: the server's own host
    bool verbose = false;
    std::vector<std::string> connect_to; // curl CONNECT_TO entries, for tests
};

/// One file of a publish: the role it is for and its signed JSON.
struct MetadataFile {
    std::string role; // root, targets, targets/releases, snapshot
    std::string bytes;
};

/// A notary server's HTTP API (spec §4.1) for one server URL, over one kept-alive HTTP
/// session. Answers a 401 Bearer challenge with a token for the registry's credentials.
class HttpMetadataSource : public MetadataSource {
public:
    /// A source for `server`, e.g. "https://notary.test:4443" (a trailing slash is dropped).
    HttpMetadataSource(std::string server, NotaryServerOptions options);

    /// GET /v2/<gun>/_trust/tuf/<file>; nullopt on 404. Throws Error(network) naming the
    /// server for any other failure, Error(tampered) for a body over request.max_length.
    std::optional<std::string> fetch(const std::string& gun,
                                     const MetadataRequest& request) override;

    /// The server-held public key of `role` (timestamp or snapshot) as a TUF key object;
    /// the server creates it on first request.
    nlohmann::json fetch_server_key(const std::string& gun, const std::string& role);

    /// Publishes the files atomically as one multipart POST; throws naming the server and
    /// its error codes if the server refuses the update.
    void publish(const std::string& gun, const std::vector<MetadataFile>& files);

    /// The server URL, without a trailing slash.
    const std::string& server() const { return m_server; }

private:
    registry::HttpResponse send(registry::HttpRequest request, const std::string& gun, bool push,
                                const std::string& what);

    std::string m_server;
    NotaryServerOptions m_options;
    registry::HttpSession m_session;
    registry::Authorizer m_authorizer;
};

/// Notary servers chosen per registry host: "registry.test" → "https://notary.test:4443".
using NotaryServerMap = std::map<std::string, std::string>;

/// Parses "host=url,host=url" (the TRUSTED_COMPOSE_NOTARY_SERVERS format); throws
/// Error(bad_input) naming the entry that is not host=https-url.
NotaryServerMap parse_notary_servers(std::string_view text);

/// parse_notary_servers of $TRUSTED_COMPOSE_NOTARY_SERVERS, empty if unset.
NotaryServerMap notary_servers_from_environment();

/// The notary server of an image's repository: the override for its registry if one is given,
/// else $DOCKER_CONTENT_TRUST_SERVER if set, else https://notary.docker.io for Docker Hub,
/// else https://<registry host> (docker's choice). Throws Error(bad_input) for a non-https URL.
std::string notary_server_for(const reference::Reference& image,
                              const NotaryServerMap& overrides = {});

} // namespace tc::trust::notaryv1
