#include <iostream>

#include "simulator/cli/commands.h"

namespace tenantsim::cli {
// Replaced by the server's command when it lands.
int serveCommand(const Args&) {
  std::cerr << "tenantsim: serve is not built yet\n";
  return 1;
}
int certsCommand(const Args&) {
  std::cerr << "tenantsim: certs is not built yet\n";
  return 1;
}
}  // namespace tenantsim::cli
