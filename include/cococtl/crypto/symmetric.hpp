#pragma once
// Symmetric primitives that unwrap and open data encrypted by someone else (JWE, RFC 7516 and
// RFC 7518): AES-GCM authenticated decryption and AES key unwrap (RFC 3394).

#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::crypto {

// Decrypts AES-GCM ciphertext with a 16, 24 or 32-byte key, a non-empty IV, the additional
// authenticated data `aad` and a full 16-byte tag. The plaintext is returned only when the tag
// verifies. Fails (invalid_input) on a bad key/IV/tag length, or "authentication tag does not
// match" when the data, AAD, IV or key is not the one that was used to encrypt.
util::Result<std::string> aes_gcm_decrypt(std::string_view key, std::string_view iv, std::string_view ciphertext,
                                          std::string_view aad, std::string_view tag);

// Unwraps an RFC 3394 AES key wrap (A128KW / A192KW / A256KW by the key-encryption key's length
// 16 / 24 / 32) and returns the key (8 bytes shorter than `wrapped`). Fails (invalid_input) on a
// bad length or when the integrity check fails (wrong KEK or altered data).
util::Result<std::string> aes_key_unwrap(std::string_view kek, std::string_view wrapped);

}  // namespace cococtl::crypto
