// Helpers for simulator tests: shipped scenarios, rendered events as JSON.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "simulator/graph/render.h"
#include "simulator/simulation/simulation.h"
#include "tests/support/json.h"
#include "tests/support/scenarios.h"

namespace tenantsim::testing {

struct RenderedEvent {
  Event event;
  nlohmann::json json;
  std::string label;
};

inline std::vector<RenderedEvent> renderAll(const Simulation& sim, const std::vector<Event>& events,
                                            ApiVersion api = ApiVersion::Beta) {
  std::vector<RenderedEvent> out;
  EventDetails d;
  std::string buf;
  for (const Event& e : events) {
    sim.describe(e, d);
    buf.clear();
    renderGraphItem(d, api, buf);
    out.push_back({e, parseJson(buf), d.label});
  }
  return out;
}

// Every event of the scenario's window, generated and rendered.
inline std::vector<RenderedEvent> renderedWindow(const Scenario& s,
                                                 ApiVersion api = ApiVersion::Beta) {
  Simulation sim(s);
  return renderAll(sim, sim.generateWindow(), api);
}

// The value of a rendered directoryAudit's additionalDetails entry, or "" when it has none.
inline std::string additionalDetail(const nlohmann::json& item, const std::string& key) {
  for (const auto& kv : item["additionalDetails"])
    if (kv["key"] == key) return kv["value"];
  return "";
}

inline std::string renderNdjsonText(const Simulation& sim, const std::vector<Event>& events,
                                    ApiVersion api = ApiVersion::Beta) {
  std::string out;
  EventDetails d;
  for (const Event& e : events) {
    sim.describe(e, d);
    renderGraphItem(d, api, out);
    out += '\n';
  }
  return out;
}

}  // namespace tenantsim::testing
