#include "ossl.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/util/strings.hpp>

#include <openssl/err.h>

#include <array>

namespace cococtl::crypto::detail {

std::shared_ptr<EVP_PKEY> share(PkeyPtr key) { return {key.release(), EVP_PKEY_free}; }
std::shared_ptr<X509> share(X509Ptr cert) { return {cert.release(), X509_free}; }

std::string last_error() {
  unsigned long code = 0;
  unsigned long last = 0;
  while ((code = ERR_get_error()) != 0) last = code;  // the last one is the most specific
  if (last == 0) return "";
  std::array<char, 256> text{};
  ERR_error_string_n(last, text.data(), text.size());
  const char* reason = ERR_reason_error_string(last);
  return reason ? reason : text.data();
}

util::Error openssl_failure(std::string_view what) {
  const std::string reason = last_error();
  return util::failure(reason.empty() ? std::string(what) : std::string(what) + ": " + reason);
}

BioPtr memory_bio(std::string_view data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

BioPtr output_bio() { return BioPtr(BIO_new(BIO_s_mem())); }

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string sha256_hex(std::string_view bytes) {
  auto hex = digest_hex(DigestAlgorithm::sha256, bytes);
  return hex.ok() ? *hex : std::string();
}

}  // namespace cococtl::crypto::detail
