#include "ini.hpp"

#include <cococtl/util/fs.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/util/yaml.hpp>
#include <cococtl/values/secret_file.hpp>

#include <fmt/format.h>
#include <sys/stat.h>

#include <set>

namespace cococtl::values {
namespace {

constexpr std::uintmax_t k_secret_value_limit = 1024 * 1024;

const std::vector<std::string> k_top_keys{"version", "backingStore", "vaultPolicies", "secrets"};
const std::vector<std::string> k_secret_keys{"name", "vaultMount", "vaultPrefixes", "targetNamespaces", "fields"};
const std::vector<std::string> k_field_keys{"name",        "value",    "path",           "ini_file",    "ini_section",
                                            "ini_key",     "base64",   "onMissingValue", "vaultPolicy", "override",
                                            "description"};

class Parser {
 public:
  Parser(std::filesystem::path file, std::vector<Problem>& problems)
      : m_file(std::move(file)), m_source(m_file.string()), m_problems(problems) {}

  SecretFile parse(const YAML::Node& root) {
    SecretFile out{m_file, "vault", {}};
    if (!root.IsMap()) {
      add(root, "", "the top level must be a map with version: \"2.0\" and secrets:");
      return out;
    }
    check_keys(root, k_top_keys, "");
    check_version(root);
    if (root["backingStore"]) out.backing_store = scalar(root["backingStore"], "backingStore");
    const YAML::Node secrets = root["secrets"];
    if (!secrets || !secrets.IsSequence()) {
      add(secrets ? secrets : root, "secrets", "expected a list of secrets");
      return out;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < secrets.size(); ++i) {
      Secret secret = parse_secret(secrets[i], fmt::format("secrets[{}]", i));
      if (!secret.name.empty() && !names.insert(secret.name).second) {
        add(secrets[i]["name"], secret.name, "duplicate secret name");
      }
      out.secrets.push_back(std::move(secret));
    }
    return out;
  }

 private:
  void add(const YAML::Node& at, const std::string& path, std::string message) {
    const auto mark = at.Mark();
    Location where = mark.is_null() ? Location{m_source} : Location{m_source, mark.line + 1, mark.column + 1};
    m_problems.push_back({std::move(where), path, std::move(message)});
  }

  void check_keys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& path) {
    for (const auto& pair : map) {
      const std::string key = pair.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        add(pair.first, path.empty() ? key : path + "." + key, "unknown key" + util::did_you_mean(key, allowed));
      }
    }
  }

  void check_version(const YAML::Node& root) {
    const YAML::Node version = root["version"];
    if (!version) return add(root, "version", "required key is missing (use version: \"2.0\")");
    if (!version.IsScalar() || version.Scalar() != "2.0") {
      add(version, "version", "only version \"2.0\" is supported");
    }
  }

