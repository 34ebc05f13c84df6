#pragma once
// Private: one generated item (a key pair, a certificate, a set of random values) knows its
// files, how to examine them and how to (re)create them.

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/key.hpp>
#include <cococtl/secrets/check.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/result.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::secrets::detail {

struct Context {
  const KeyMaterialSpec& spec;
  std::filesystem::path dir;
  std::filesystem::path path(std::string_view name) const { return dir / std::string(name); }
};

// What examine() learnt about one item: the report `check` prints, and what `generate` decides on.
struct ItemState {
  ItemReport report;
  bool missing = false;  // at least one file is absent
  bool blocked = false;  // a private file is too open or unreadable: never overwrite it silently
  std::string stale;     // why the content no longer fits the spec ("" = it fits)

  void ok(std::string check, std::string message);
  void warn(std::string check, std::string message);
  // A failure that `generate` repairs by re-creating the item.
  void fail_stale(std::string check, std::string message);
  // A failure `generate` refuses to paper over (needs chmod or --rotate).
  void fail_blocked(std::string check, std::string message);
  // Sets report.status to the worst finding.
  void finish();
};

class Item {
 public:
  virtual ~Item() = default;
  virtual ItemInfo info() const = 0;
  // Reads the item's files and reports; never writes.
  virtual ItemState examine(const Context& ctx) const = 0;
  // Writes a fresh, consistent version. `reuse` keeps usable private parts (keys, tokens, values)
  // so that repairing a certificate does not change its key.
  virtual util::Result<void> create(const Context& ctx, bool reuse) const = 0;
};

std::vector<std::unique_ptr<Item>> make_items(const KeyMaterialSpec& spec);

// Adds one "present" finding per file; true when every file exists.
bool check_present(const Context& ctx, const ItemInfo& info, ItemState& state);

// Loads a private key for examine(): permission and parse findings; nullopt when unusable.
std::optional<crypto::PrivateKey> examine_key(const Context& ctx, std::string_view file, ItemState& state);

// Loads a private key for create(reuse): nullopt when absent, too open, corrupt or not `type`.
std::optional<crypto::PrivateKey> reusable_key(const Context& ctx, std::string_view file, crypto::KeyType type);

// Reads a private value for create(reuse): nullopt when absent, too open or empty.
std::optional<std::string> reusable_value(const Context& ctx, std::string_view file);

// Writes unless the file already holds exactly `content` (keeps mtimes of unchanged files).
util::Result<void> write_if_changed(const Context& ctx, std::string_view file, std::string_view content, bool is_private);

// `length` characters from [A-Za-z0-9] drawn from the CSPRNG without modulo bias.
util::Result<std::string> random_token(std::size_t length);

// True for an IPv4 or IPv6 address in text form (SANs are split into DNS names and IPs).
bool is_ip_address(const std::string& text);

inline constexpr std::size_t k_token_length = 32;  // ~190 bits

std::unique_ptr<Item> make_kbs_admin_item();
std::unique_ptr<Item> make_ssh_item();
std::unique_ptr<Item> make_pccs_tokens_item();
std::unique_ptr<Item> make_value_item(std::string name, std::string description, std::vector<std::string_view> files);

struct CertItemConfig {
  std::string name;
  std::string description;
  std::string_view key_file;
  std::string_view cert_file;
  crypto::KeyType key_type;
  crypto::CertificateSpec cert;
  std::string issuer_item;  // "" = self-signed
  std::string_view issuer_key_file;
  std::string_view issuer_cert_file;
};
std::unique_ptr<Item> make_cert_item(CertItemConfig config);

}  // namespace cococtl::secrets::detail
