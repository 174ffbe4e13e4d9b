#include "registry/base64.hpp"
#include "test_server.hpp"

#include <nlohmann/json.hpp>

namespace tc::registry::testing {

namespace {

using nlohmann::json;

void set_error(httplib::Response& response, int status, const std::string& code,
               const std::string& message) {
    response.status = status;
    response.set_content(R"({"errors":[{"code":")" + code + R"(","message":")" + message + "\"}]}",
                         "application/json");
}

std::string basic_credentials() {
    return "Basic " + base64_encode(std::string(FakeRegistry::k_username) + ":" +
                                    std::string(FakeRegistry::k_password));
}

bool is_digest(const std::string& reference) {
    return reference.starts_with("sha256:");
}

} // namespace

FakeRegistry::FakeRegistry(Auth auth)
    : m_auth(auth) {}

std::string FakeRegistry::add_manifest(const std::string& repository, const std::string& tag,
                                       const std::string& media_type, const std::string& bytes) {
    const std::string digest = sha256_digest(bytes);
    std::lock_guard lock(m_mutex);
    m_manifests[repository + " " + tag] = {media_type, bytes};
    m_manifests[repository + " " + digest] = {media_type, bytes};
    return digest;
}

std::string FakeRegistry::add_blob(const std::string& repository, const std::string& bytes) {
    const std::string digest = sha256_digest(bytes);
    std::lock_guard lock(m_mutex);
    m_blobs[repository + " " + digest] = bytes;
    return digest;
}

void FakeRegistry::add_tampered_blob(const std::string& repository, const std::string& digest,
                                     const std::string& bytes) {
    std::lock_guard lock(m_mutex);
    m_blobs[repository + " " + digest] = bytes;
}

void FakeRegistry::add_tampered_manifest(const std::string& repository,
                                         const std::string& reference,
                                         const std::string& media_type, const std::string& bytes) {
    std::lock_guard lock(m_mutex);
    m_manifests[repository + " " + reference] = {media_type, bytes};
}

std::optional<std::string> FakeRegistry::manifest(const std::string& repository,
                                                  const std::string& reference) const {
    std::lock_guard lock(m_mutex);
    const auto found = m_manifests.find(repository + " " + reference);
    return found == m_manifests.end() ? std::nullopt : std::optional(found->second.bytes);
}

std::string FakeRegistry::manifest_media_type(const std::string& repository,
                                              const std::string& reference) const {
    std::lock_guard lock(m_mutex);
    const auto found = m_manifests.find(repository + " " + reference);
    return found == m_manifests.end() ? "" : found->second.media_type;
}

std::optional<std::string> FakeRegistry::blob(const std::string& repository,
                                              const std::string& digest) const {
    std::lock_guard lock(m_mutex);
    const auto found = m_blobs.find(repository + " " + digest);
    return found == m_blobs.end() ? std::nullopt : std::optional(found->second);
}

std::size_t FakeRegistry::manifest_entries() const {
    std::lock_guard lock(m_mutex);
    return m_manifests.size();
}

std::size_t FakeRegistry::blob_count() const {
    std::lock_guard lock(m_mutex);
    return m_blobs.size();
}

bool FakeRegistry::authorized(const httplib::Request& request, httplib::Response& response,
                              const std::string& repository, const char* actions) const {
    const std::string sent = request.get_header_value("Authorization");
    if (m_auth == Auth::none || (m_auth == Auth::basic && sent == basic_credentials()) ||
        (m_auth == Auth::bearer && sent == std::string("Bearer ") + k_token)) {
        return true;
    }

    if (m_auth == Auth::basic) {
        response.set_header("WWW-Authenticate", "Basic realm=\"fake registry\"");
    } else {
        response.set_header("WWW-Authenticate",
                            "Bearer realm=\"http://" + host() +
                                "/token\",service=\"fake-registry\",scope=\"repository:" +
                                repository + ":" + actions + "\"");
    }
    set_error(response, 401, "UNAUTHORIZED", "authentication required");
    return false;
}

void FakeRegistry::start() {
    add_pull_routes();
    add_push_routes();
    m_server.start();
}

