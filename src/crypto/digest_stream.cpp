#include <cococtl/crypto/digest_stream.hpp>
#include <cococtl/util/strings.hpp>

#include "ossl.hpp"

namespace cococtl::crypto {

struct DigestStream::Impl {
  detail::MdCtxPtr ctx;
  bool failed = false;
  bool finished = false;
};

DigestStream::DigestStream(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DigestStream::~DigestStream() = default;
DigestStream::DigestStream(DigestStream&&) noexcept = default;
DigestStream& DigestStream::operator=(DigestStream&&) noexcept = default;

util::Result<DigestStream> DigestStream::create(DigestAlgorithm algorithm) {
  const EVP_MD* md = EVP_get_digestbyname(std::string(digest_name(algorithm)).c_str());
  if (!md) return detail::openssl_failure("digest unavailable");
  auto impl = std::make_unique<Impl>();
  impl->ctx.reset(EVP_MD_CTX_new());
  if (!impl->ctx || EVP_DigestInit_ex(impl->ctx.get(), md, nullptr) != 1) return detail::openssl_failure("digest init");
  return DigestStream(std::move(impl));
}

void DigestStream::update(std::string_view bytes) {
  if (m_impl->failed || m_impl->finished || bytes.empty()) return;
  if (EVP_DigestUpdate(m_impl->ctx.get(), bytes.data(), bytes.size()) != 1) m_impl->failed = true;
}

util::Result<std::string> DigestStream::finish() {
  if (m_impl->finished) return util::failure("digest already finished");
  m_impl->finished = true;
  if (m_impl->failed) return detail::openssl_failure("digest update");
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(m_impl->ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size) != 1) {
    return detail::openssl_failure("digest final");
  }
  out.resize(size);
  return out;
}

util::Result<std::string> DigestStream::finish_hex() {
  COCO_TRY_ASSIGN(auto raw, finish());
  return util::to_hex(raw);
}

}  // namespace cococtl::crypto
