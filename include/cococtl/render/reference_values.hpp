#pragma once
// Trustee 1.1 RVPS reference values, computed the same way for the rvps-reference-values
// ConfigMap (render) and for <secrets-dir>/rvps-reference-values.json (`cococtl pcr update`).

#include <cococtl/render/render.hpp>
#include <cococtl/util/result.hpp>
#include <string>

namespace cococtl::render {

// The RVPS reference values as a JSON array text of {"name","expiration","value":[...]}:
// `init_data` (the digests of both initdata flavours) when the KBS CA certificate is in the
// material; on Azure peer pods also `snp_/tdx_pcr08` (initdata replayed into PCR8, with that
// certificate) and `snp_/tdx_pcrNN` from measurements.json. "[]" when global.coco.secured is
// false. Expiration: kbs.referenceValuesExpiration. Fails (invalid_input) on an unusable
// measurements.json or initdata algorithm.
util::Result<std::string> reference_values_json(const RenderInputs& inputs);

}  // namespace cococtl::render
