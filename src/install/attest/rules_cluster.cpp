// The decisions about what the cluster runs: the reference values the KBS appraises evidence
// with, the kbs-access sample's secret, and the initdata of every confidential pod.
#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/install/attest_rules.hpp>

#include <fmt/format.h>

namespace cococtl::install::attest {
namespace {

std::string sha256_hex(std::string_view bytes) {
  auto digest = crypto::digest_hex(crypto::DigestAlgorithm::sha256, bytes);
  return digest ? *digest : std::string();
}

// The digest of the TOML an annotation carries with `algorithm`, or the reason it has none.
util::Result<std::string> annotation_digest(const std::string& annotation, const std::string& algorithm) {
  COCO_TRY_ASSIGN(const auto gzipped, crypto::base64_decode(annotation));
  COCO_TRY_ASSIGN(const auto toml, crypto::gzip_decompress(gzipped));
  COCO_TRY_ASSIGN(const auto chosen, crypto::parse_digest_algorithm(algorithm));
  return crypto::digest_hex(chosen, toml);
}

// The name of the known initdata `annotation` is, or "" when none; `problem` tells why not decodable.
std::string matching_initdata(const std::string& annotation, const std::vector<KnownInitdata>& known,
                              std::string& problem) {
  for (const auto& k : known) {
    auto digest = annotation_digest(annotation, k.algorithm);
    if (!digest) problem = digest.error().message;
    if (digest && *digest == k.digest_hex) return k.name;
  }
  return {};
}

}  // namespace

CheckResult reference_values_rule(const nlohmann::json& expected, const std::map<std::string, nlohmann::json>& actual,
                                  const std::string& source) {
  if (!expected.is_array() || expected.empty()) {
    return skipped("reference-values",
                   "no reference values rendered (global.coco.secured is false, or neither "
                   "measurements.json nor the KBS CA exists yet)");
  }
  std::vector<std::string> drift;
  nlohmann::json drifted = nlohmann::json::array();
  for (const auto& entry : expected) {
    const auto name = entry.value("name", "");
    const auto want = entry.contains("value") ? entry.at("value") : nlohmann::json();
    const auto found = actual.find(name);
    if (found != actual.end() && found->second == want) continue;
    drifted.push_back(name);
    drift.push_back(found == actual.end() ? fmt::format("{} is missing", name)
                                          : fmt::format("{} is {} but measurements.json and the initdata give {}", name,
                                                        found->second.dump(), want.dump()));
  }
  nlohmann::json details{{"source", source}, {"checked", expected.size()}, {"drifted", drifted}};
  if (drift.empty()) {
    return {"reference-values", Verdict::pass,
            fmt::format("{} reference values in the {} match measurements.json and the current initdata",
                        expected.size(), source),
            details};
  }
  return {"reference-values", Verdict::fail,
          fmt::format("reference values in the {} drifted: {} (run 'cococtl install' again to update them)", source,
                      fmt::join(drift, "; ")),
          details};
}

CheckResult workload_rule(const ProxyAnswer& answer, std::string_view expected, const std::string& resource) {
  nlohmann::json details{{"status", answer.status}, {"resource", resource}};
  const auto fail = [&](std::string message) {
    return CheckResult{"workload", Verdict::fail, std::move(message), details};
  };
  if (answer.status == 404) {
    return {"workload", Verdict::skip, "the kbs-access sample is not deployed (service proxy answered 404)", details};
  }
  if (answer.status == 503) {
    return fail(
        "the kbs-access sample is deployed but not serving (service proxy answered 503: no ready endpoint; "
        "did its init container get the secret from the KBS?)");
  }
  if (answer.status != 200) return fail(fmt::format("the service proxy answered HTTP {}", answer.status));
  const bool same = sha256_hex(answer.body) == sha256_hex(expected);
  const bool within = !same && !expected.empty() && answer.body.find(expected) != std::string::npos;
  details["matches"] = same || within;
  if (same || within) {
    return {"workload", Verdict::pass,
            fmt::format("the kbs-access sample serves {} as expected ({} bytes, compared by SHA-256)", resource,
                        expected.size()),
            details};
  }
  return fail(fmt::format("the kbs-access sample serves {} bytes that are not {} (compared by SHA-256)",
                          answer.body.size(), resource));
}

CheckResult initdata_rule(const std::vector<PodInitdata>& pods, const std::vector<KnownInitdata>& known) {
  if (pods.empty()) return skipped("initdata", "no pod runs with a kata runtime class");
  if (known.empty()) return skipped("initdata", "no initdata rendered to compare with (no KBS CA yet?)");
  std::vector<std::string> wrong;
  nlohmann::json per_pod = nlohmann::json::object();
  for (const auto& pod : pods) {
    std::string problem;
    const auto name = pod.annotation ? matching_initdata(*pod.annotation, known, problem) : std::string();
    per_pod[pod.pod] = name.empty() ? nlohmann::json(nullptr) : nlohmann::json(name);
    if (!pod.annotation) {
      wrong.push_back(fmt::format("{} ({}) has no cc_init_data annotation", pod.pod, pod.runtime_class));
    } else if (name.empty()) {
      wrong.push_back(fmt::format("{} ({}) carries {}", pod.pod, pod.runtime_class,
                                  problem.empty() ? "another initdata document than the current one"
                                                  : "an annotation that does not decode: " + problem));
    }
  }
  nlohmann::json details{{"pods", per_pod}};
  if (wrong.empty()) {
    return {"initdata", Verdict::pass,
            fmt::format("{} kata pods carry the current initdata (compared by digest)", pods.size()), details};
  }
  return {"initdata", Verdict::fail,
          fmt::format("{} (re-create the pods after the initdata changed)", fmt::join(wrong, "; ")), details};
}

}  // namespace cococtl::install::attest
