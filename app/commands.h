// The tenantsim subcommands. Each takes the arguments after its name and returns an exit code.
#pragma once

#include <string>
#include <vector>

namespace tenantsim::cli {

using Args = std::vector<std::string>;
int generateCommand(const Args& args);
int validateCommand(const Args& args);
int catalogCommand(const Args& args);
int serveCommand(const Args& args);
int certsCommand(const Args& args);

}  // namespace tenantsim::cli
