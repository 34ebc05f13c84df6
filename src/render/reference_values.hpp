#pragma once
// Private to render: the initdata flavours every attestation value derives from, and the RVPS
// reference values computed from them.

#include <cococtl/render/initdata.hpp>

#include "context.hpp"

namespace cococtl::render::detail {

// The default (pattern policy) and debug initdata documents.
struct Flavours {
  Initdata normal;
  Initdata debug;
};

// Both flavours, or placeholders naming the missing KBS CA certificate (logged). Fails
// (invalid_input) on an unknown global.coco.initdataAlgorithm.
util::Result<Flavours> build_flavours(const RenderInputs& inputs, PlaceholderLog& log);

// render::reference_values_json with the flavours already built; `initdata` is null when the
// KBS CA certificate is missing (no init_data or pcr08 entries then).
util::Result<std::string> reference_values(const RenderInputs& inputs, const Flavours* initdata, PlaceholderLog& log);

}  // namespace cococtl::render::detail
