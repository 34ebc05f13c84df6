#include "libcurl.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <mutex>
#include <optional>

namespace cococtl::net::detail {
namespace {

// The shared object libcurl4 (the OpenSSL flavour) installs; its ABI is stable across 7.x/8.x.
constexpr const char* k_library = "libcurl.so.4";

Curl g_curl;
std::optional<util::Error> g_problem;
std::once_flag g_loaded;

util::Result<void*> symbol(void* library, const char* name) {
  void* address = ::dlsym(library, name);
  if (address == nullptr)
    return util::failure(fmt::format("{} (or the OpenSSL it uses) has no function {}", k_library, name));
  return address;
}

util::Result<Curl> open_library() {
  void* library = ::dlopen(k_library, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = ::dlerror();
    return util::failure(
        fmt::format("cannot load {} (install the libcurl4 package): {}", k_library, why ? why : "unknown"));
  }
  Curl table;
#define COCOCTL_CURL_RESOLVE(name)                                  \
  {                                                                 \
    COCO_TRY_ASSIGN(void* address, symbol(library, "curl_" #name)); \
    table.name = reinterpret_cast<decltype(table.name)>(address);   \
  }
  COCOCTL_CURL_FUNCTIONS(COCOCTL_CURL_RESOLVE)
#undef COCOCTL_CURL_RESOLVE
  // dlsym on libcurl's handle also searches the libraries it depends on, libssl among them.
  COCO_TRY_ASSIGN(void* set_store, symbol(library, "SSL_CTX_set1_cert_store"));
  table.ssl_ctx_set1_cert_store = reinterpret_cast<decltype(table.ssl_ctx_set1_cert_store)>(set_store);
  return table;  // the library stays open for the life of the process
}

}  // namespace

util::Result<const Curl*> load_curl() {
  std::call_once(g_loaded, [] {
    auto table = open_library();
    if (!table.ok()) {
      g_problem = std::move(table).error();
      return;
    }
    g_curl = *table;
    if (g_curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) g_problem = util::failure("curl_global_init failed");
  });
  if (g_problem) return *g_problem;
  return &g_curl;
}

const Curl& curl() { return g_curl; }

}  // namespace cococtl::net::detail
