#include <fstream>
#include <iostream>
#include <sstream>

#include "app/options.h"
#include "simulator/simulation/catalog.h"

namespace tenantsim::cli {

int validateCommand(const Args& args) {
  po::options_description desc("Options");
  std::vector<std::string> files;
  desc.add_options()("help,h", "show this help")("file", po::value(&files), "scenario files");
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "tenantsim: " << e.what() << "\n";
    return 2;
  }
  if (vm.count("help") || files.empty()) {
    std::cout << "Usage: tenantsim validate FILE...\n\n"
              << desc << "\nExample:\n  tenantsim validate scenarios/quickstart.json\n";
    return files.empty() && !vm.count("help") ? 2 : 0;
  }
  int failures = 0;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << file << ": cannot read the file\n";
      ++failures;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto errors = validateScenarioText(text.str());
    for (const ScenarioError& e : errors) std::cerr << file << ": " << e.toString() << "\n";
    if (errors.empty())
      std::cout << file << ": ok\n";
    else
      ++failures;
  }
  return failures ? 1 : 0;
}

int catalogCommand(const Args& args) {
  po::options_description desc("Options");
  std::string service, source;
  desc.add_options()("help,h", "show this help")(
      "service", po::value(&service),
      "only this loggedByService (e.g. PIM, \"Core Directory\", Intune)")(
      "source", po::value(&source), "entra | intune");
  int code = 0;
  auto vm =
      parseOptions(args, desc, "Usage: tenantsim catalog [--service NAME] [--source entra|intune]",
                   "tenantsim catalog --service PIM", &code);
  if (!vm) return code;
  std::cout << "source\tservice\tcategory\tactivity\toperationType\n";
  size_t shown = 0;
  for (const Activity& a : Catalog::instance().all()) {
    bool intune = a.source == Source::Intune;
    if (!service.empty() && a.service != service) continue;
    if (!source.empty() && source != (intune ? "intune" : "entra")) continue;
    std::cout << (intune ? "intune" : "entra") << '\t' << a.service << '\t' << a.category << '\t'
              << a.name << '\t' << a.operationType << '\n';
    ++shown;
  }
  if (shown == 0) {
    std::cerr << "tenantsim: no catalog activity matches\n";
    return 1;
  }
  return 0;
}

}  // namespace tenantsim::cli