void FakeRegistry::add_pull_routes() {
    auto& server = m_server.server();
    const auto token = [this](const httplib::Request& request, httplib::Response& response) {
        if (request.method == "POST") {
            m_server.record(request);
        }
        const bool refresh = request.method == "POST";
        if (token_requires_credentials && !refresh &&
            request.get_header_value("Authorization") != basic_credentials()) {
            response.status = 401;
            return;
        }
        const char* field = token_as_access_token || refresh ? "access_token" : "token";
        response.set_content(std::string("{\"") + field + "\":\"" + k_token +
                                 "\",\"expires_in\":300}",
                             "application/json");
    };
    server.Get("/token", token);
    server.Post("/token", token);

    server.Get(R"(/v2/(.+)/manifests/([^/]+))",
               [this](const httplib::Request& request, httplib::Response& response) {
                   const std::string repository = request.matches[1];
                   if (!authorized(request, response, repository, "pull")) {
                       return;
                   }
                   std::lock_guard lock(m_mutex);
                   const auto found = m_manifests.find(repository + " " + request.matches[2].str());
                   if (found == m_manifests.end()) {
                       set_error(response, 404, "MANIFEST_UNKNOWN", "manifest unknown");
                       return;
                   }
                   response.set_header("Docker-Content-Digest", sha256_digest(found->second.bytes));
                   response.set_content(found->second.bytes, found->second.media_type.c_str());
               });

    // HEAD is answered by this GET route too (httplib drops the body).
    server.Get(R"(/v2/(.+)/blobs/([^/]+))",
               [this](const httplib::Request& request, httplib::Response& response) {
                   const std::string repository = request.matches[1];
                   if (!authorized(request, response, repository, "pull")) {
                       return;
                   }
                   std::lock_guard lock(m_mutex);
                   const auto found = m_blobs.find(repository + " " + request.matches[2].str());
                   if (found == m_blobs.end()) {
                       set_error(response, 404, "BLOB_UNKNOWN", "blob unknown");
                       return;
                   }
                   response.set_content(found->second, "application/octet-stream");
               });
}

void FakeRegistry::add_push_routes() {
    auto& server = m_server.server();
    server.Post(R"(/v2/(.+)/blobs/uploads/)", [this](const httplib::Request& request,
                                                     httplib::Response& response) {
        m_server.record(request);
        const std::string repository = request.matches[1];
        if (!authorized(request, response, repository, "pull,push")) {
            return;
        }

        // A mount the registry can serve completes at once; otherwise a plain upload starts.
        const std::string digest = request.get_param_value("mount");
        const std::string from = request.get_param_value("from");
        if (mount_enabled && !digest.empty() && !from.empty()) {
            std::lock_guard lock(m_mutex);
            const auto found = m_blobs.find(from + " " + digest);
            if (found != m_blobs.end()) {
                m_blobs[repository + " " + digest] = found->second;
                response.status = 201;
                response.set_header("Location", "/v2/" + repository + "/blobs/" + digest);
                response.set_header("Docker-Content-Digest", digest);
                return;
            }
        }
        start_upload(repository, response);
    });

    server.Put(R"(/v2/(.+)/blobs/uploads/([^/]+))",
               [this](const httplib::Request& request, httplib::Response& response) {
                   m_server.record(request);
                   finish_upload(request, response);
               });

    server.Delete(R"(/v2/(.+)/blobs/uploads/([^/]+))",
                  [this](const httplib::Request& request, httplib::Response& response) {
                      std::lock_guard lock(m_mutex);
                      response.status = m_uploads.erase(request.matches[2]) == 1 ? 204 : 404;
                  });

    server.Put(R"(/v2/(.+)/manifests/([^/]+))",
               [this](const httplib::Request& request, httplib::Response& response) {
                   m_server.record(request);
                   put_manifest(request, response);
               });
}

