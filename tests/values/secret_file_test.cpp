#include "support/temp_dir.hpp"

#include <cococtl/util/log.hpp>
#include <cococtl/values/secret_file.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>

using namespace cococtl;
using cococtl::test::TempDir;

namespace {
struct Parsed {
  values::SecretFile file;
  std::vector<std::string> problems;
};

// Parses `yaml` written as <dir>/secrets/values-secret.yaml with `mode` (private by default).
Parsed parse(const TempDir& dir, const std::string& yaml, std::filesystem::perms mode = std::filesystem::perms(0600)) {
  std::vector<values::Problem> problems;
  const auto path = dir.write("secrets/values-secret.yaml", yaml);
  std::filesystem::permissions(path, mode);
  auto file = values::load_secret_file(path, problems);
  REQUIRE(file.ok());
  Parsed out{std::move(*file), {}};
  for (const auto& p : problems) {
    std::string text = p.to_string();
    const auto prefix = dir.path().string() + "/secrets/";
    if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
    out.problems.push_back(text);
  }
  return out;
}
}  // namespace

TEST_CASE("a v2.0 file parses with value, path (relative and ~) and ini_file fields") {
  TempDir dir;
  dir.write("secrets/pub.pem", "PUBLIC KEY DATA");
  dir.write("home/creds.ini", "[default]\naws_key = AKIA123\n[other]\naws_key = nope\n");
  ::setenv("HOME", (dir.path() / "home").c_str(), 1);
  const auto parsed = parse(dir,
                            "version: \"2.0\"\n"
                            "secrets:\n"
                            "  - name: kbsPublicKey\n"
                            "    vaultPrefixes: [hub]\n"
                            "    fields:\n"
                            "      - name: publicKey\n"
                            "        path: pub.pem\n"
                            "  - name: aws\n"
                            "    fields:\n"
                            "      - name: key\n"
                            "        ini_file: ~/creds.ini\n"
                            "        ini_key: aws_key\n"
                            "  - name: kbsres1\n"
                            "    fields:\n"
                            "      - name: key1\n"
                            "        onMissingValue: generate\n"
                            "        vaultPolicy: validatedPatternDefaultPolicy\n"
                            "      - name: key2\n"
                            "        value: inline-secret-value\n"
                            "        base64: true\n");
  CHECK(parsed.problems.empty());
  REQUIRE(parsed.file.secrets.size() == 3);
  CHECK(parsed.file.find("kbsPublicKey")->field("publicKey")->value == std::optional<std::string>("PUBLIC KEY DATA"));
  CHECK(parsed.file.find("aws")->field("key")->value == std::optional<std::string>("AKIA123"));
  const auto* key1 = parsed.file.find("kbsres1")->field("key1");
  CHECK_FALSE(key1->value);
  CHECK(key1->on_missing == values::OnMissingValue::generate);
  CHECK(parsed.file.find("kbsres1")->field("key2")->base64);
  CHECK(util::redact("leak inline-secret-value") == "leak [REDACTED]");
}

TEST_CASE("a values-secret file others can read loads, with a warning as ssh gives") {
  TempDir dir;
  const std::string yaml = "version: \"2.0\"\nsecrets:\n  - name: a\n    fields:\n      - name: b\n        value: c\n";
  for (const auto mode : {0644, 0640, 0604}) {
    std::vector<values::Problem> problems;
    const auto path = dir.write("secrets/values-secret.yaml", yaml);
    std::filesystem::permissions(path, std::filesystem::perms(mode));
    REQUIRE(values::load_secret_file(path, problems).ok());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].warning);
    CHECK(problems[0].to_string() == path.string() + ": permissions " + fmt::format("{:04o}", mode) +
                                         " are too open for a file holding secrets: run chmod 600 " + path.string());
  }
  CHECK(parse(dir, yaml).problems.empty());
}

TEST_CASE("every problem in a values-secret file is reported with its place") {
  TempDir dir;
  const auto parsed = parse(dir,
                            "version: \"1.0\"\n"
                            "secrets:\n"
                            "  - name: a\n"
                            "    feilds: []\n"
                            "  - name: a\n"
                            "    fields:\n"
                            "      - name: x\n"
                            "        value: 1\n"
                            "        path: /etc/hostname\n"
                            "      - name: y\n"
                            "        path: missing.pem\n"
                            "      - name: z\n"
                            "        onMissingValue: sometimes\n"
                            "        vaultPolicy: p\n"
                            "      - value: nameless\n");
  CHECK(parsed.problems == std::vector<std::string>{
                               "values-secret.yaml:1:10: version: only version \"2.0\" is supported",
                               "values-secret.yaml:4:5: a.feilds: unknown key (did you mean \"fields\"?)",
                               "values-secret.yaml:3:5: a.fields: expected a non-empty list of fields",
                               "values-secret.yaml:7:9: a.x: use only one of value, path and ini_file",
                               "values-secret.yaml:11:15: a.y.path: " + (dir.path() / "secrets/missing.pem").string() +
                                   ": file not found",
                               "values-secret.yaml:13:25: a.z.onMissingValue: \"sometimes\": expected one of: "
                               "error, generate, prompt",
                               "values-secret.yaml:14:22: a.z.vaultPolicy: vaultPolicy needs onMissingValue: generate",
                               "values-secret.yaml:12:9: a.z: needs one of value, path or ini_file (or onMissingValue: "
                               "generate|prompt)",
                               "values-secret.yaml:15:9: a.fields[3]: required key \"name\" is missing",
                               "values-secret.yaml:5:11: a: duplicate secret name",
                           });
}

TEST_CASE("locate_secret_file follows the documented order") {
  TempDir dir;
  ::setenv("HOME", dir.path().c_str(), 1);
  CHECK_FALSE(values::locate_secret_file("").value());
  dir.write("values-secret.yaml", "x");
  CHECK(*values::locate_secret_file("").value() == dir.path() / "values-secret.yaml");
  dir.write("values-secret-coco-pattern.yaml", "x");
  CHECK(*values::locate_secret_file("").value() == dir.path() / "values-secret-coco-pattern.yaml");
  dir.write(".config/validatedpatterns/values-secret-coco-pattern.yaml", "x");
  CHECK(*values::locate_secret_file("").value() == dir.path() / ".config/validatedpatterns/values-secret-coco-pattern.yaml");
  const auto missing = values::locate_secret_file((dir.path() / "nope.yaml").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == util::ExitCode::invalid_input);
}
