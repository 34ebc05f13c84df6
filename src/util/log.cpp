#include <cococtl/util/log.hpp>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <algorithm>
#include <cctype>
#include <set>

namespace cococtl::util {
namespace {

constexpr std::string_view k_redacted = "[REDACTED]";

struct SecretRegistry {
  std::mutex mutex;
  std::set<std::string, std::greater<>> values;  // longest-first is not needed: exact matches
};

SecretRegistry& registry() {
  static SecretRegistry r;
  return r;
}

void replace_all(std::string& text, std::string_view needle) {
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + k_redacted.size())) {
    text.replace(pos, needle.size(), k_redacted);
  }
}

// Wraps the real sink and redacts each formatted line before it is written.
class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingSink(spdlog::sink_ptr inner) : m_inner(std::move(inner)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string clean = redact(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg);
    copy.payload = clean;
    m_inner->log(copy);
  }
  void flush_() override { m_inner->flush(); }

 private:
  spdlog::sink_ptr m_inner;
};

spdlog::level::level_enum level_for(int verbosity, bool quiet) {
  if (quiet) return spdlog::level::err;
  switch (verbosity) {
    case 0: return spdlog::level::warn;
    case 1: return spdlog::level::info;
    case 2: return spdlog::level::debug;
    default: return spdlog::level::trace;
  }
}

}  // namespace

void setup_logging(int verbosity, bool quiet, bool color) {
  spdlog::sink_ptr inner;
  if (color) {
    inner = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  } else {
    inner = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  }
  inner->set_pattern("cococtl: %^%l%$: %v");  // the redacting wrapper forwards to this sink's formatter
  auto logger = std::make_shared<spdlog::logger>("cococtl", std::make_shared<RedactingSink>(inner));
  logger->set_level(level_for(verbosity, quiet));
  spdlog::set_default_logger(logger);
}

void register_secret(std::string_view value) {
  if (value.size() < 4) return;
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.values.emplace(value);
}

namespace {

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
         c == '=' || c == '-';
}

// "Bearer <token>" / "Basic <credentials>" (any case) -> "Bearer [REDACTED]".
void redact_auth_schemes(std::string& text) {
  for (const std::string_view scheme : {"bearer", "basic"}) {
    for (std::size_t pos = 0; pos + scheme.size() < text.size(); ++pos) {
      if (!std::equal(scheme.begin(), scheme.end(), text.begin() + static_cast<long>(pos),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
        continue;
      }
      std::size_t start = pos + scheme.size();
      if (start >= text.size() || (text[start] != ' ' && text[start] != '\t')) continue;
      while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
      std::size_t end = start;
      while (end < text.size() && is_token_char(text[end])) ++end;
      if (end == start || text.compare(start, k_redacted.size(), k_redacted) == 0) continue;
      text.replace(start, end - start, k_redacted);
      pos = start + k_redacted.size();
    }
  }
}

// PEM private-key blocks (any "-----BEGIN ... PRIVATE KEY-----" up to its END line).
void redact_private_keys(std::string& text) {
  constexpr std::string_view k_begin = "-----BEGIN ";
  constexpr std::string_view k_end = "-----END ";
  for (std::size_t pos = text.find(k_begin); pos != std::string::npos; pos = text.find(k_begin, pos + 1)) {
    const auto header_end = text.find("-----", pos + k_begin.size());
    if (header_end == std::string::npos) return;
    if (text.compare(header_end - 11, 11, "PRIVATE KEY") != 0) continue;
    const auto end = text.find(k_end, header_end);
    const auto end_close = end == std::string::npos ? std::string::npos : text.find("-----", end + k_end.size());
    const std::size_t stop = end_close == std::string::npos ? text.size() : end_close + 5;
    text.replace(pos, stop - pos, "[REDACTED PRIVATE KEY]");
  }
}

}  // namespace

std::string redact(std::string_view text) {
  std::string out(text);
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto& secret : r.values) replace_all(out, secret);
  }
  redact_auth_schemes(out);
  redact_private_keys(out);
  return out;
}

}  // namespace cococtl::util