void FakeRegistry::start_upload(const std::string& repository, httplib::Response& response) {
    std::lock_guard lock(m_mutex);
    const std::string id = "upload-" + std::to_string(++m_next_upload);
    const std::string state = "s" + std::to_string(m_next_upload * 7919);
    m_uploads[id] = {repository, state};

    std::string location = "/v2/" + repository + "/blobs/uploads/" + id;
    if (location_style == LocationStyle::absolute) {
        location = "http://" + host() + location;
    } else if (location_style == LocationStyle::with_query) {
        location += "?_state=" + state;
    }
    response.status = 202;
    response.set_header("Location", location);
}

void FakeRegistry::finish_upload(const httplib::Request& request, httplib::Response& response) {
    const std::string repository = request.matches[1];
    if (!authorized(request, response, repository, "pull,push")) {
        return;
    }
    std::lock_guard lock(m_mutex);
    const auto upload = m_uploads.find(request.matches[2]);
    if (upload == m_uploads.end() || upload->second.repository != repository) {
        set_error(response, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown");
        return;
    }
    if (location_style == LocationStyle::with_query &&
        request.get_param_value("_state") != upload->second.state) {
        set_error(response, 400, "BLOB_UPLOAD_INVALID", "upload state lost");
        return;
    }

    const std::string digest = request.get_param_value("digest");
    if (digest != sha256_digest(request.body)) {
        set_error(response, 400, "DIGEST_INVALID", "provided digest did not match content");
        return;
    }
    m_blobs[repository + " " + digest] = request.body;
    m_uploads.erase(upload);
    response.status = 201;
    response.set_header("Location", "/v2/" + repository + "/blobs/" + digest);
    response.set_header("Docker-Content-Digest", digest);
}

void FakeRegistry::put_manifest(const httplib::Request& request, httplib::Response& response) {
    const std::string repository = request.matches[1];
    const std::string reference = request.matches[2];
    if (!authorized(request, response, repository, "pull,push")) {
        return;
    }
    const std::string digest = sha256_digest(request.body);
    if (is_digest(reference) && reference != digest) {
        set_error(response, 400, "DIGEST_INVALID", "manifest digest did not match");
        return;
    }

    std::lock_guard lock(m_mutex);
    const std::string missing = missing_reference(repository, request.body);
    if (!missing.empty()) {
        set_error(response, 400, "MANIFEST_BLOB_UNKNOWN", "unknown " + missing);
        return;
    }
    const Stored stored{request.get_header_value("Content-Type"), request.body};
    m_manifests[repository + " " + reference] = stored;
    m_manifests[repository + " " + digest] = stored;
    response.status = 201;
    response.set_header("Location", "/v2/" + repository + "/manifests/" + digest);
    response.set_header("Docker-Content-Digest", digest);
}

std::string FakeRegistry::missing_reference(const std::string& repository,
                                            const std::string& bytes) const {
    const json body = json::parse(bytes, nullptr, false);
    if (!body.is_object()) {
        return "manifest format";
    }
    const auto lacks = [&](const json& descriptor, const auto& store) {
        const std::string digest = descriptor.value("digest", std::string());
        return store.find(repository + " " + digest) == store.end();
    };

    for (const auto& child : body.value("manifests", json::array())) {
        if (lacks(child, m_manifests)) {
            return "manifest " + child.value("digest", std::string());
        }
    }
    if (body.contains("config") && lacks(body["config"], m_blobs)) {
        return "blob " + body["config"].value("digest", std::string());
    }
    for (const auto& layer : body.value("layers", json::array())) {
        if (lacks(layer, m_blobs)) {
            return "blob " + layer.value("digest", std::string());
        }
    }
    return "";
}

std::vector<RecordedRequest> FakeRegistry::requests_to(const std::string& prefix) const {
    std::vector<RecordedRequest> matching;
    for (auto& request : m_server.requests()) {
        if (request.path.starts_with(prefix)) {
            matching.push_back(std::move(request));
        }
    }
    return matching;
}

std::vector<RecordedRequest> FakeRegistry::requests_with(const std::string& method) const {
    std::vector<RecordedRequest> matching;
    for (auto& request : m_server.requests()) {
        if (request.method == method) {
            matching.push_back(std::move(request));
        }
    }
    return matching;
}

} // namespace tc::registry::testing
