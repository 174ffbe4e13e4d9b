#include "trust/notaryv1/key_store.hpp"

#include "crypto/encoding.hpp"
#include "trust/notaryv1/tuf_key.hpp"
#include "util/environment.hpp"
#include "util/error.hpp"
#include "util/files.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

namespace tc::trust::notaryv1 {

using util::Error;
using util::ErrorKind;

namespace {

const std::string k_encrypted_label = "ENCRYPTED PRIVATE KEY";
const std::string k_plain_label = "PRIVATE KEY";

/// A PEM block as notary writes key files: a label, "Name: value" headers, base64 body.
struct PemBlock {
    std::string label;
    std::map<std::string, std::string> headers;
    std::string der;
};

std::optional<PemBlock> parse_pem(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    PemBlock block;
    std::string base64;
    bool inside = false;
    bool in_headers = true;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (!inside && line.starts_with("-----BEGIN ") && line.ends_with("-----")) {
            block.label = line.substr(11, line.size() - 16);
            inside = true;
        } else if (inside && line.starts_with("-----END ")) {
            auto der = crypto::base64_decode(base64);
            if (!der) {
                return std::nullopt;
            }
            block.der = std::move(*der);
            return block;
        } else if (inside && in_headers && line.find(": ") != std::string::npos) {
            auto colon = line.find(": ");
            block.headers[line.substr(0, colon)] = line.substr(colon + 2);
        } else if (inside) {
            in_headers = false;
            base64 += line;
        }
    }
    return std::nullopt;
}

// Go's pem.Encode: headers in sorted order, a blank line, base64 in lines of 64.
std::string write_pem(const PemBlock& block) {
    std::string text = "-----BEGIN " + block.label + "-----\n";
    for (const auto& [name, value] : block.headers) {
        text += name + ": " + value + "\n";
    }
    if (!block.headers.empty()) {
        text += "\n";
    }
    std::string base64 = crypto::base64_encode(block.der);
    for (std::size_t at = 0; at < base64.size(); at += 64) {
        text += base64.substr(at, 64) + "\n";
    }
    return text + "-----END " + block.label + "-----\n";
}

// Writes a secret file readable by its owner only, from the first byte on, then renames it
// into place so that a reader never sees half a key.
void write_private_file(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::filesystem::permissions(path.parent_path(), std::filesystem::perms::owner_all);
    auto temporary = path;
    temporary += ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool written = fd >= 0 && ::write(fd, content.data(), content.size()) ==
                                  static_cast<ssize_t>(content.size());
    if (fd >= 0) {
        written = ::close(fd) == 0 && written;
    }
    std::error_code error;
    if (written) {
        std::filesystem::rename(temporary, path, error);
    }
    if (!written || error) {
        std::filesystem::remove(temporary, error);
        throw Error(ErrorKind::internal, "failed to write private key " + path.string());
    }
}

} // namespace

std::string plain_key_id(const crypto::PublicKey& key) {
    switch (key.algorithm()) {
    case crypto::KeyAlgorithm::ecdsa:
        return tuf_key_id("ecdsa", crypto::base64_encode(key.spki_der()));
    case crypto::KeyAlgorithm::rsa:
        return tuf_key_id("rsa", crypto::base64_encode(key.spki_der()));
    case crypto::KeyAlgorithm::ed25519:
        // TUF lists Ed25519 keys as their 32 raw bytes, the tail of the SPKI.
        return tuf_key_id("ed25519", crypto::base64_encode(key.spki_der().substr(12)));
    }
    throw Error(ErrorKind::internal, "unknown key algorithm");
}

std::string passphrase_for(const std::string& role) {
    const char* variable = role == "root" ? "DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE"
                                          : "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE";
    auto value = util::getenv(variable);
    if (!value || value->empty()) {
        throw Error(ErrorKind::bad_input,
                    fmt::format("set {} to the passphrase of the {} key", variable, role));
    }
    return *value;
}

KeyStore::KeyStore(std::filesystem::path trust_directory)
    : m_directory(std::move(trust_directory)) {}

std::filesystem::path KeyStore::default_directory() {
    if (auto config = util::getenv("DOCKER_CONFIG"); config && !config->empty()) {
        return std::filesystem::path(*config) / "trust";
    }
    auto home = util::getenv("HOME");
    return std::filesystem::path(home ? *home : "/") / ".docker" / "trust";
}

StoredKey KeyStore::read(const std::filesystem::path& file, const std::string& passphrase) const {
    auto block = parse_pem(util::read_file(file));
    if (!block || (block->label != k_encrypted_label && block->label != k_plain_label)) {
        throw Error(ErrorKind::bad_input,
                    "failed to read private key " + file.string() + ": not a PEM private key");
    }
    try {
        auto key = block->label == k_plain_label
                       ? crypto::PrivateKey::from_pkcs8(block->der)
                       : crypto::PrivateKey::from_encrypted_pkcs8(block->der, passphrase);
        return {plain_key_id(key.public_key()), block->headers["role"], key};
    } catch (const Error& error) {
        throw Error(ErrorKind::bad_input,
                    "failed to read private key " + file.string() + ": " + error.what());
    }
}

std::optional<StoredKey> KeyStore::root_key(const std::string& passphrase) const {
    std::error_code error;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(private_directory(), error)) {
        if (entry.path().extension() == ".key") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());

    // Only the headers decide which file is a root key; just that one is decrypted.
    for (const auto& file : files) {
        auto block = parse_pem(util::read_file(file));
        if (block && block->headers["role"] == "root") {
            return read(file, passphrase);
        }
    }
    return std::nullopt;
}

std::optional<StoredKey> KeyStore::find(const std::string& key_id,
                                        const std::string& passphrase) const {
    bool plain_name = !key_id.empty() && std::all_of(key_id.begin(), key_id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
    auto file = private_directory() / (key_id + ".key");
    if (!plain_name || !std::filesystem::exists(file)) {
        return std::nullopt;
    }
    return read(file, passphrase);
}

StoredKey KeyStore::create(const std::string& role, const std::string& gun,
                           const std::string& passphrase) const {
    auto key = crypto::PrivateKey::generate_ecdsa_p256();
    StoredKey stored{plain_key_id(key.public_key()), role, key};

    PemBlock block{k_encrypted_label, {{"role", role}}, key.to_encrypted_pkcs8(passphrase)};
    if (!gun.empty()) {
        block.headers["gun"] = gun;
    }
    write_private_file(private_directory() / (stored.id + ".key"), write_pem(block));
    return stored;
}

} // namespace tc::trust::notaryv1
