// A test driver for the e2e scripts, until the CLI has commands for Docker Content Trust:
//   notaryv1_tool verify GUN TAG SERVER                prints "<digest> <role>"
//   notaryv1_tool sign GUN TAG DIGEST LENGTH SERVER    prints "<digest> <role> <root key id>"
// Signing reads the passphrases from DOCKER_CONTENT_TRUST_{ROOT,REPOSITORY}_PASSPHRASE.
// Errors go to stderr with the exit code of their kind.
#include "trust/notaryv1/http_source.hpp"
#include "trust/notaryv1/signer.hpp"
#include "trust/notaryv1/verifier.hpp"
#include "util/error.hpp"

#include <iostream>
#include <string>
#include <vector>

namespace {

using namespace tc::trust::notaryv1;

// The registry whose docker login answers the server's token challenges: the gun's host.
std::string registry_of(const std::string& gun) {
    return gun.substr(0, gun.find('/'));
}

int verify(const std::vector<std::string>& args) {
    NotaryServerOptions options;
    options.credentials_registry = registry_of(args[0]);
    HttpMetadataSource source(args[2], options);
    NotaryVerifier verifier(source, VerifierOptions{});
    auto target = verifier.verify_tag(args[0], args[1]);
    std::cout << target.digest << " " << target.role << "\n";
    return 0;
}

int sign(const std::vector<std::string>& args) {
    NotaryServerOptions options;
    options.credentials_registry = registry_of(args[0]);
    HttpMetadataSource source(args[4], options);
    TagTarget target;
    target.tag = args[1];
    target.digest = args[2];
    target.length = std::stoll(args[3]);
    auto published = publish_tag(args[0], target, source, SignerOptions{});
    std::cout << published.target.digest << " " << published.target.role << " "
              << (published.root_key_id.empty() ? "-" : published.root_key_id) << "\n";
    return 0;
}

int usage() {
    std::cerr << "usage: notaryv1_tool verify GUN TAG SERVER\n"
                 "       notaryv1_tool sign GUN TAG DIGEST LENGTH SERVER\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        return usage();
    }
    std::string command = args.front();
    args.erase(args.begin());
    try {
        if (command == "verify" && args.size() == 3) {
            return verify(args);
        }
        if (command == "sign" && args.size() == 5) {
            return sign(args);
        }
        return usage();
    } catch (const tc::util::Error& error) {
        std::cerr << "notaryv1_tool: " << tc::util::kind_name(error.kind()) << ": " << error.what()
                  << "\n";
        return tc::util::exit_code(error.kind());
    }
}
