// `cococtl initdata [--flavour default|debug] [--print toml|annotation|digests]`: the initdata
// document for confidential pods, computed offline from values and the KBS CA in --secrets-dir.
#include "../flags.hpp"
#include "../print.hpp"
#include "commands.hpp"

#include <cococtl/render/initdata.hpp>
#include <cococtl/secrets/material.hpp>
#include <cococtl/workspace/key_material.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::cli {
namespace {

struct InitdataFlags {
  std::string flavour = "default";
  std::string print;
};

nlohmann::json to_json(const render::Initdata& d, const render::InitdataInputs& in) {
  return {{"flavour", render::flavour_name(in.flavour)},
          {"kbsUrl", in.kbs_url},
          {"securityPolicyFlavour", in.security_policy_flavour},
          {"algorithm", d.algorithm},
          {"digest", d.digest_hex},
          {"pcr8", d.pcr8_hex},
          {"mrconfigid", d.mrconfigid_hex},
          {"hostData", d.host_data_hex},
          {"annotationKey", render::k_initdata_annotation},
          {"annotation", d.annotation},
          {"toml", d.toml}};
}

void print_digests(const render::Initdata& d) {
  fmt::print("algorithm:  {}\ndigest:     {}\npcr8:       {}\nmrconfigid: {}\nhost_data:  {}\n", d.algorithm,
             d.digest_hex, d.pcr8_hex, d.mrconfigid_hex, d.host_data_hex);
}

util::Result<void> print_text(const render::Initdata& d, const render::InitdataInputs& in, const std::string& what) {
  if (what == "toml") return fmt::print("{}", d.toml), util::Result<void>();
  if (what == "annotation") return fmt::print("{}\n", d.annotation), util::Result<void>();
  if (what == "digests") return print_digests(d), util::Result<void>();
  fmt::print("initdata ({} policy, KBS {}, image policy {}):\n", render::flavour_name(in.flavour), in.kbs_url,
             in.security_policy_flavour);
  print_digests(d);
  fmt::print("annotation: {} bytes for {} (--print annotation shows it)\n", d.annotation.size(),
             render::k_initdata_annotation);
  return {};
}

util::Result<void> run_initdata(const GlobalOptions& global, const InitdataFlags& flags) {
  if (!flags.print.empty()) {
    COCO_TRY(refuse_structured_output(global, "--print prints one part as text; the document has them all"));
  }
  COCO_TRY_ASSIGN(const auto km, workspace::key_material_inputs(global.workspace));
  render::InitdataInputs in;
  in.kbs_url = km.kbs_url;
  COCO_TRY_ASSIGN(in.kbs_ca_pem, secrets::load_kbs_ca(km.secrets_dir));
  in.security_policy_flavour = km.security_policy_flavour;
  in.algorithm = km.initdata_algorithm;
  COCO_TRY_ASSIGN(in.flavour, render::parse_flavour(flags.flavour));
  COCO_TRY_ASSIGN(const auto data, render::build_initdata(in));
  if (global.output == OutputFormat::text) return print_text(data, in, flags.print);
  print_document(to_json(data, in), global.output);
  return {};
}

}  // namespace

void add_initdata_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("initdata", "Compute the initdata document, its pod annotation and its digests");
  auto flags = std::make_shared<InitdataFlags>();
  choices(cmd->add_option("--flavour", flags->flavour, "agent policy: default (exec denied) or debug (all allowed)"),
          {"default", "debug"})
      ->capture_default_str();
  choices(cmd->add_option("--print", flags->print, "print only this part as text"), {"toml", "annotation", "digests"});
  cmd->callback([&global, &slot, flags] { slot.action = [&global, flags] { return run_initdata(global, *flags); }; });
}

}  // namespace cococtl::cli
