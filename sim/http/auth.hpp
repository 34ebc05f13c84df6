#pragma once
// Who is calling (client certificate CN/O or bearer token) and what they may do (RBAC
// evaluated from the Roles/ClusterRoles/bindings in the store; system:masters may do anything).

#include "sim/api/store.hpp"

#include <map>
#include <string>
#include <vector>

namespace cococtl::sim {

struct Identity {
  std::string user;
  std::vector<std::string> groups;
  bool authenticated = false;
};

// The identity for a bearer token, or an unauthenticated identity.
class TokenAuthenticator {
 public:
  void add(const std::string& token, Identity identity);
  Identity authenticate(const std::string& token) const;

 private:
  std::map<std::string, Identity> m_tokens;
};

struct RequestAttributes {
  std::string verb;  // get list watch create update patch delete deletecollection (or HTTP verb for non-resource)
  std::string group;
  std::string resource;
  std::string subresource;
  std::string ns;
  std::string name;
  std::string path;  // non-resource requests
  bool resource_request = true;
};

class Authorizer {
 public:
  explicit Authorizer(const Store& store) : m_store(store) {}

  bool allowed(const Identity& who, const RequestAttributes& what) const;
  // SelfSubjectRulesReview status: resourceRules and nonResourceRules that apply in `ns`.
  json rules(const Identity& who, const std::string& ns) const;

 private:
  std::vector<json> applicable_rules(const Identity& who, const std::string& ns) const;

  const Store& m_store;
};

// The 403 message of a denied request.
std::string forbidden_message(const Identity& who, const RequestAttributes& what);

}  // namespace cococtl::sim
