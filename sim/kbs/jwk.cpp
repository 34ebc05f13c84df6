#include "kbs/jwk.hpp"

#include <openssl/core_names.h>
#include <openssl/ec.h>

#include <array>
#include <cococtl/crypto/encoding.hpp>

#include "kbs/ossl.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

struct Curve {
  const char* jwk_name;
  const char* group;
  std::size_t coordinate_size;
};
constexpr std::array k_curves{Curve{"P-256", "prime256v1", 32}, Curve{"P-384", "secp384r1", 48},
                              Curve{"P-521", "secp521r1", 66}};

util::Result<std::string> member(const json& jwk, const char* name) {
  if (!jwk.contains(name) || !jwk.at(name).is_string()) {
    return util::invalid_input(std::string("JWK has no string \"") + name + "\"");
  }
  return crypto::base64_decode(jwk.at(name).get<std::string>(), true).context(std::string("JWK \"") + name + "\"");
}

util::Result<std::shared_ptr<EVP_PKEY>> from_params(const char* type, OSSL_PARAM_BLD* bld) {
  Ossl<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
  Ossl<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return util::invalid_input(std::string("JWK is not a valid ") + type + " public key");
  }
  return share_pkey(key);
}

util::Result<std::shared_ptr<EVP_PKEY>> ec_key(const json& jwk) {
  const std::string crv = jwk.value("crv", "");
  const Curve* curve = nullptr;
  for (const auto& c : k_curves) {
    if (crv == c.jwk_name) curve = &c;
  }
  if (curve == nullptr) return util::invalid_input("JWK curve \"" + crv + "\" is not supported");
  COCO_TRY_ASSIGN(const std::string x, member(jwk, "x"));
  COCO_TRY_ASSIGN(const std::string y, member(jwk, "y"));
  if (x.size() != curve->coordinate_size || y.size() != curve->coordinate_size) {
    return util::invalid_input("JWK coordinates have the wrong length for " + crv);
  }
  const std::string point = '\x04' + x + y;
  Ossl<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->group, 0);
  OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  return from_params("EC", bld.get());
}

util::Result<std::shared_ptr<EVP_PKEY>> rsa_key(const json& jwk) {
  COCO_TRY_ASSIGN(const std::string n, member(jwk, "n"));
  COCO_TRY_ASSIGN(const std::string e, member(jwk, "e"));
  Ossl<BIGNUM> bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr));
  Ossl<BIGNUM> bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr));
  Ossl<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get());
  OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get());
  return from_params("RSA", bld.get());
}

}  // namespace

util::Result<std::shared_ptr<EVP_PKEY>> public_key_from_jwk(const json& jwk) {
  if (!jwk.is_object()) return util::invalid_input("JWK is not an object");
  const std::string kty = jwk.value("kty", "");
  if (kty == "EC") return ec_key(jwk);
  if (kty == "RSA") return rsa_key(jwk);
  return util::invalid_input("JWK kty \"" + kty + "\" is not EC or RSA");
}

util::Result<json> ec_p256_jwk(EVP_PKEY* key) {
  char group[64] = {};
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) != 1 ||
      std::string_view(group) != "prime256v1") {
    return util::invalid_input("the token signing key is not an EC P-256 key");
  }
  std::array<std::string, 2> coordinates;
  const std::array names{OSSL_PKEY_PARAM_EC_PUB_X, OSSL_PKEY_PARAM_EC_PUB_Y};
  for (std::size_t i = 0; i < 2; ++i) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, names[i], &raw) != 1) return util::failure("cannot read the EC public key");
    Ossl<BIGNUM> bn(raw);
    coordinates[i].assign(32, '\0');
    BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(coordinates[i].data()), 32);
  }
  return json{{"kty", "EC"},
              {"crv", "P-256"},
              {"x", crypto::base64_encode(coordinates[0], true)},
              {"y", crypto::base64_encode(coordinates[1], true)}};
}

util::Result<std::shared_ptr<EVP_PKEY>> generate_on_curve_of(EVP_PKEY* peer) {
  Ossl<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, peer, nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_keygen(ctx.get(), &key) <= 0) {
    return util::failure("cannot generate an ephemeral EC key");
  }
  return share_pkey(key);
}

util::Result<std::string> ecdh_secret(EVP_PKEY* own, EVP_PKEY* peer) {
  Ossl<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
  std::size_t size = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 || EVP_PKEY_derive_set_peer(ctx.get(), peer) <= 0 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &size) <= 0) {
    return util::failure("ECDH key agreement failed");
  }
  std::string secret(size, '\0');
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()), &size) <= 0) {
    return util::failure("ECDH key agreement failed");
  }
  secret.resize(size);
  return secret;
}

}  // namespace cococtl::sim::kbs
