// A key and a certificate: a private CA (self-signed, CA:TRUE), a leaf signed by one of those
// CAs, or a self-signed leaf (PCCS).
#include "item.hpp"

#include <cococtl/secrets/files.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::secrets::detail {
namespace {

using crypto::Certificate;
using crypto::PrivateKey;

std::string sorted_list(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return "[" + util::join(items, ", ") + "]";
}

class CertItem : public Item {
 public:
  explicit CertItem(CertItemConfig config) : m_config(std::move(config)) {}

  ItemInfo info() const override {
    return {m_config.name, m_config.description,
            {{std::string(m_config.key_file), true}, {std::string(m_config.cert_file), false}}};
  }

  ItemState examine(const Context& ctx) const override {
    ItemState state;
    state.report.name = m_config.name;
    state.report.description = m_config.description;
    check_present(ctx, info(), state);
    const auto key = examine_key(ctx, m_config.key_file, state);
    if (key) check_algorithm(*key, state);
    const auto cert = examine_cert(ctx, state);
    if (cert && key) check_pair(*cert, *key, state);
    if (cert) {
      check_issuer(ctx, *cert, state);
      check_san(*cert, state);
      check_expiry(ctx, *cert, state);
    }
    state.finish();
    return state;
  }

  util::Result<void> create(const Context& ctx, bool reuse) const override {
    auto key = reuse ? reusable_key(ctx, m_config.key_file, m_config.key_type) : std::nullopt;
    const bool new_key = !key.has_value();
    if (new_key) {
      COCO_TRY_ASSIGN(auto fresh, PrivateKey::generate(m_config.key_type));
      key = std::move(fresh);
    }
    COCO_TRY_ASSIGN(const auto cert, issue(ctx, *key));
    // Key first: a crash in between leaves a key/cert mismatch that the next run repairs.
    if (new_key) COCO_TRY(write_if_changed(ctx, m_config.key_file, key->to_pem().value(), true));
    COCO_TRY_ASSIGN(const auto pem, cert.to_pem());
    return write_if_changed(ctx, m_config.cert_file, pem, false);
  }

 private:
  bool self_signed() const { return m_config.issuer_item.empty(); }

  util::Result<Certificate> issue(const Context& ctx, const PrivateKey& key) const {
    if (self_signed()) return crypto::issue_certificate(m_config.cert, key, key, nullptr);
    const std::string what = fmt::format("issue {} (signed by {})", m_config.name, m_config.issuer_item);
    COCO_TRY_ASSIGN(const auto issuer_key_pem, read_private_file(ctx.path(m_config.issuer_key_file)).context(what));
    COCO_TRY_ASSIGN(const auto issuer_key, PrivateKey::from_pem(issuer_key_pem).context(what));
    COCO_TRY_ASSIGN(const auto issuer_pem, read_public_file(ctx.path(m_config.issuer_cert_file)).context(what));
    COCO_TRY_ASSIGN(const auto issuer, Certificate::from_pem(issuer_pem).context(what));
    return crypto::issue_certificate(m_config.cert, key, issuer_key, &issuer).context(what);
  }

  void check_algorithm(const PrivateKey& key, ItemState& state) const {
    state.report.algorithm = std::string(crypto::key_type_name(key.type()));
    if (key.type() == m_config.key_type) {
      state.ok("algorithm", state.report.algorithm);
    } else {
      state.fail_stale("algorithm", fmt::format("key is {}, values want {}", crypto::key_type_name(key.type()),
                                                crypto::key_type_name(m_config.key_type)));
    }
  }

  std::optional<Certificate> examine_cert(const Context& ctx, ItemState& state) const {
    auto text = read_public_file(ctx.path(m_config.cert_file));
    if (!text.ok()) return std::nullopt;  // reported by check_present
    auto cert = Certificate::from_pem(*text);
    if (!cert.ok()) {
      state.fail_stale("parse", fmt::format("{}: {}", m_config.cert_file, cert.error().message));
      return std::nullopt;
    }
    state.report.fingerprint = cert->fingerprint();
    return std::move(cert).value();
  }

  void check_pair(const Certificate& cert, const PrivateKey& key, ItemState& state) const {
    if (cert.matches_key(key)) {
      state.ok("key-matches-cert", "private key matches the certificate");
    } else {
      state.fail_stale("key-matches-cert", "certificate does not belong to the private key");
    }
  }

  void check_issuer(const Context& ctx, const Certificate& cert, ItemState& state) const {
    if (cert.is_ca() != m_config.cert.is_ca) {
      state.fail_stale("chain", m_config.cert.is_ca ? "certificate is not a CA" : "a leaf certificate must not be a CA");
      return;
    }
    if (self_signed()) {
      auto ok = cert.verify_signed_by(cert);
      ok.ok() ? state.ok("chain", "self-signed, signature verifies") : state.fail_stale("chain", ok.error().message);
      return;
    }
    auto issuer_pem = read_public_file(ctx.path(m_config.issuer_cert_file));
    auto issuer = issuer_pem.ok() ? Certificate::from_pem(*issuer_pem) : util::Result<Certificate>(issuer_pem.error());
    if (!issuer.ok()) {
      state.fail_stale("chain", fmt::format("cannot read the issuer {}: {}", m_config.issuer_item, issuer.error().message));
      return;
    }
    auto chain = crypto::verify_chain(cert, {*issuer});
    chain.ok() ? state.ok("chain", "verifies against " + m_config.issuer_item)
               : state.fail_stale("chain", fmt::format("against {}: {}", m_config.issuer_item, chain.error().message));
  }

  void check_san(const Certificate& cert, ItemState& state) const {
    if (m_config.cert.dns_names.empty() && m_config.cert.ip_addresses.empty()) return;
    auto have = cert.dns_names();
    for (auto& ip : cert.ip_addresses()) have.push_back(ip);
    auto want = m_config.cert.dns_names;
    for (auto& ip : m_config.cert.ip_addresses) want.push_back(ip);
    if (sorted_list(have) == sorted_list(want)) {
      state.ok("san", sorted_list(want));
    } else {
      state.fail_stale("san", fmt::format("SAN is {}, values want {}", sorted_list(have), sorted_list(want)));
    }
  }

  void check_expiry(const Context& ctx, const Certificate& cert, ItemState& state) const {
    const long days = cert.days_until_expiry();
    state.report.days_to_expiry = days;
    if (days < 0) {
      state.fail_stale("expiry", fmt::format("expired {} day(s) ago", -days));
    } else if (days < ctx.spec.expiry_warn_days) {
      state.warn("expiry", fmt::format("expires in {} day(s); run cococtl secrets generate --rotate {}", days, m_config.name));
    } else {
      state.ok("expiry", fmt::format("{} days left", days));
    }
  }

  CertItemConfig m_config;
};

}  // namespace

std::unique_ptr<Item> make_cert_item(CertItemConfig config) { return std::make_unique<CertItem>(std::move(config)); }

}  // namespace cococtl::secrets::detail
