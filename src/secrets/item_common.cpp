#include "item.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/secrets/files.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

namespace cococtl::secrets::detail {
namespace fs = std::filesystem;

void ItemState::ok(std::string check, std::string message) {
  report.findings.push_back({std::move(check), Severity::ok, std::move(message)});
}

void ItemState::warn(std::string check, std::string message) {
  report.findings.push_back({std::move(check), Severity::warn, std::move(message)});
}

void ItemState::fail_stale(std::string check, std::string message) {
  if (stale.empty()) stale = message;
  report.findings.push_back({std::move(check), Severity::fail, std::move(message)});
}

void ItemState::fail_blocked(std::string check, std::string message) {
  blocked = true;
  report.findings.push_back({std::move(check), Severity::fail, std::move(message)});
}

void ItemState::finish() {
  report.status = Severity::ok;
  for (const auto& f : report.findings) report.status = std::max(report.status, f.severity);
}

bool check_present(const Context& ctx, const ItemInfo& info, ItemState& state) {
  std::vector<std::string> absent;
  for (const auto& file : info.files) {
    std::error_code ec;
    if (!fs::exists(ctx.path(file.name), ec)) absent.push_back(file.name);
  }
  if (absent.empty()) {
    state.ok("present", "all files present");
    return true;
  }
  state.missing = true;
  std::string list;
  for (const auto& name : absent) list += (list.empty() ? "" : ", ") + name;
  state.report.findings.push_back({"present", Severity::fail, "missing: " + list});
  return false;
}

std::optional<crypto::PrivateKey> examine_key(const Context& ctx, std::string_view file, ItemState& state) {
  std::error_code ec;
  if (!fs::exists(ctx.path(file), ec)) return std::nullopt;
  auto text = read_private_file(ctx.path(file));
  if (!text.ok()) {
    state.fail_blocked("permissions", text.error().message);
    return std::nullopt;
  }
  state.ok("permissions", fmt::format("{} is readable by you only", file));
  auto key = crypto::PrivateKey::from_pem(*text);
  if (!key.ok()) {
    state.fail_blocked("parse", fmt::format("{}: {}", file, key.error().message));
    return std::nullopt;
  }
  return std::move(key).value();
}

std::optional<crypto::PrivateKey> reusable_key(const Context& ctx, std::string_view file, crypto::KeyType type) {
  std::error_code ec;
  if (!fs::exists(ctx.path(file), ec)) return std::nullopt;
  auto text = read_private_file(ctx.path(file));
  if (!text.ok()) return std::nullopt;
  auto key = crypto::PrivateKey::from_pem(*text);
  if (!key.ok() || key->type() != type) return std::nullopt;
  return std::move(key).value();
}

std::optional<std::string> reusable_value(const Context& ctx, std::string_view file) {
  std::error_code ec;
  if (!fs::exists(ctx.path(file), ec)) return std::nullopt;
  auto text = read_private_file(ctx.path(file));
  if (!text.ok() || text->empty()) return std::nullopt;
  return std::move(text).value();
}

util::Result<void> write_if_changed(const Context& ctx, std::string_view file, std::string_view content, bool is_private) {
  const fs::path path = ctx.path(file);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    auto current = is_private ? read_private_file(path) : read_public_file(path);
    if (current.ok() && *current == content) return {};
  }
  return write_secret_file(path, content, is_private);
}

util::Result<std::string> random_token(std::size_t length) {
  static constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr unsigned k_limit = 256 - 256 % k_alphabet.size();  // 248: rejection keeps it uniform
  std::string out;
  while (out.size() < length) {
    COCO_TRY_ASSIGN(const std::string bytes, crypto::random_bytes(length * 2));
    for (const unsigned char b : bytes) {
      if (b < k_limit && out.size() < length) out += k_alphabet[b % k_alphabet.size()];
    }
  }
  return out;
}

}  // namespace cococtl::secrets::detail
