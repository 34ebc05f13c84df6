#pragma once
// Ways to obtain a content-encryption key meant for our private key (JWE key management, RFC 7518
// 4.3 and 4.6): ECDH with the Concat KDF, and RSAES-OAEP with SHA-256.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace cococtl::crypto {

// The raw ECDH shared secret Z (the x-coordinate, field-size bytes) of our EC private key and the
// peer's EC public key. Fails (invalid_input) when either key is not EC or the curves differ,
// (failure) when OpenSSL refuses the peer point.
util::Result<std::string> ecdh_shared_secret(const PrivateKey& mine, const PublicKey& peer);

// The Concat KDF of NIST SP 800-56A with SHA-256 as JWA 4.6.2 uses it: `key_bits / 8` bytes from
// Z and OtherInfo = len||algorithm_id, len||apu, len||apv, be32(key_bits) (lengths are 32-bit
// big-endian). Fails (invalid_input) when key_bits is 0 or not a multiple of 8.
util::Result<std::string> concat_kdf_sha256(std::string_view z, std::string_view algorithm_id, std::string_view apu,
                                            std::string_view apv, std::size_t key_bits);

// RSAES-OAEP decryption with SHA-256 and MGF1-SHA-256 (JWE "RSA-OAEP-256"). Fails
// (invalid_input) when the key is not RSA or the ciphertext does not decrypt with it.
util::Result<std::string> rsa_oaep_sha256_decrypt(const PrivateKey& key, std::string_view ciphertext);

}  // namespace cococtl::crypto
