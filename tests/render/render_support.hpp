#pragma once
// Helpers for render tests: load values for a topology with --set flags and render.

#include <cococtl/render/render.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace cococtl::test {

inline values::Values values_for(const std::string& topology, const std::vector<std::string>& sets = {}) {
  values::LoadOptions options;
  options.topology = topology;
  options.sets = sets;
  auto v = values::load(options);
  REQUIRE(v.ok());
  return std::move(v).value();
}

inline render::RenderResult render_ok(const values::Values& v, render::Material material = {},
                                      std::optional<std::string> measurements = std::nullopt) {
  render::RenderInputs in;
  in.values = &v;
  in.material = std::move(material);
  in.measurements_json = std::move(measurements);
  auto result = render::render(in);
  INFO((result.ok() ? "" : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}

inline std::vector<std::string> displays(const render::RenderResult& r) {
  std::vector<std::string> out;
  for (const auto& o : r.objects) out.push_back(o.display());
  return out;
}

inline const manifest::Object* find(const render::RenderResult& r, const std::string& display) {
  for (const auto& o : r.objects) {
    if (o.display() == display) return &o;
  }
  return nullptr;
}

inline bool has(const render::RenderResult& r, const std::string& display) { return find(r, display) != nullptr; }

}  // namespace cococtl::test
