// The user's inputs as a new user meets them: one values-secret file where `init` put it,
// updated in place; one key set per render; prompts that never pass silently; a stale KBS
// certificate noticed by validate and render.
#include "cli.hpp"

#include <cococtl/values/secret_file.hpp>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <cstdlib>

using namespace cococtl;
using namespace cococtl::test;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void replace_in_file(const std::filesystem::path& path, const std::string& from, const std::string& to) {
  std::string text = read_text(path);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::ofstream(path, std::ios::trunc) << text;
}

}  // namespace

TEST_CASE("secrets generate completes the values-secret file init wrote in the current folder, comments kept") {
  ScratchDir home("cli-one-file");
  std::filesystem::create_directories(home.path() / "project");
  REQUIRE(run_cococtl(home, "init", "project").rc == 0);
  const auto file = home.path() / "project/values-secret-coco-pattern.yaml";
  const std::string before = read_text(file);
  // The user's own edit: it must survive, and it must be what validate reads.
  replace_in_file(file, "      - name: status\n        value: attested",
                  "      - name: status  # mine\n        value: attested");

  const auto gen = run_cococtl(home, "secrets generate", "project");
  INFO(gen.out << gen.err);
  REQUIRE(gen.rc == 0);
  CHECK(has(gen.out,
            "values-secret: added kbsPublicKey, kbsPrivateKey, kbsTls, attestationTokenSigner, "
            "securityPolicyConfig to values-secret-coco-pattern.yaml"));
  CHECK_FALSE(std::filesystem::exists(home.path() / "values-secret-coco-pattern.yaml"));  // no second file in ~
  const std::string after = read_text(file);
  CHECK(has(after, "# KBS resources, served to attested workloads as default/<name>/<field>."));
  CHECK(has(after, "  # For global.coco.securityPolicyFlavour: signed, add your cosign public key(s):"));
  CHECK(has(after, "      - name: status  # mine\n"));
  CHECK(has(after, "\n  - name: kbsTls\n    vaultPrefixes:\n    - hub\n"));
  CHECK(after.rfind(before.substr(0, before.find("  - name: attestationStatus")), 0) == 0);  // the start is untouched
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  const auto validate = run_cococtl(home, "-o json validate", "project");
  INFO(validate.out << validate.err);
  CHECK(validate.rc == 0);
  CHECK(nlohmann::json::parse(validate.out)["valuesSecret"] == "values-secret-coco-pattern.yaml");
  const auto again = run_cococtl(home, "secrets generate", "project");
  CHECK(has(again.out, "already lists every secret"));
  CHECK(read_text(file) == after);
}

TEST_CASE("a values-secret file reading key material from another folder is refused, naming both folders") {
  ScratchDir home("cli-mixed");
  REQUIRE(run_cococtl(home, "secrets generate").rc == 0);  // ~/.coco-pattern and ~/values-secret-coco-pattern.yaml
  const std::string other = home.file("other-keys");
  const auto gen = run_cococtl(home, "--secrets-dir " + other + " secrets generate");
  INFO(gen.out << gen.err);
  CHECK(gen.rc == 3);
  CHECK(has(gen.err,
            "read key material from ~/.coco-pattern, but the secrets folder is ~/other-keys: a render would "
            "mix two key sets"));
  CHECK(has(gen.err, "kbsPublicKey.publicKey"));
  CHECK_FALSE(std::filesystem::exists(other));  // refused before anything was written

  const auto render = run_cococtl(home, "--secrets-dir " + home.file(".coco-pattern/../other-render") + " render");
  CHECK(render.rc == 3);
  CHECK(has(render.err, "cococtl: error: values-secret-coco-pattern.yaml:"));
  CHECK(has(render.err, "Use --secrets-dir ~/.coco-pattern, or point the path: entries at ~/other-render"));
  CHECK(render.out.empty());
  CHECK(run_cococtl(home, "--secrets-dir '~/.coco-pattern/' render").rc == 0);  // the same folder, written differently
}

TEST_CASE("onMissingValue: prompt without a terminal fails naming the secret, and renders once filled in") {
  ScratchDir home("cli-prompt");
  REQUIRE(run_cococtl(home, "--topology baremetal secrets generate").rc == 0);
  const auto validate = run_cococtl(home, "--topology baremetal validate");
  INFO(validate.err);
  CHECK(validate.rc == 3);
  CHECK(has(validate.err,
            "pccs.api_key: Intel PCS API key (https://api.portal.trustedservices.intel.com) has no value "
            "and onMissingValue: prompt needs a terminal to ask"));
  CHECK(has(validate.err, "'cococtl secrets generate' cannot create it"));
  const auto render = run_cococtl(home, "--topology baremetal render");
  CHECK(render.rc == 3);
  CHECK(render.out.empty());
  CHECK(run_cococtl(home, "--topology baremetal --set baremetal.tee=snp validate").rc == 0);  // SNP needs no PCCS

  replace_in_file(home.path() / "values-secret-coco-pattern.yaml", "- name: api_key\n      value: ''",
                  "- name: api_key\n      value: 'pcs-key-from-file'");
  const auto filled = run_cococtl(home, "--topology baremetal render --show-secrets");
  CHECK(filled.rc == 0);
  CHECK(has(filled.out, "PCCS_API_KEY: cGNzLWtleS1mcm9tLWZpbGU="));
}

TEST_CASE("a values-secret file others can read gets a warning") {
  ScratchDir home("cli-perms");
  REQUIRE(run_cococtl(home, "secrets generate").rc == 0);
  CHECK_FALSE(has(run_cococtl(home, "validate").err, "too open"));
  std::filesystem::permissions(home.path() / "values-secret-coco-pattern.yaml", std::filesystem::perms(0644));
  const auto validate = run_cococtl(home, "validate");
  CHECK(validate.rc == 0);
  CHECK(has(validate.err,
            "cococtl: warning: values-secret-coco-pattern.yaml: permissions 0644 are too open for a file "
            "holding secrets: run chmod 600 values-secret-coco-pattern.yaml"));
}

TEST_CASE("validate and render warn when the KBS certificate is for another domain") {
  ScratchDir home("cli-stale-san");
  REQUIRE(run_cococtl(home, "--set global.hubClusterDomain=apps.old.example.com secrets generate").rc == 0);
  const std::string now = "--set global.hubClusterDomain=apps.new.example.com ";
  const std::string warning =
      "global.hubClusterDomain: the KBS certificate ~/.coco-pattern/kbs-tls.crt is for "
      "kbs.apps.old.example.com, not kbs.apps.new.example.com";
  const auto validate = run_cococtl(home, now + "validate");
  CHECK(validate.rc == 0);
  CHECK(has(validate.err, "cococtl: warning: --set global.hubClusterDomain=apps.new.example.com: " + warning));
  CHECK(has(run_cococtl(home, now + "render").err, warning));
  CHECK_FALSE(
      has(run_cococtl(home, "--set global.hubClusterDomain=apps.old.example.com validate").err, "KBS certificate"));
  REQUIRE(run_cococtl(home, now + "secrets generate").rc == 0);
  CHECK_FALSE(has(run_cococtl(home, now + "validate").err, "KBS certificate"));
}
