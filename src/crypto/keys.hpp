#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// OpenSSL's EVP_PKEY and X509, declared here so that users of this header need no OpenSSL.
struct evp_pkey_st;
struct x509_st;

namespace tc::crypto {

/// The families of public keys we can verify with.
enum class KeyAlgorithm { ecdsa, rsa, ed25519 };

/// A public key held by OpenSSL; cheap to copy (the key is shared and immutable).
class PublicKey {
public:
    /// Parses a PKIX SubjectPublicKeyInfo in DER; throws Error(bad_input) if it is not one.
    static PublicKey from_spki_der(std::string_view der);

    /// Wraps 32 raw Ed25519 public key bytes; throws Error(bad_input) for any other length.
    static PublicKey from_ed25519_raw(std::string_view raw);

    /// The key's family.
    KeyAlgorithm algorithm() const { return m_algorithm; }

    /// Size in bits: the curve order for ECDSA, the modulus for RSA, 256 for Ed25519.
    int bits() const;

    /// The key as PKIX SubjectPublicKeyInfo DER (what Go's x509.MarshalPKIXPublicKey writes).
    std::string spki_der() const;

    /// The OpenSSL key, for the signature code in this folder.
    evp_pkey_st* native() const { return m_key.get(); }

    /// Takes one reference to an OpenSSL key; throws Error(bad_input) for unsupported types.
    explicit PublicKey(evp_pkey_st* owned_key);

private:
    std::shared_ptr<evp_pkey_st> m_key;
    KeyAlgorithm m_algorithm;
};

/// An X.509 certificate; only the parts that signature checks need.
class Certificate {
public:
    /// Every CERTIFICATE block of a PEM text, in order (leaf first, as notary bundles them);
    /// throws Error(bad_input) if there is none or one does not parse.
    static std::vector<Certificate> from_pem_bundle(std::string_view pem);

    /// The subject public key.
    PublicKey public_key() const;

    /// The subject's common name, empty if it has none.
    std::string common_name() const;

    /// Start and end of validity.
    std::chrono::system_clock::time_point not_before() const;
    std::chrono::system_clock::time_point not_after() const;

    /// True if the certificate's own signature uses SHA-1, which notary refuses for roots.
    bool signed_with_sha1() const;

    /// True if the certificate is a CA (basicConstraints cA), i.e. not a leaf.
    bool is_ca() const;

    explicit Certificate(x509_st* owned_certificate);

private:
    std::shared_ptr<x509_st> m_certificate;
};

} // namespace tc::crypto
