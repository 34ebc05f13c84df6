// Key pairs without certificates: the KBS admin Ed25519 pair and the pod VM SSH debug key.
#include "item.hpp"

#include <cococtl/secrets/files.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

namespace cococtl::secrets::detail {
namespace {

using crypto::KeyType;
using crypto::PrivateKey;

struct KeyPairConfig {
  std::string name;
  std::string description;
  std::string_view private_file;
  std::string_view public_file;
  KeyType type;
  bool openssh_public;  // id_rsa.pub style line instead of SPKI PEM
};

class KeyPairItem : public Item {
 public:
  explicit KeyPairItem(KeyPairConfig config) : m_config(std::move(config)) {}

  ItemInfo info() const override {
    return {m_config.name, m_config.description,
            {{std::string(m_config.private_file), true}, {std::string(m_config.public_file), false}}};
  }

  ItemState examine(const Context& ctx) const override {
    ItemState state;
    state.report.name = m_config.name;
    state.report.description = m_config.description;
    check_present(ctx, info(), state);
    if (const auto key = examine_key(ctx, m_config.private_file, state)) {
      state.report.algorithm = std::string(crypto::key_type_name(key->type()));
      state.report.fingerprint = key->fingerprint();
      if (key->type() == m_config.type) {
        state.ok("algorithm", state.report.algorithm);
      } else {
        state.fail_stale("algorithm", fmt::format("key is {}, must be {}", state.report.algorithm,
                                                  crypto::key_type_name(m_config.type)));
      }
      check_public(ctx, *key, state);
    }
    state.finish();
    return state;
  }

  util::Result<void> create(const Context& ctx, bool reuse) const override {
    auto key = reuse ? reusable_key(ctx, m_config.private_file, m_config.type) : std::nullopt;
    const bool new_key = !key.has_value();
    if (new_key) {
      COCO_TRY_ASSIGN(auto fresh, PrivateKey::generate(m_config.type));
      key = std::move(fresh);
    }
    COCO_TRY_ASSIGN(const auto public_text, public_text(*key));
    if (new_key) COCO_TRY(write_if_changed(ctx, m_config.private_file, key->to_pem().value(), true));
    return write_if_changed(ctx, m_config.public_file, public_text, false);
  }

 private:
  util::Result<std::string> public_text(const PrivateKey& key) const {
    if (!m_config.openssh_public) return key.public_pem();
    COCO_TRY_ASSIGN(const auto line, key.public_key().to_openssh("cococtl-debug"));
    return line + "\n";
  }

  // Compares the stored public half with the one derived from the private key (the OpenSSH
  // comment is the user's business and ignored).
  void check_public(const Context& ctx, const PrivateKey& key, ItemState& state) const {
    auto stored = read_public_file(ctx.path(m_config.public_file));
    auto derived = public_text(key);
    if (!stored.ok() || !derived.ok()) return;  // a missing file is reported by check_present
    const auto fields = [](std::string_view text) {
      auto parts = util::split(util::trim(text), ' ');
      parts.resize(std::min<std::size_t>(parts.size(), 2));
      return parts;
    };
    const bool same = m_config.openssh_public ? fields(*stored) == fields(*derived) : *stored == *derived;
    if (same) {
      state.ok("key-matches-cert", fmt::format("{} matches the private key", m_config.public_file));
    } else {
      state.fail_stale("key-matches-cert", fmt::format("{} does not match the private key", m_config.public_file));
    }
  }

  KeyPairConfig m_config;
};

}  // namespace

std::unique_ptr<Item> make_kbs_admin_item() {
  return std::make_unique<KeyPairItem>(KeyPairConfig{"kbs-admin", "KBS admin key pair (Ed25519)", file::kbs_private_key,
                                                     file::kbs_public_key, KeyType::ed25519, false});
}

std::unique_ptr<Item> make_ssh_item() {
  return std::make_unique<KeyPairItem>(KeyPairConfig{"ssh-debug", "pod VM SSH debug key (RSA-4096)", file::ssh_private_key,
                                                     file::ssh_public_key, KeyType::rsa4096, true});
}

}  // namespace cococtl::secrets::detail
