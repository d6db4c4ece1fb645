// Renders described events as Graph JSON: directoryAudit and Intune auditEvent, v1.0 and beta,
// written straight into a caller's buffer (no intermediate DOM; no allocation once the buffer
// has grown).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/json_writer.h"
#include "base/time.h"
#include "simulator/graph/evolvable_enum.h"
#include "simulator/graph/model.h"
#include "simulator/simulation/event.h"
#include "simulator/simulation/simulation.h"

namespace tenantsim {

// Top-level properties for $select, one bit each (kAllProperties: no projection).
using PropertyMask = uint64_t;
constexpr PropertyMask kAllProperties = ~PropertyMask{0};
// Bit for a top-level property name of the event's entity type (0 when unknown).
PropertyMask directoryAuditProperty(std::string_view name);
PropertyMask auditEventProperty(std::string_view name);

// Appends one Graph item (a JSON object) for d: a directoryAudit for Entra activities, an
// auditEvent for Intune ones. `enums` says how members after an evolvable enum's
// unknownFutureValue are written (evolvable_enum.h).
void renderGraphItem(const EventDetails& d, ApiVersion api, std::string& out,
                     PropertyMask select = kAllProperties,
                     UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel);

// A Graph collection page: {"@odata.context":...[,"@odata.nextLink":...],"value":[items]}.
// The server and the graph-pages export both write pages with these two calls, so their bytes
// are the same. The caller appends the items between them, separated by commas.
void beginPage(std::string& out, std::string_view context, std::string_view nextLink);
inline void endPage(std::string& out) { out += "]}"; }

// Before writing item `written` of a page of `written + remaining` items that began at `start`
// in out: whenever less than a large item's room is left, reserves room for the rest at the
// average item size so far, so a large page is grown (and copied) once or twice, not doubled
// from small.
void reservePageRoom(std::string& out, size_t start, size_t written, size_t remaining);

// A page's items, separated by commas: renderItem(record, out) appends one. Every list route
// writes its items through this, so they share the page buffer's sizing.
template <typename Record, typename RenderItem>
void appendItems(std::span<const Record> records, std::string& out, RenderItem&& renderItem) {
  const size_t start = out.size();
  for (size_t i = 0; i < records.size(); ++i) {
    reservePageRoom(out, start, i, records.size() - i);
    if (i) out += ',';
    renderItem(records[i], out);
  }
}

// One event described (into a buffer the thread keeps, so nothing is allocated once it has grown)
// and rendered as renderGraphItem writes it.
void renderGraphEvent(const Simulation& simulation, const Event& event, ApiVersion api,
                      std::string& out, PropertyMask select = kAllProperties,
                      UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel);

// A page's items: each event described and rendered, separated by commas (what goes between
// beginPage and endPage). Reserves room for them first, so a large page is not grown (and
// copied) as it is written.
void appendGraphItems(const Simulation& simulation, std::span<const Event> events, ApiVersion api,
                      std::string& out, PropertyMask select = kAllProperties,
                      UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel);

// Fragments shared with the Azure Monitor records (simulator/export/azure_records.cc), which
// nest the same objects in another envelope. Each appends the members of one JSON object, the
// first without a leading comma, and not the braces.
void appendInitiatingAppFields(const EventDetails& d, std::string& out);   // appId .. spName
void appendInitiatingUserFields(const EventDetails& d, std::string& out);  // id .. ipAddress
// targetResource's id, displayName, type, userPrincipalName and groupType (written as given).
void appendTargetResourceFields(const TargetResource& t, std::string_view groupType,
                                std::string& out);
// "modifiedProperties":[{displayName, oldValue, newValue}, ...]
void appendModifiedProperties(const TargetResource& t, std::string& out);

}  // namespace tenantsim
