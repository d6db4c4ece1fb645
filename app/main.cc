// tenantsim: a Microsoft 365 tenant activity simulator and mock Microsoft Graph server.
#include <cstdio>
#include <cstring>
#include <string>

#include "app/commands.h"

namespace {

constexpr const char* kUsage =
    R"(tenantsim: simulate a Microsoft 365 tenant's audit logs and serve them as Microsoft Graph does.

Usage: tenantsim <command> [options]

Commands:
  serve      serve a scenario as a mock Microsoft Graph endpoint
  generate   write a scenario's events as fixture files (ndjson, graph-pages, csv, eventhub, blob, loganalytics)
  validate   check a scenario file, reporting every error with its JSON path and line
  catalog    list the audit activity catalog (filter with --service)
  certs      create the local CA and server certificate used for HTTPS

Run 'tenantsim <command> --help' for a command's options and an example.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  tenantsim::cli::Args args(argv + 2, argv + argc);
  if (command == "generate") return tenantsim::cli::generateCommand(args);
  if (command == "validate") return tenantsim::cli::validateCommand(args);
  if (command == "catalog") return tenantsim::cli::catalogCommand(args);
  if (command == "serve") return tenantsim::cli::serveCommand(args);
  if (command == "certs") return tenantsim::cli::certsCommand(args);
  std::fprintf(stderr, "tenantsim: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
