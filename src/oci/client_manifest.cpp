#include <cococtl/oci/client.hpp>

#include "client_impl.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/oci/media_types.hpp>
#include <cococtl/oci/registry_error.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::oci {
namespace {

util::Result<std::string> sha256_digest_of(std::string_view bytes) {
  COCO_TRY_ASSIGN(auto hex, crypto::digest_hex(crypto::DigestAlgorithm::sha256, bytes));
  return "sha256:" + hex;
}

// "MANIFEST_UNKNOWN: tag 1.12.0 not found in quay.io/x/y" rather than the registry's terse text.
util::Error manifest_not_found(const Reference& ref, std::string_view wanted, const net::Response& response) {
  const auto errors = parse_registry_errors(response.body);
  const std::string code = errors.empty() ? "MANIFEST_UNKNOWN" : errors.front().code;
  const bool is_digest = wanted.starts_with("sha256:");
  if (code == "NAME_UNKNOWN") return util::failure(fmt::format("NAME_UNKNOWN: repository {} not found", ref.name()));
  return util::failure(fmt::format("{}: {} {} not found in {}", code, is_digest ? "manifest" : "tag", wanted, ref.name()));
}

util::Result<void> check_digest(const std::string& computed, std::string_view wanted, const net::Response& response,
                                const Reference& ref) {
  if (wanted.starts_with("sha256:") && computed != wanted) {
    return util::failure(fmt::format("manifest {} of {} does not match its digest: the registry sent content hashing to {}",
                                     wanted, ref.name(), computed));
  }
  const auto header = response.header("docker-content-digest");
  if (header.starts_with("sha256:") && header != computed) {
    return util::failure(fmt::format("manifest {} of {}: Docker-Content-Digest says {} but the content hashes to {}",
                                     wanted, ref.name(), header, computed));
  }
  return {};
}

}  // namespace

util::Result<FetchedManifest> RegistryClient::get_manifest(std::string_view tag_or_digest) {
  auto& impl = *m_impl;
  std::string body;
  bool too_large = false;
  const auto url = impl.api_url("manifests", tag_or_digest);
  auto sent = impl.send_retrying([&] {
    body.clear();
    net::Request request;
    request.url = url;
    request.timeout = impl.options.request_timeout;
    request.headers = {{"Accept", manifest_accept_header()}, {"User-Agent", impl.options.user_agent}};
    request.on_body = [&](std::string_view chunk) {
      too_large = body.size() + chunk.size() > impl.options.max_manifest_bytes;
      if (!too_large) body.append(chunk);
      return !too_large;
    };
    return request;
  });
  if (too_large) {
    return util::failure(fmt::format("manifest {} of {} is larger than {} bytes", tag_or_digest, impl.ref.name(),
                                     impl.options.max_manifest_bytes));
  }
  COCO_TRY_ASSIGN(const auto response, std::move(sent));
  if (response.status == 404) return manifest_not_found(impl.ref, tag_or_digest, response);
  if (response.status != 200) return impl.registry_failure(response, fmt::format("GET manifest {} of {}", tag_or_digest, impl.ref.name()));
  COCO_TRY_ASSIGN(auto digest, sha256_digest_of(body));
  COCO_TRY(check_digest(digest, tag_or_digest, response, impl.ref));
  const auto content_type = response.header("content-type");
  COCO_TRY_ASSIGN(auto document, std::move(parse_manifest(body, content_type)).context(
                                     fmt::format("manifest {} of {}", tag_or_digest, impl.ref.name())));
  spdlog::debug("{}: manifest {} is {} ({} bytes)", impl.ref.name(), tag_or_digest, digest, body.size());
  return FetchedManifest{std::move(digest), strip_media_type_parameters(content_type), std::move(body), std::move(document)};
}

}  // namespace cococtl::oci
