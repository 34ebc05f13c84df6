#pragma once
// The embedded templates/ tree (private to the render module).

#include <cococtl/util/embedded.hpp>

#include <span>
#include <string>
#include <vector>

namespace cococtl::render::templates {

std::span<const util::EmbeddedFile> embedded_files();

struct Template {
  std::string path;       // "trustee/30-kbsconfig.yaml"
  std::string component;  // "trustee"
  int wave = 0;           // from the "NN-" file-name prefix
  std::string_view text;
};

// The object templates (*.yaml directly in a component folder) of `component`, in path order.
std::vector<Template> object_templates(const std::string& component);

// The content templates of `component` (files under <component>/files/), in path order.
std::vector<Template> file_templates(const std::string& component);

// The folder of shared snippets, used as {{> name}} from any template.
inline constexpr const char* k_partials = "partials";

// The partials (partials/<name>.yaml), in path order.
std::vector<Template> partials();

// Every component folder name, sorted (without the partials folder).
std::vector<std::string> components();

}  // namespace cococtl::render::templates
