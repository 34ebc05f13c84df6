#pragma once
// libcurl is opened on first use (dlopen) instead of being linked. Debian's libcurl pulls in
// about 25 libraries (LDAP, Kerberos, GnuTLS, RTMP, SSH, IDN...) whose loading costs every run
// of cococtl 4.6 MB of resident memory and a millisecond, including the offline commands
// (render, validate, secrets) that never open a connection. Only the entry points below are used.

#include <cococtl/util/result.hpp>

#include <curl/curl.h>
#include <openssl/x509_vfy.h>

namespace cococtl::net::detail {

#define COCOCTL_CURL_FUNCTIONS(X)                                                                  \
  X(global_init) X(easy_init) X(easy_cleanup) X(easy_setopt) X(easy_getinfo) X(easy_perform)      \
  X(easy_strerror) X(slist_append) X(slist_free_all) X(free) X(url) X(url_set) X(url_get)         \
  X(url_cleanup) X(multi_init) X(multi_cleanup) X(multi_setopt) X(multi_add_handle)               \
  X(multi_remove_handle) X(multi_perform) X(multi_poll) X(multi_wakeup) X(multi_info_read)

// The libcurl entry points, named without their `curl_` prefix.
struct Curl {
#define COCOCTL_CURL_MEMBER(name) decltype(&::curl_##name) name = nullptr;
  COCOCTL_CURL_FUNCTIONS(COCOCTL_CURL_MEMBER)
#undef COCOCTL_CURL_MEMBER
  // SSL_CTX_set1_cert_store of the libssl that libcurl itself uses (found through libcurl, so
  // cococtl does not load libssl for commands that never open a connection).
  void (*ssl_ctx_set1_cert_store)(void* ssl_ctx, X509_STORE* store) = nullptr;
};

// Opens libcurl.so.4 and runs curl_global_init once per process (thread-safe); later calls
// return the same table. Fails (ExitCode::failure) when the library or one of the entry points
// is missing, naming it.
util::Result<const Curl*> load_curl();

// The table load_curl() filled; only call once load_curl() has succeeded (every Transfer and
// Engine is created after it did).
const Curl& curl();

}  // namespace cococtl::net::detail
