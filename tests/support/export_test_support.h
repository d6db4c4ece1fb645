// Helpers for export tests: a small scenario with planted storylines, temporary output
// directories, running an export, and reading its files back.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "simulator/export/exporter.h"
#include "simulator/simulation/simulation.h"
#include "tests/support/files.h"
#include "tests/support/json.h"
#include "tests/support/scenarios.h"

namespace tenantsim::testing {

namespace fs = std::filesystem;
using nlohmann::json;

// quickstart.json shrunk to 200 users and 2 days, with its storylines moved into the window, 10
// hours apart (the last 10 hours before its end), and lighter sign-ins.
inline Scenario exportScenario() {
  Scenario s = shippedScenario("quickstart.json");
  s.tenant.users = 200;
  s.windowDays = 2;
  if (s.workloads.pim) s.workloads.pim->eligibleUsers = 20;
  for (size_t i = 0; i < s.storylines.size(); ++i)
    s.storylines[i].at =
        s.windowEnd - static_cast<Ticks>(10 * (s.storylines.size() - i)) * kTicksPerHour;
  lighterSignIns(s);
  return s;
}

// One simulation shared by every test of an executable (building it is the slow part).
inline const Simulation& exportSimulation() {
  static const Simulation* sim = new Simulation(exportScenario());
  return *sim;
}

inline ExportOptions optionsFor(std::string format, const std::string& out, int shard = 0,
                                int shards = 1) {
  ExportOptions o;
  o.format = std::move(format);
  o.out = out;
  o.shard = shard;
  o.shards = shards;
  o.quiet = true;
  o.threads = 2;
  return o;
}

inline void runOrFail(const ExportOptions& o, const Simulation& sim = exportSimulation()) {
  Status exported = runExport(sim, o, nullptr);
  ASSERT_TRUE(exported.ok()) << o.format << " -> " << o.out << ": " << exported.error().message;
}

// Every regular file under dir: relative path -> bytes.
inline std::map<std::string, std::string> readTree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), dir).string()] = readFile(entry.path().string());
  return files;
}

inline std::vector<json> readNdjson(const std::string& path) {
  std::vector<json> rows;
  std::istringstream in(readFile(path));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.push_back(parseJson(line));
  return rows;
}

// The ids of the unsharded NDJSON export (Graph items), sorted.
inline std::vector<std::string> ndjsonIds(const Simulation& sim = exportSimulation(), int shard = 0,
                                          int shards = 1) {
  TempDir dir;
  ExportOptions o = optionsFor("ndjson", dir / "events.ndjson", shard, shards);
  Status exported = runExport(sim, o, nullptr);
  EXPECT_TRUE(exported.ok()) << exported.error().message;
  std::vector<std::string> ids;
  for (const json& item : readNdjson(o.out)) ids.push_back(item["id"]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The id of an Azure Monitor record (Entra: properties.id; Intune: properties.AuditEventId).
inline std::string recordId(const json& record) {
  const json& p = record["properties"];
  return p.contains("AuditEventId") ? p["AuditEventId"] : p["id"];
}

inline bool hasTempFiles(const std::string& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) return true;
  return false;
}

// RFC 4180 parser: rows of fields (quoted fields may hold commas, quotes and line breaks).
inline std::vector<std::vector<std::string>> parseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += text[++i];
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

// One string per exported event, whatever the format: its id, or for csv the whole row. Sorted,
// so that two exports of the same events compare equal.
inline std::vector<std::string> exportedItems(const std::string& format, const std::string& dir) {
  std::vector<std::string> items;
  if (format == "csv") {
    for (const char* name : {"AuditLogs.csv", "IntuneAuditLogs.csv"}) {
      auto rows = parseCsv(readFile(dir + "/" + name));
      for (size_t r = 1; r < rows.size(); ++r) {
        std::string joined;
        for (const auto& f : rows[r]) joined += f + "\x1f";
        items.push_back(joined);
      }
    }
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    std::string path = entry.path().string(), name = entry.path().filename().string();
    if (!entry.is_regular_file() || name == "labels.ndjson" || name == "index.ndjson") continue;
    if (format == "graph-pages") {
      json page = parseJson(readFile(path));
      for (const json& item : page["value"]) items.push_back(item["id"]);
    } else if (format == "eventhub") {
      json message = parseJson(readFile(path));
      for (const json& record : message["records"]) items.push_back(recordId(record));
    } else if (format == "blob") {
      for (const json& record : readNdjson(path)) items.push_back(recordId(record));
    } else if (format == "loganalytics" && name != "schema.json") {
      for (const json& row : readNdjson(path))
        items.push_back(row.contains("Id")
                            ? row["Id"]
                            : parseJson(row["Properties"].get<std::string>())["AuditEventId"]);
    }
  }
  std::sort(items.begin(), items.end());
  return items;
}

}  // namespace tenantsim::testing
