// JWK export and import of public keys with OpenSSL 3's parameter interface.
#include "ossl.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwk.hpp>

#include <fmt/format.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

namespace cococtl::crypto {
namespace {

using BnPtr = std::unique_ptr<BIGNUM, detail::Deleter<BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, detail::Deleter<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, detail::Deleter<OSSL_PARAM_free>>;

struct Curve {
  KeyType type;
  const char* jwk_name;
  const char* group;
  std::size_t field_size;
};
constexpr Curve k_curves[] = {{KeyType::ec_p256, "P-256", "prime256v1", 32},
                              {KeyType::ec_p384, "P-384", "secp384r1", 48}};

// A BIGNUM parameter as big-endian bytes, left-padded to `width` (0 = minimal length).
util::Result<std::string> bn_param(EVP_PKEY* key, const char* name, std::size_t width) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return detail::openssl_failure("export public key");
  BnPtr bn(raw);
  std::string out(width == 0 ? static_cast<std::size_t>(BN_num_bytes(bn.get())) : width, '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) < 0) {
    return detail::openssl_failure("export public key");
  }
  return out;
}

std::string b64(std::string_view bytes) { return base64_encode(bytes, true); }

// A string member, or "" when absent or not a string.
std::string text(const nlohmann::json& jwk, const char* name) {
  return jwk.contains(name) && jwk[name].is_string() ? jwk[name].get<std::string>() : std::string();
}

util::Result<std::string> member(const nlohmann::json& jwk, const char* name) {
  if (!jwk.contains(name) || !jwk[name].is_string())
    return util::invalid_input(fmt::format("JWK has no \"{}\" member", name));
  auto bytes = base64_decode(jwk[name].get<std::string>(), true);
  if (!bytes.ok() || bytes->empty())
    return util::invalid_input(fmt::format("JWK member \"{}\" is not base64url", name));
  return std::move(*bytes);
}

// Builds a public EVP_PKEY of `algorithm` from OpenSSL parameters.
util::Result<PublicKey> from_params(const char* algorithm, OSSL_PARAM_BLD* bld) {
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  detail::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    detail::last_error();
    return util::invalid_input(fmt::format("JWK is not a valid {} public key", algorithm));
  }
  detail::PkeyPtr key(raw);
  detail::PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    detail::last_error();
    return util::invalid_input(fmt::format("JWK is not a valid {} public key", algorithm));
  }
  return PublicKey::adopt(detail::share(std::move(key)));
}

util::Result<PublicKey> ec_from_jwk(const nlohmann::json& jwk) {
  const std::string crv = text(jwk, "crv");
  const Curve* curve = nullptr;
  for (const auto& c : k_curves) curve = crv == c.jwk_name ? &c : curve;
  if (!curve) return util::invalid_input(fmt::format("unsupported JWK curve \"{}\" (P-256 or P-384)", crv));
  COCO_TRY_ASSIGN(const auto x, member(jwk, "x"));
  COCO_TRY_ASSIGN(const auto y, member(jwk, "y"));
  if (x.size() != curve->field_size || y.size() != curve->field_size) {
    return util::invalid_input(fmt::format("JWK coordinates must be {} bytes for {}", curve->field_size, crv));
  }
  const std::string point = '\x04' + x + y;
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
    return detail::openssl_failure("import JWK");
  }
  return from_params("EC", bld.get());
}

util::Result<PublicKey> rsa_from_jwk(const nlohmann::json& jwk) {
  COCO_TRY_ASSIGN(const auto n_bytes, member(jwk, "n"));
  COCO_TRY_ASSIGN(const auto e_bytes, member(jwk, "e"));
  const auto* n_data = reinterpret_cast<const unsigned char*>(n_bytes.data());
  const auto* e_data = reinterpret_cast<const unsigned char*>(e_bytes.data());
  BnPtr n(BN_bin2bn(n_data, static_cast<int>(n_bytes.size()), nullptr));
  BnPtr e(BN_bin2bn(e_data, static_cast<int>(e_bytes.size()), nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!n || !e || !bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return detail::openssl_failure("import JWK");
  }
  return from_params("RSA", bld.get());
}

util::Result<PublicKey> okp_from_jwk(const nlohmann::json& jwk) {
  if (text(jwk, "crv") != "Ed25519") return util::invalid_input("unsupported JWK OKP curve (Ed25519 only)");
  COCO_TRY_ASSIGN(const auto x, member(jwk, "x"));
  detail::PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                  reinterpret_cast<const unsigned char*>(x.data()), x.size()));
  if (!key) {
    detail::last_error();
    return util::invalid_input("JWK is not a valid Ed25519 public key");
  }
  return PublicKey::adopt(detail::share(std::move(key)));
}

}  // namespace

util::Result<nlohmann::json> public_key_to_jwk(const PublicKey& key) {
  EVP_PKEY* native = key.native();
  for (const auto& curve : k_curves) {
    if (curve.type != key.type()) continue;
    COCO_TRY_ASSIGN(const auto x, bn_param(native, OSSL_PKEY_PARAM_EC_PUB_X, curve.field_size));
    COCO_TRY_ASSIGN(const auto y, bn_param(native, OSSL_PKEY_PARAM_EC_PUB_Y, curve.field_size));
    return nlohmann::json{{"kty", "EC"}, {"crv", curve.jwk_name}, {"x", b64(x)}, {"y", b64(y)}};
  }
  if (is_rsa(key.type())) {
    COCO_TRY_ASSIGN(const auto n, bn_param(native, OSSL_PKEY_PARAM_RSA_N, 0));
    COCO_TRY_ASSIGN(const auto e, bn_param(native, OSSL_PKEY_PARAM_RSA_E, 0));
    return nlohmann::json{{"kty", "RSA"}, {"n", b64(n)}, {"e", b64(e)}};
  }
  std::string raw(32, '\0');
  std::size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(native, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1) {
    return detail::openssl_failure("export public key");
  }
  raw.resize(len);
  return nlohmann::json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", b64(raw)}};
}

util::Result<PublicKey> public_key_from_jwk(const nlohmann::json& jwk) {
  if (!jwk.is_object() || !jwk.contains("kty") || !jwk["kty"].is_string()) {
    return util::invalid_input("JWK is not an object with a \"kty\" member");
  }
  const auto kty = jwk["kty"].get<std::string>();
  if (kty == "EC") return ec_from_jwk(jwk);
  if (kty == "RSA") return rsa_from_jwk(jwk);
  if (kty == "OKP") return okp_from_jwk(jwk);
  return util::invalid_input(fmt::format("unsupported JWK kty \"{}\" (EC, RSA or OKP)", kty));
}

}  // namespace cococtl::crypto
