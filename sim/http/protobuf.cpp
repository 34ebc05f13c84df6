#include "sim/http/protobuf.hpp"

#include <cococtl/crypto/encoding.hpp>

#include <cstdint>
#include <map>
#include <vector>

namespace cococtl::sim {
namespace {

enum class Type { string, bytes, int64, boolean, message, map_string, map_bytes, repeated_string };

struct Message;
struct Field {
  int number;
  const char* name;
  Type type;
  const Message* message = nullptr;
};
struct Message {
  std::vector<Field> fields;
};

const Message k_object_meta{{{1, "name", Type::string}, {2, "generateName", Type::string},
                             {3, "namespace", Type::string}, {5, "uid", Type::string},
                             {6, "resourceVersion", Type::string}, {11, "labels", Type::map_string},
                             {12, "annotations", Type::map_string}, {14, "finalizers", Type::repeated_string}}};
const Message k_resource_attributes{{{1, "namespace", Type::string}, {2, "verb", Type::string},
                                     {3, "group", Type::string}, {4, "version", Type::string},
                                     {5, "resource", Type::string}, {6, "subresource", Type::string},
                                     {7, "name", Type::string}}};
const Message k_non_resource_attributes{{{1, "path", Type::string}, {2, "verb", Type::string}}};
const Message k_access_review_spec{{{1, "resourceAttributes", Type::message, &k_resource_attributes},
                                    {2, "nonResourceAttributes", Type::message, &k_non_resource_attributes}}};
const Message k_rules_review_spec{{{1, "namespace", Type::string}}};
const Message k_namespace_spec{{{1, "finalizers", Type::repeated_string}}};

const std::map<std::string, Message>& messages() {
  static const std::map<std::string, Message> k_messages = {
      {"SelfSubjectAccessReview", {{{1, "metadata", Type::message, &k_object_meta},
                                    {2, "spec", Type::message, &k_access_review_spec}}}},
      {"SelfSubjectRulesReview", {{{1, "metadata", Type::message, &k_object_meta},
                                   {2, "spec", Type::message, &k_rules_review_spec}}}},
      {"SelfSubjectReview", {{{1, "metadata", Type::message, &k_object_meta}}}},
      {"Namespace", {{{1, "metadata", Type::message, &k_object_meta}, {2, "spec", Type::message, &k_namespace_spec}}}},
      {"ConfigMap", {{{1, "metadata", Type::message, &k_object_meta}, {2, "data", Type::map_string},
                      {3, "binaryData", Type::map_bytes}, {4, "immutable", Type::boolean}}}},
      {"Secret", {{{1, "metadata", Type::message, &k_object_meta}, {2, "data", Type::map_bytes},
                   {3, "type", Type::string}, {4, "stringData", Type::map_string}, {5, "immutable", Type::boolean}}}},
      {"ServiceAccount", {{{1, "metadata", Type::message, &k_object_meta},
                           {4, "automountServiceAccountToken", Type::boolean}}}},
  };
  return k_messages;
}

class Reader {
 public:
  explicit Reader(std::string_view data) : m_data(data) {}
  bool done() const { return m_pos >= m_data.size(); }
  bool ok() const { return m_ok; }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64 && m_pos < m_data.size(); shift += 7) {
      const auto byte = static_cast<unsigned char>(m_data[m_pos++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    m_ok = false;
    return 0;
  }

  std::string_view bytes() {
    const auto length = varint();
    if (!m_ok || length > m_data.size() - m_pos) {
      m_ok = false;
      return {};
    }
    const auto out = m_data.substr(m_pos, length);
    m_pos += length;
    return out;
  }

  void skip(int wire_type) {
    if (wire_type == 0) varint();
    else if (wire_type == 2) bytes();
    else if (wire_type == 1 || wire_type == 5) m_pos += wire_type == 1 ? 8 : 4;
    else m_ok = false;
  }

 private:
  std::string_view m_data;
  std::size_t m_pos = 0;
  bool m_ok = true;
};

// Fields of a message as (number -> raw values) for length-delimited and varint values.
json decode(std::string_view data, const Message& message, bool& ok);

json decode_map_entry(std::string_view entry, bool bytes_value, std::string& key, bool& ok) {
  Reader r(entry);
  json value = "";
  while (!r.done() && r.ok()) {
    const auto tag = r.varint();
    if ((tag & 7) != 2) { r.skip(static_cast<int>(tag & 7)); continue; }
    const auto field = r.bytes();
    if ((tag >> 3) == 1) key = std::string(field);
    if ((tag >> 3) == 2) value = bytes_value ? crypto::base64_encode(field) : std::string(field);
  }
  ok = ok && r.ok();
  return value;
}

void decode_field(Reader& r, const Field& f, int wire_type, json& out, bool& ok) {
  if (wire_type == 0) {
    const auto v = r.varint();
    if (f.type == Type::boolean) out[f.name] = v != 0;
    else out[f.name] = static_cast<std::int64_t>(v);
    return;
  }
  if (wire_type != 2) return r.skip(wire_type);
  const auto payload = r.bytes();
  switch (f.type) {
    case Type::string:  // Go marshals empty strings; JSON (omitempty) would not have them
      if (!payload.empty()) out[f.name] = std::string(payload);
      break;
    case Type::bytes: out[f.name] = crypto::base64_encode(payload); break;
    case Type::message: out[f.name] = decode(payload, *f.message, ok); break;
    case Type::repeated_string: out[f.name].push_back(std::string(payload)); break;
    case Type::map_string:
    case Type::map_bytes: {
      std::string key;
      json value = decode_map_entry(payload, f.type == Type::map_bytes, key, ok);
      out[f.name][key] = value;
      break;
    }
    default: break;
  }
}

json decode(std::string_view data, const Message& message, bool& ok) {
  json out = json::object();
  Reader r(data);
  while (!r.done() && r.ok()) {
    const auto tag = r.varint();
    const int number = static_cast<int>(tag >> 3);
    const int wire_type = static_cast<int>(tag & 7);
    const Field* field = nullptr;
    for (const auto& f : message.fields) {
      if (f.number == number) field = &f;
    }
    if (field == nullptr) {
      r.skip(wire_type);
    } else {
      decode_field(r, *field, wire_type, out, ok);
    }
  }
  ok = ok && r.ok();
  return out;
}

}  // namespace

std::optional<json> decode_protobuf_object(std::string_view body, std::string& error) {
  if (body.size() < 4 || body.substr(0, 4) != std::string_view("k8s\0", 4)) {
    error = "not a Kubernetes protobuf envelope";
    return std::nullopt;
  }
  Reader envelope(body.substr(4));
  std::string api_version, kind;
  std::string_view raw;
  while (!envelope.done() && envelope.ok()) {
    const auto tag = envelope.varint();
    if ((tag & 7) != 2) { envelope.skip(static_cast<int>(tag & 7)); continue; }
    const auto payload = envelope.bytes();
    if ((tag >> 3) == 2) raw = payload;
    if ((tag >> 3) != 1) continue;
    Reader type_meta(payload);
    while (!type_meta.done() && type_meta.ok()) {
      const auto t = type_meta.varint();
      const auto value = type_meta.bytes();
      if ((t >> 3) == 1) api_version = std::string(value);
      if ((t >> 3) == 2) kind = std::string(value);
    }
  }
  const auto message = messages().find(kind);
  if (!envelope.ok() || message == messages().end()) {
    error = "protobuf bodies of kind \"" + kind + "\" are not supported by this simulated server; send JSON";
    return std::nullopt;
  }
  bool ok = true;
  json object = decode(raw, message->second, ok);
  if (!ok) {
    error = "malformed protobuf " + kind;
    return std::nullopt;
  }
  object["apiVersion"] = api_version;
  object["kind"] = kind;
  return object;
}

}  // namespace cococtl::sim
