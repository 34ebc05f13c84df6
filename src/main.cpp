#include <cococtl/cli/run.hpp>

int main(int argc, char** argv) { return cococtl::cli::run(argc, argv); }