  std::string scalar(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) return node.Scalar();
    add(node, path, "expected a single value");
    return "";
  }

  bool boolean(const YAML::Node& node, const std::string& path) {
    bool value = false;
    if (node.IsScalar() && YAML::convert<bool>::decode(node, value)) return value;
    add(node, path, "expected true or false");
    return false;
  }

  std::vector<std::string> strings(const YAML::Node& node, const std::string& path) {
    std::vector<std::string> out;
    if (!node.IsSequence()) {
      add(node, path, "expected a list");
      return out;
    }
    for (const auto& item : node) out.push_back(scalar(item, path));
    return out;
  }

  Secret parse_secret(const YAML::Node& node, const std::string& fallback_path) {
    Secret secret;
    secret.where = location(node);
    if (!node.IsMap()) {
      add(node, fallback_path, "expected a map with name: and fields:");
      return secret;
    }
    if (!node["name"]) add(node, fallback_path, "required key \"name\" is missing");
    else secret.name = scalar(node["name"], fallback_path + ".name");
    const std::string path = secret.name.empty() ? fallback_path : secret.name;
    check_keys(node, k_secret_keys, path);
    if (node["vaultMount"]) secret.vault_mount = scalar(node["vaultMount"], path + ".vaultMount");
    if (node["vaultPrefixes"]) secret.vault_prefixes = strings(node["vaultPrefixes"], path + ".vaultPrefixes");
    if (node["targetNamespaces"]) secret.target_namespaces = strings(node["targetNamespaces"], path + ".targetNamespaces");
    parse_fields(node["fields"], node, path, secret);
    return secret;
  }

  void parse_fields(const YAML::Node& fields, const YAML::Node& parent, const std::string& path, Secret& secret) {
    if (!fields || !fields.IsSequence() || fields.size() == 0) {
      return add(fields ? fields : parent, path + ".fields", "expected a non-empty list of fields");
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      SecretField field = parse_field(fields[i], fmt::format("{}.fields[{}]", path, i));
      if (!field.name.empty() && !names.insert(field.name).second) {
        add(fields[i]["name"], path + "." + field.name, "duplicate field name");
      }
      secret.fields.push_back(std::move(field));
    }
  }

  SecretField parse_field(const YAML::Node& node, const std::string& fallback_path) {
    SecretField field;
    field.where = location(node);
    if (!node.IsMap()) {
      add(node, fallback_path, "expected a map with name: and value:/path:/ini_file:");
      return field;
    }
    check_keys(node, k_field_keys, fallback_path);
    if (node["name"]) field.name = scalar(node["name"], fallback_path + ".name");
    else add(node, fallback_path, "required key \"name\" is missing");
    const std::string path = field.name.empty() ? fallback_path : fallback_path.substr(0, fallback_path.find(".fields")) + "." + field.name;
    read_options(node, path, field);
    check_sources(node, path, field);
    return field;
  }

  void read_options(const YAML::Node& node, const std::string& path, SecretField& field) {
    if (node["base64"]) field.base64 = boolean(node["base64"], path + ".base64");
    if (node["override"]) field.override_value = boolean(node["override"], path + ".override");
    if (node["vaultPolicy"]) field.vault_policy = scalar(node["vaultPolicy"], path + ".vaultPolicy");
    if (node["description"]) field.description = scalar(node["description"], path + ".description");
    if (node["onMissingValue"]) {
      const std::string v = scalar(node["onMissingValue"], path + ".onMissingValue");
      static const std::vector<std::string> k_modes{"error", "generate", "prompt"};
      if (v == "generate") field.on_missing = OnMissingValue::generate;
      else if (v == "prompt") field.on_missing = OnMissingValue::prompt;
      else if (v != "error") {
        add(node["onMissingValue"], path + ".onMissingValue",
            fmt::format("{}: expected one of: error, generate, prompt{}", util::quote_for_message(v), util::did_you_mean(v, k_modes)));
      }
    }
  }

  void check_sources(const YAML::Node& node, const std::string& path, SecretField& field) {
    const int sources = (node["value"] ? 1 : 0) + (node["path"] ? 1 : 0) + (node["ini_file"] ? 1 : 0);
    if (sources > 1) return add(node, path, "use only one of value, path and ini_file");
    if (field.on_missing == OnMissingValue::generate && (node["path"] || node["ini_file"])) {
      return add(node, path, "onMissingValue: generate works only with value, not path or ini_file");
    }
    if (!field.vault_policy.empty() && field.on_missing != OnMissingValue::generate) {
      add(node["vaultPolicy"], path + ".vaultPolicy", "vaultPolicy needs onMissingValue: generate");
    }
    if (node["value"]) {
      if (!node["value"].IsNull()) field.value = scalar(node["value"], path + ".value");
    } else if (node["path"]) {
      read_path_field(node["path"], path, field);
    } else if (node["ini_file"]) {
      read_ini_field(node, path, field);
    } else if (field.on_missing == OnMissingValue::error) {
      add(node, path, "needs one of value, path or ini_file (or onMissingValue: generate|prompt)");
    }
    if (field.value) util::register_secret(*field.value);
  }

  std::filesystem::path resolve(const std::string& raw) const {
    const auto expanded = util::expand_user(raw);
    return expanded.is_absolute() ? expanded : m_file.parent_path() / expanded;
  }

  void read_path_field(const YAML::Node& node, const std::string& path, SecretField& field) {
    field.path = resolve(scalar(node, path + ".path"));
    auto content = util::read_file(*field.path, k_secret_value_limit);
    if (content.ok()) field.value = std::move(*content);
    else if (field.on_missing == OnMissingValue::error) add(node, path + ".path", content.error().message);
  }

  void read_ini_field(const YAML::Node& node, const std::string& path, SecretField& field) {
    field.ini_file = resolve(scalar(node["ini_file"], path + ".ini_file"));
    if (!node["ini_key"]) return add(node, path, "ini_file needs ini_key (and optionally ini_section)");
    field.ini_key = scalar(node["ini_key"], path + ".ini_key");
    field.ini_section = node["ini_section"] ? scalar(node["ini_section"], path + ".ini_section") : "default";
    auto content = util::read_file(*field.ini_file, k_secret_value_limit);
    if (!content.ok()) return add(node["ini_file"], path + ".ini_file", content.error().message);
    field.value = detail::ini_lookup(*content, field.ini_section, field.ini_key);
    if (!field.value) {
      add(node["ini_key"], path + ".ini_key",
          fmt::format("key {} not found in section [{}] of {}", field.ini_key, field.ini_section, field.ini_file->string()));
    }
  }

  Location location(const YAML::Node& node) const {
    return {m_source, node.Mark().line + 1, node.Mark().column + 1};
  }

  std::filesystem::path m_file;
  std::string m_source;
  std::vector<Problem>& m_problems;
};

// As ssh does for private keys: a file holding secrets that others can read deserves a word.
void warn_if_readable_by_others(const std::filesystem::path& file, std::vector<Problem>& problems) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return;
  problems.push_back({Location{file.string()}, "",
                      fmt::format("permissions {:04o} are too open for a file holding secrets: run chmod 600 {}",
                                  st.st_mode & 07777, file.string()),
                      true});
}

}  // namespace

const SecretField* Secret::field(const std::string& field_name) const {
  for (const auto& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

const Secret* SecretFile::find(const std::string& name) const {
  for (const auto& s : secrets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

util::Result<SecretFile> load_secret_file(const std::filesystem::path& file, std::vector<Problem>& problems) {
  COCO_TRY_ASSIGN(const auto text, util::read_file(file, 4 * 1024 * 1024));
  warn_if_readable_by_others(file, problems);
  COCO_TRY_ASSIGN(const auto root, util::parse_yaml(text, file.string()));
  return Parser(file, problems).parse(root);
}

util::Result<std::optional<std::filesystem::path>> locate_secret_file(const std::string& explicit_path) {
  std::error_code ec;
  if (!explicit_path.empty()) {
    const auto path = util::expand_user(explicit_path);
    if (!std::filesystem::is_regular_file(path, ec)) {
      return util::invalid_input(fmt::format("{}: values-secret file not found", path.string()));
    }
    return std::optional(path);
  }
  for (const char* candidate :
       {"values-secret-coco-pattern.yaml", "~/.config/validatedpatterns/values-secret-coco-pattern.yaml",
        "~/values-secret-coco-pattern.yaml", "~/values-secret.yaml"}) {
    const auto path = util::expand_user(candidate);
    if (std::filesystem::is_regular_file(path, ec)) return std::optional(path);
  }
  return std::optional<std::filesystem::path>();
}

}  // namespace cococtl::values
