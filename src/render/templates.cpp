#include "templates.hpp"

#include <cctype>
#include <set>

namespace cococtl::render::templates {
namespace {

int wave_of(const std::string& file_name) {
  int wave = 0;
  for (const char c : file_name) {
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    wave = wave * 10 + (c - '0');
  }
  return wave;
}

std::vector<Template> select(const std::string& prefix, bool nested) {
  std::vector<Template> out;
  for (const auto& file : embedded_files()) {
    const std::string path(file.path);
    if (path.rfind(prefix, 0) != 0) continue;
    const std::string rest = path.substr(prefix.size());
    if ((rest.find('/') != std::string::npos) != nested) continue;
    const std::string component = path.substr(0, path.find('/'));
    out.push_back({path, component, wave_of(rest), file.bytes});
  }
  return out;
}

}  // namespace

std::vector<Template> object_templates(const std::string& component) { return select(component + "/", false); }

std::vector<Template> file_templates(const std::string& component) { return select(component + "/files/", false); }

std::vector<Template> partials() { return select(std::string(k_partials) + "/", false); }

std::vector<std::string> components() {
  std::set<std::string> names;
  for (const auto& file : embedded_files()) names.emplace(file.path.substr(0, file.path.find('/')));
  names.erase(k_partials);
  return {names.begin(), names.end()};
}

}  // namespace cococtl::render::templates
