#include "trust_store.hpp"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <cococtl/util/fs.hpp>
#include <filesystem>

#include "libcurl.hpp"

namespace cococtl::net::detail {
namespace {

struct StoreFree {
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};

// Adds every certificate in `pem`. PEM_read_bio_X509_AUX reads one certificate block at a time;
// the bundle-wide PEM_X509_INFO_read_bio tries each block as every key type and is far slower.
util::Result<int> add_certificates(X509_STORE* store, const std::string& what, const std::string& pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  int added = 0;
  for (int guard = 0; bio && guard < 100000; ++guard) {
    std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    if (X509_STORE_add_cert(store, cert.get()) != 1) ERR_clear_error();  // duplicates are fine
    ++added;
  }
  const unsigned long error = ERR_peek_last_error();
  ERR_clear_error();
  if (ERR_GET_REASON(error) != PEM_R_NO_START_LINE && error != 0) {
    return util::invalid_input(
        fmt::format("{}: not a PEM certificate bundle (certificate {} is unreadable)", what, added + 1));
  }
  return added;
}

// curl's built-in CA location of kind `info` (CURLINFO_CAPATH or CURLINFO_CAINFO), or "".
std::string curl_ca_location(CURLINFO info) {
  CURL* easy = curl().easy_init();
  char* path = nullptr;
  std::string location;
  if (easy && curl().easy_getinfo(easy, info, &path) == CURLE_OK && path) location = path;
  if (easy) curl().easy_cleanup(easy);
  return location;
}

util::Result<int> add_system_store(X509_STORE* store) {
  std::error_code ec;
  if (const auto dir = curl_ca_location(CURLINFO_CAPATH); !dir.empty() && std::filesystem::is_directory(dir, ec)) {
    if (X509_STORE_load_path(store, dir.c_str()) == 1) return 1;
    ERR_clear_error();
  }
  const auto file = curl_ca_location(CURLINFO_CAINFO);
  if (file.empty()) return util::failure("libcurl names no system CA store; give the CA explicitly");
  COCO_TRY_ASSIGN(const auto pem, util::read_file(file).context("system CA bundle"));
  return add_certificates(store, file, pem);
}

}  // namespace

util::Result<TrustStore> make_trust_store(const TrustSources& sources) {
  TrustStore store(X509_STORE_new(), StoreFree{});
  if (!store) return util::failure("OpenSSL could not create a certificate store");
  int total = 0;
  if (sources.system) {
    COCO_TRY_ASSIGN(total, add_system_store(store.get()));
  }
  for (const auto& source : sources.pems) {
    COCO_TRY_ASSIGN(const int added, add_certificates(store.get(), source.what, source.pem));
    total += added;
  }
  if (total == 0) return util::invalid_input("the CA bundle contains no PEM certificate");
  return store;
}

}  // namespace cococtl::net::detail
