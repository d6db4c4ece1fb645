#include "app/options.h"

#include <iostream>
#include <variant>

namespace tenantsim::cli {

std::optional<po::variables_map> parseOptions(const Args& args, const po::options_description& desc,
                                              const char* usage, const char* example,
                                              int* exitCode) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << desc << "\nExample:\n  " << example << "\n";
      *exitCode = 0;
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "tenantsim: " << e.what() << "\n\n" << usage << "\n\n" << desc;
    *exitCode = 2;
    return std::nullopt;
  }
  return vm;
}

std::optional<Scenario> loadScenarioOrReport(const std::string& path) {
  auto loaded = loadScenarioFile(path);
  if (!loaded) {
    const std::vector<ScenarioError>& errors = loaded.error();
    for (const ScenarioError& e : errors) std::cerr << path << ": " << e.toString() << "\n";
    return std::nullopt;
  }
  return std::move(*loaded);
}

}  // namespace tenantsim::cli
