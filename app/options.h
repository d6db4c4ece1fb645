// Small helpers shared by the subcommands: option parsing with clear errors, scenario loading.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "app/commands.h"
#include "simulator/scenario/scenario.h"

namespace tenantsim::cli {

namespace po = boost::program_options;

// Parses args against desc; prints --help (with the example) or the error. Returns nullopt
// when the command should exit with *exitCode.
std::optional<po::variables_map> parseOptions(const Args& args, const po::options_description& desc,
                                              const char* usage, const char* example,
                                              int* exitCode);

// Loads a scenario file, printing each error to stderr. nullopt on failure.
std::optional<Scenario> loadScenarioOrReport(const std::string& path);

}  // namespace tenantsim::cli
