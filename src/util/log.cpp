#include <cococtl/util/log.hpp>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <regex>
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

std::string redact(std::string_view text) {
  std::string out(text);
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto& secret : r.values) replace_all(out, secret);
  }
  static const std::regex k_patterns[] = {
      std::regex(R"((Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+)", std::regex::icase),
      std::regex(R"(-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]*?-----END ([A-Z]+ )?PRIVATE KEY-----)"),
  };
  out = std::regex_replace(out, k_patterns[0], "$1 [REDACTED]");
  out = std::regex_replace(out, k_patterns[1], "[REDACTED PRIVATE KEY]");
  return out;
}

}  // namespace cococtl::util
