// Every template substitution is a whole YAML value, so the quoting escaper keeps values from
// changing document structure; and every template renders to valid objects (checked in
// render_test for all topologies).
#include "templates.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

using namespace cococtl::render;

namespace {
// Regexes for one delimiter pair: a variable tag, and a line whose only substitution is a whole value.
struct Lint {
  std::regex variable;
  std::regex whole_value;
};

Lint lint_for(std::string_view text) {
  if (text.rfind("{{=<% %>=}}", 0) == 0) {
    return {std::regex(R"(<%([^#^/!{&=>][^%]*)%>)"),
            std::regex(R"(^\s*(- )?([A-Za-z0-9_.\/-]+: |<%[a-z]+%>: )?<%[^%]+%>$)")};
  }
  return {std::regex(R"(\{\{([^#^/!{&=>][^}]*)\}\})"),
          std::regex(R"(^\s*(- )?([A-Za-z0-9_.\/-]+: |\{\{[a-z]+\}\}: )?\{\{[^}]+\}\}$)")};
}
}  // namespace

TEST_CASE("every {{value}} in a YAML template is a complete scalar") {
  auto all = templates::partials();
  for (const auto& component : templates::components()) {
    for (const auto& tmpl : templates::object_templates(component)) all.push_back(tmpl);
  }
  {
    for (const auto& tmpl : all) {
      const Lint lint = lint_for(tmpl.text);
      std::istringstream lines{std::string(tmpl.text)};
      std::string line;
      int number = 0;
      while (std::getline(lines, line)) {
        ++number;
        if (number == 1 && line.rfind("{{=", 0) == 0) continue;
        if (!std::regex_search(line, lint.variable) || line.find("{{!") != std::string::npos) continue;
        INFO(tmpl.path << ":" << number << ": " << line);
        CHECK(std::regex_match(line, lint.whole_value));
      }
    }
  }
}

TEST_CASE("no template uses unescaped substitution") {
  for (const auto& component : templates::components()) {
    for (const auto& list : {templates::object_templates(component), templates::file_templates(component)}) {
      for (const auto& tmpl : list) {
        INFO(tmpl.path);
        CHECK(std::string(tmpl.text).find("{{{") == std::string::npos);
        CHECK(std::string(tmpl.text).find("{{&") == std::string::npos);
      }
    }
  }
}
