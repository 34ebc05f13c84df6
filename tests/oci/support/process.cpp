#include "process.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cococtl::oci::test {

RunResult run_program(const std::vector<std::string>& argv, const EnvChanges& env, std::chrono::milliseconds limit) {
  return cococtl::test::run_command(argv, limit, env);
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace cococtl::oci::test
