// Random secret values: the KBS resources (kbsres1, passphrase, attestation-status) and the PCCS
// user/admin tokens with their SHA-512 hex hashes.
#include "item.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/secrets/files.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::secrets::detail {
namespace {

// Every file holds one random token; missing or empty files are (re)filled, others kept.
class ValueItem : public Item {
 public:
  ValueItem(std::string name, std::string description, std::vector<std::string_view> files)
      : m_name(std::move(name)), m_description(std::move(description)), m_files(std::move(files)) {}

  ItemInfo info() const override {
    ItemInfo out{m_name, m_description, {}};
    for (const auto f : m_files) out.files.push_back({std::string(f), true});
    return out;
  }

  ItemState examine(const Context& ctx) const override {
    ItemState state;
    state.report.name = m_name;
    state.report.description = m_description;
    if (check_present(ctx, info(), state)) {
      for (const auto f : m_files) check_value(ctx, f, state);
    }
    state.finish();
    return state;
  }

  util::Result<void> create(const Context& ctx, bool reuse) const override {
    for (const auto f : m_files) {
      if (reuse && reusable_value(ctx, f)) continue;
      COCO_TRY_ASSIGN(const auto token, random_token(k_token_length));
      COCO_TRY(write_secret_file(ctx.path(f), token, true));
    }
    return {};
  }

 private:
  static void check_value(const Context& ctx, std::string_view f, ItemState& state) {
    auto value = read_private_file(ctx.path(f));
    if (!value.ok()) return state.fail_blocked("permissions", value.error().message);
    state.ok("permissions", fmt::format("{} is readable by you only", f));
    if (value->empty()) state.fail_stale("parse", fmt::format("{} is empty", f));
  }

  std::string m_name;
  std::string m_description;
  std::vector<std::string_view> m_files;
};

std::string token_hash(std::string token) {
  // gen-secrets.sh strips newlines before hashing; do the same so hand-made files agree.
  token.erase(std::remove(token.begin(), token.end(), '\n'), token.end());
  return crypto::digest_hex(crypto::DigestAlgorithm::sha512, token).value();
}

class PccsTokensItem : public Item {
 public:
  ItemInfo info() const override {
    return {"pccs-tokens",
            "PCCS user/admin tokens and SHA-512 hashes",
            {{std::string(file::pccs_user_token), true},
             {std::string(file::pccs_user_token_hash), false},
             {std::string(file::pccs_admin_token), true},
             {std::string(file::pccs_admin_token_hash), false}}};
  }

  ItemState examine(const Context& ctx) const override {
    ItemState state;
    state.report.name = "pccs-tokens";
    state.report.description = info().description;
    if (check_present(ctx, info(), state)) {
      check_pair(ctx, file::pccs_user_token, file::pccs_user_token_hash, state);
      check_pair(ctx, file::pccs_admin_token, file::pccs_admin_token_hash, state);
    }
    state.finish();
    return state;
  }

  util::Result<void> create(const Context& ctx, bool reuse) const override {
    COCO_TRY(create_pair(ctx, file::pccs_user_token, file::pccs_user_token_hash, reuse));
    return create_pair(ctx, file::pccs_admin_token, file::pccs_admin_token_hash, reuse);
  }

 private:
  static util::Result<void> create_pair(const Context& ctx, std::string_view token_file, std::string_view hash_file,
                                        bool reuse) {
    auto token = reuse ? reusable_value(ctx, token_file) : std::nullopt;
    if (!token) {
      COCO_TRY_ASSIGN(auto fresh, random_token(k_token_length));
      COCO_TRY(write_secret_file(ctx.path(token_file), fresh, true));
      token = std::move(fresh);
    }
    return write_if_changed(ctx, hash_file, token_hash(*token), false);
  }

  static void check_pair(const Context& ctx, std::string_view token_file, std::string_view hash_file, ItemState& state) {
    auto token = read_private_file(ctx.path(token_file));
    if (!token.ok()) return state.fail_blocked("permissions", token.error().message);
    state.ok("permissions", fmt::format("{} is readable by you only", token_file));
    auto hash = read_public_file(ctx.path(hash_file));
    if (hash.ok() && std::string(util::trim(*hash)) == token_hash(*token)) {
      state.ok("hash", fmt::format("{} is the SHA-512 of {}", hash_file, token_file));
    } else {
      state.fail_stale("hash", fmt::format("{} is not the SHA-512 of {}", hash_file, token_file));
    }
  }
};

}  // namespace

std::unique_ptr<Item> make_value_item(std::string name, std::string description, std::vector<std::string_view> files) {
  return std::make_unique<ValueItem>(std::move(name), std::move(description), std::move(files));
}

std::unique_ptr<Item> make_pccs_tokens_item() { return std::make_unique<PccsTokensItem>(); }

}  // namespace cococtl::secrets::detail
