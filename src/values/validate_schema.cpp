#include "merge.hpp"
#include "schema.hpp"

#include <cococtl/util/strings.hpp>
#include <cococtl/values/validate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace cococtl::values {
namespace {

using detail::SchemaEntry;

bool is_bool_text(const std::string& s) {
  return s == "true" || s == "false" || s == "True" || s == "False" || s == "TRUE" || s == "FALSE";
}

bool is_integer(const std::string& s) {
  const std::size_t start = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  return s.size() > start && s.size() - start <= 18 &&
         std::all_of(s.begin() + static_cast<long>(start), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Values that become Kubernetes names, labels or annotations follow the API server's rules, so
// that render never produces an object the server would refuse; "" when the text conforms.
std::string check_kubernetes_name(const std::string& format, const std::string& text) {
  if (format == "dns-label" && !util::is_dns_label(text)) {
    return "not a valid Kubernetes name (RFC 1123 label: at most 63 lower-case letters, digits and '-', starting "
           "and ending with a letter or digit)";
  }
  if (format == "dns-subdomain" && !util::is_dns_subdomain(text)) {
    return "not a valid Kubernetes name (RFC 1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', "
           "starting and ending with a letter or digit)";
  }
  if (format == "label-value" && !util::is_label_value(text)) {
    return "not a valid Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending "
           "with a letter or digit)";
  }
  return "";
}

// The `format` checks of schema entries; "" when the text conforms.
std::string check_format(const std::string& format, const std::string& text) {
  if (format == "ocp-minor") {  // 4.NN
    if (text.rfind("4.", 0) == 0 && all_digits(std::string_view(text).substr(2))) return "";
    return "expected an OpenShift minor version such as \"4.19\"";
  }
  if (format == "rfc3339-utc") {  // YYYY-MM-DDTHH:MM:SSZ, the only form RVPS accepts
    const std::string shape = "dddd-dd-ddTdd:dd:ddZ";
    const bool ok = text.size() == shape.size() && std::equal(shape.begin(), shape.end(), text.begin(), [](char p, char c) {
      return p == 'd' ? (c >= '0' && c <= '9') : p == c;
    });
    return ok ? "" : "expected a UTC time such as 2027-12-12T00:00:00Z";
  }
  if (format == "https-url") return text.rfind("https://", 0) == 0 ? "" : "expected an https:// URL";
  return check_kubernetes_name(format, text);
}

std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing (null)";
  return util::quote_for_message(node.Scalar());
}

// Checks a scalar against its entry; returns the problem message or "".
std::string check_scalar(const SchemaEntry& entry, const std::string& text) {
  if (entry.type == "bool" && !is_bool_text(text)) return "expected true or false";
  if (entry.type == "int") {
    if (!is_integer(text)) return "expected a whole number";
    const long long n = std::stoll(text);
    if (entry.min && n < *entry.min) return fmt::format("must be at least {}", *entry.min);
    if (entry.max && n > *entry.max) return fmt::format("must be at most {}", *entry.max);
  }
  if (entry.type == "enum" && std::find(entry.values.begin(), entry.values.end(), text) == entry.values.end()) {
    return fmt::format("expected one of: {}", util::join(entry.values, ", "));
  }
  if (entry.type == "domain" && !(text.empty() && entry.allow_empty) && !util::is_dns_name(text)) {
    return "expected a DNS name (lower-case letters, digits, '-' and '.')";
  }
  return check_format(entry.format, text);
}

class SchemaWalker {
 public:
  explicit SchemaWalker(const Values& values) : m_values(values) {}

  std::vector<Problem> run() {
    walk_map(m_values.root(), "", "");
    return std::move(m_problems);
  }

 private:
  void add(const std::string& path, std::string message) {
    m_problems.push_back({m_values.location_of(path), path, std::move(message)});
  }

  void walk(const YAML::Node& node, const std::string& path, const std::string& schema_path) {
    const SchemaEntry& entry = detail::schema().at(schema_path);
    if (entry.type == "map") {
      if (!node.IsMap()) return add(path, fmt::format("expected a map, got {}", describe(node)));
      return walk_map(node, path, schema_path);
    }
    if (entry.type == "list") {
      if (!node.IsSequence()) return add(path, fmt::format("expected a list, got {}", describe(node)));
      return walk_list(node, path, schema_path);
    }
    if (!node.IsScalar()) return add(path, fmt::format("expected a single value, got {}", describe(node)));
    const std::string message = check_scalar(entry, node.Scalar());
    if (!message.empty()) add(path, fmt::format("{}: {}{}", util::quote_for_message(node.Scalar()), message,
                                                entry.type == "enum" ? util::did_you_mean(node.Scalar(), entry.values) : ""));
  }

  void walk_map(const YAML::Node& node, const std::string& path, const std::string& schema_path) {
    for (const auto& pair : node) {
      const std::string key = pair.first.Scalar();
      const std::string key_path = detail::child_path(path, key);
      const auto child = detail::child_schema_path(schema_path, key);
      if (!child) {
        add(key_path, "unknown key" + util::did_you_mean(key, detail::known_children(schema_path)));
        continue;
      }
      walk(pair.second, key_path, *child);
    }
    check_required(node, path, schema_path);
  }

  void walk_list(const YAML::Node& node, const std::string& path, const std::string& schema_path) {
    const std::string item_schema = schema_path + "[]";
    if (!detail::schema().count(item_schema)) return;
    for (std::size_t i = 0; i < node.size(); ++i) walk(node[i], detail::item_path(path, i), item_schema);
  }

  void check_required(const YAML::Node& node, const std::string& path, const std::string& schema_path) {
    for (const auto& name : detail::known_children(schema_path)) {
      const auto& entry = detail::schema().at(detail::child_path(schema_path, name));
      if (entry.required && !node[name]) add(detail::child_path(path, name), "required key is missing");
    }
  }

  const Values& m_values;
  std::vector<Problem> m_problems;
};

}  // namespace

std::vector<Problem> validate_schema(const Values& values) {
  auto problems = SchemaWalker(values).run();
  // Report in file order: by source, then line, then column.
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.where.source, a.where.line, a.where.column) < std::tie(b.where.source, b.where.line, b.where.column);
  });
  // What merging found comes first; the schema does not say it again (an unknown topology).
  std::vector<Problem> out = values.load_problems();
  const auto reported = [&out](const Problem& p) {
    return std::any_of(out.begin(), out.end(), [&p](const Problem& q) { return !q.path.empty() && q.path == p.path; });
  };
  for (auto& p : problems) {
    if (!reported(p)) out.push_back(std::move(p));
  }
  return out;
}

std::string schema_doc(const std::string& path) {
  const auto it = detail::schema().find(path);
  return it == detail::schema().end() ? "" : it->second.doc;
}

}  // namespace cococtl::values
