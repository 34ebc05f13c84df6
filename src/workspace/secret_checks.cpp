#include "secret_checks.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/render/render.hpp>
#include <cococtl/secrets/files.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/util/term.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace cococtl::workspace {
namespace {

namespace fs = std::filesystem;

// Every file name `secrets generate` can write, whatever the values enable.
const std::set<std::string>& generated_file_names() {
  static const std::set<std::string> k_names = [] {
    secrets::KeyMaterialSpec all;
    all.ssh_debug = true;
    all.tdx_pccs = true;
    std::set<std::string> names;
    for (const auto& item : secrets::enabled_items(all)) {
      for (const auto& file : item.files) names.insert(file.name);
    }
    return names;
  }();
  return k_names;
}

// The folder as one spelling: absolute, no "..", no links, no trailing slash.
fs::path canonical_folder(const fs::path& path) {
  std::error_code ec;
  auto canonical = fs::weakly_canonical(path, ec);
  if (ec) canonical = fs::absolute(path, ec).lexically_normal();
  return canonical.has_filename() ? canonical : canonical.parent_path();
}

// What a user without a value can do: Intel keys come from Intel, never from cococtl.
std::string prompt_hint(const values::SecretField& field, const std::string& secret) {
  const std::string what = field.description.empty() ? secret + "." + field.name : field.description;
  const bool intel = secret == "pccs" && field.name == "api_key";
  return fmt::format(
      "{} has no value and onMissingValue: prompt needs a terminal to ask: put it in `value:`{}, or run "
      "this command on a terminal{}",
      what, field.path ? " or the file given by `path:`" : "",
      intel ? "; 'cococtl secrets generate' cannot create it: it is your Intel PCS API key "
              "(https://api.portal.trustedservices.intel.com)"
            : "");
}

values::SecretField* find_field(values::SecretFile& secrets, const render::SecretFieldRef& ref) {
  for (auto& secret : secrets.secrets) {
    if (secret.name != ref.secret) continue;
    for (auto& field : secret.fields) {
      if (field.name == ref.field) return &field;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<values::Problem> check_key_folders(const values::SecretFile& secrets, const fs::path& secrets_dir) {
  const fs::path want = canonical_folder(secrets_dir);
  struct Entry {
    std::string name;  // "kbsTls.tls.key"
    const values::SecretField* field;
  };
  std::map<fs::path, std::vector<Entry>> elsewhere;  // foreign folder -> the fields reading from it
  for (const auto& secret : secrets.secrets) {
    for (const auto& field : secret.fields) {
      if (!field.path || !generated_file_names().count(field.path->filename().string())) continue;
      const fs::path folder = canonical_folder(field.path->parent_path());
      if (folder != want) elsewhere[folder].push_back({secret.name + "." + field.name, &field});
    }
  }
  std::vector<values::Problem> problems;
  for (const auto& [folder, entries] : elsewhere) {
    std::vector<std::string> names;
    for (const auto& e : entries) names.push_back(e.name);
    const auto there = secrets::display_path(folder);
    const auto here = secrets::display_path(want);
    problems.push_back(
        {entries.front().field->where, entries.front().name,
         fmt::format("{} path: entr{} ({}) read key material from {}, but the secrets folder is {}: a "
                     "render would mix two key sets. Use --secrets-dir {}, or point the path: entries at {}",
                     entries.size(), entries.size() == 1 ? "y" : "ies", util::join(names, ", "), there, here, there,
                     here)});
  }
  return problems;
}

namespace detail {

util::Result<void> resolve_prompts(const values::Values& values, values::SecretFile& secrets,
                                   std::vector<values::Problem>& problems) {
  for (const auto& ref : render::secret_fields_read(values, &secrets)) {
    values::SecretField* field = find_field(secrets, ref);
    const bool has_value = field && field->value && !field->value->empty();
    if (!field || field->on_missing != values::OnMissingValue::prompt || has_value) continue;
    if (!util::can_prompt()) {
      problems.push_back({field->where, ref.secret + "." + ref.field, prompt_hint(*field, ref.secret)});
      continue;
    }
    const std::string label = field->description.empty() ? ref.secret + "." + ref.field : field->description;
    COCO_TRY_ASSIGN(auto answer, util::read_hidden_line(fmt::format("{} ({}.{}): ", label, ref.secret, ref.field)));
    util::register_secret(answer);
    field->value = std::move(answer);
  }
  return {};
}

void check_kbs_certificate(const values::Values& values, const fs::path& secrets_dir,
                           std::vector<values::Problem>& problems) {
  const std::string domain = values.string_at("global.hubClusterDomain");
  const fs::path file = secrets_dir / std::string(secrets::file::kbs_tls_cert);
  std::error_code ec;
  if (domain.empty() || !fs::exists(file, ec)) return;
  const auto pem = secrets::read_public_file(file);
  const auto cert = pem.ok() ? crypto::Certificate::from_pem(*pem) : util::Result<crypto::Certificate>(pem.error());
  if (!cert.ok()) return;
  const std::string host = "kbs." + domain;
  const auto names = cert->dns_names();
  if (std::find(names.begin(), names.end(), host) != names.end()) return;
  problems.push_back(
      {values.location_of("global.hubClusterDomain"), "global.hubClusterDomain",
       fmt::format("the KBS certificate {} is for {}, not {} (the domain changed after 'cococtl secrets "
                   "generate'?): run 'cococtl secrets generate' to reissue it",
                   secrets::display_path(file), names.empty() ? "no DNS name" : util::join(names, ", "), host),
       true});
}

}  // namespace detail
}  // namespace cococtl::workspace
