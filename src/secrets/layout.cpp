#include <cococtl/secrets/spec.hpp>

#include <cococtl/util/strings.hpp>

#include "item.hpp"

#include <fmt/format.h>

#include <cctype>

namespace cococtl::secrets {

std::vector<ItemInfo> enabled_items(const KeyMaterialSpec& spec) {
  std::vector<ItemInfo> out;
  for (const auto& item : detail::make_items(spec)) out.push_back(item->info());
  return out;
}

std::vector<std::string> all_item_names() {
  KeyMaterialSpec everything;
  everything.ssh_debug = true;
  everything.tdx_pccs = true;
  std::vector<std::string> names;
  for (const auto& item : detail::make_items(everything)) names.push_back(item->info().name);
  return names;
}

}  // namespace cococtl::secrets

namespace cococtl::secrets {
namespace {

bool dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.' || name.front() == '-') return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  return name.find("..") == std::string_view::npos;
}

}  // namespace

util::Result<void> validate_spec(const KeyMaterialSpec& spec) {
  if (spec.kbs_host.empty()) return util::invalid_input("the KBS host name is empty (set global.hubClusterDomain)");
  if (!dns_name(spec.kbs_host)) {
    return util::invalid_input("KBS host " + util::quote_for_message(spec.kbs_host) + " is not a valid DNS name");
  }
  for (const auto& san : spec.extra_sans) {
    if (!dns_name(san) && !detail::is_ip_address(san) && !(san.rfind("*.", 0) == 0 && dns_name(san.substr(2)))) {
      return util::invalid_input("extra SAN " + util::quote_for_message(san) + " is neither a DNS name nor an IP address");
    }
  }
  for (const int days : {spec.validity_days, spec.ca_validity_days}) {
    if (days < 1 || days > 36500) return util::invalid_input(fmt::format("certificate validity {} days is outside 1..36500", days));
  }
  return {};
}

}  // namespace cococtl::secrets
