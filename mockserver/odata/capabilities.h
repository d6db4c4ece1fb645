// What each audit endpoint lets a query name: filterable property paths with their value types
// and operators, lambda collections, orderable and selectable properties, and the grammar
// switches (and/or/not, property-name case). Page sizes are server configuration, not here.
//
// The tables follow docs/fidelity.md#filter-capabilities: the directoryAudits filter table plus
// the client-used category/result/operationType, and the operators observed on Intune
// auditEvents. Behaviours Graph does not confirm are switched by CapabilityOptions.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "mockserver/odata/field_source.h"
#include "simulator/graph/model.h"

namespace tenantsim::odata {

// How a filter literal must be written for a property.
enum class ValueType : uint8_t {
  String,    // 'quoted'; eq/startswith case sensitivity per FilterOptions
  DateTime,  // unquoted ISO-8601 DateTimeOffset or date-only; compared as 100 ns ticks
  Guid,      // Edm.Guid: unquoted GUID or 'quoted'; always compared case-insensitively
  Integer,   // Edm.Int32: an unquoted integer
};

enum class Operator : uint8_t { Eq, Ne, Gt, Ge, Lt, Le, StartsWith, Contains };

std::string_view operatorName(Operator op);  // "eq", …, "startswith", "contains"

class OperatorSet {
 public:
  constexpr OperatorSet() = default;
  constexpr OperatorSet(std::initializer_list<Operator> ops) {
    for (Operator op : ops) bits_ |= bit(op);
  }
  constexpr bool contains(Operator op) const { return (bits_ & bit(op)) != 0; }
  constexpr void add(Operator op) { bits_ |= bit(op); }

 private:
  static constexpr uint8_t bit(Operator op) { return uint8_t(1u << static_cast<unsigned>(op)); }
  uint8_t bits_ = 0;
};

// One filterable path, e.g. "initiatedBy/user/userPrincipalName" or, inside a lambda, "id"; ""
// inside a lambda over a collection of primitives (the range variable itself: `t eq 'x'`).
struct FilterableProperty {
  std::string_view path;
  Field field;
  ValueType type;
  OperatorSet operators;
  bool ignoreCase = false;  // String compared ignoring ASCII case (signIn userPrincipalName)
};

// A collection usable as `name/any(x: x/<element property> …)`.
struct LambdaCollection {
  std::string_view name;  // "targetResources"
  Collection collection;
  std::string_view elementType;  // "microsoft.graph.targetResource", for error messages
  std::vector<FilterableProperty> elementProperties;
  std::vector<std::string_view> allElementProperties;  // filterable or not, to tell unknown apart
};

struct CapabilityOptions {
  ApiVersion apiVersion = ApiVersion::V1;
  // Graph-unconfirmed leniencies: gt/lt on directoryAudits activityDateTime, quoted datetime
  // literals ('2024-01-01T00:00:00Z'), unquoted GUIDs on string-typed id/correlationId.
  bool lenient = false;
  // `or` on directoryAudits (UNCONFIRMED on Graph; clients such as Wazuh's wodle send it).
  bool allowOr = true;
};

struct EndpointCapabilities {
  Endpoint endpoint;
  std::string_view entityType;  // "microsoft.graph.directoryAudit"
  bool caseInsensitiveNames;    // Intune accepts Actor/UserPrincipalName
  bool lenient;
  bool allowAnd;
  bool allowOr;
  bool allowNot;
  // tolower(property) in comparisons and startswith/contains (auditLogs/provisioning only).
  bool allowToLower = false;
  std::vector<FilterableProperty> properties;
  std::vector<LambdaCollection> collections;
  std::vector<std::string_view> orderable;   // $orderby
  std::vector<std::string_view> selectable;  // $select: every top-level property for the version
  // $skip=N: pass over the first N matches (docs/filters.md#skip); else Graph's "Query option
  // 'Skip' is not allowed" 400.
  bool allowSkip = false;
  // $select and $count: refused with Graph's AllowedQueryOptions text when false.
  bool allowSelect = true;
  bool allowCount = true;
  // $expand: the navigation properties a request may expand (incidents: alerts); empty: $expand
  // is refused with Graph's AllowedQueryOptions text (except the no-op `$expand=*`).
  std::vector<std::string_view> expandable = {};
  // Set on the tables shared() hands out: their address names them for the process's life.
  bool sharedTable = false;

  static EndpointCapabilities forEndpoint(Endpoint endpoint, const CapabilityOptions& options = {});
  // The same table, built once per (endpoint, options) and shared: a list request looked its
  // endpoint's table up, where building it (vectors of properties, collections and names) was
  // 1-2 % of a small page's server time (docs/performance.md#fixed-costs).
  static const EndpointCapabilities& shared(Endpoint endpoint, const CapabilityOptions& options);
  // identityProtection/riskyUsers (an Identity Protection collection without an Endpoint of
  // its own: it shares riskDetections' auth, throttle class and faults).
  static EndpointCapabilities riskyUsers(const CapabilityOptions& options = {});
  // identityProtection/servicePrincipalRiskDetections and riskyServicePrincipals (the same).
  static EndpointCapabilities servicePrincipalRiskDetections(const CapabilityOptions& options = {});
  static EndpointCapabilities riskyServicePrincipals(const CapabilityOptions& options = {});

  // Property-name comparison for this endpoint (exact, or ASCII case-insensitive on Intune).
  bool namesEqual(std::string_view a, std::string_view b) const;
  // Lookups by name as a client wrote it; nullptr / empty when absent.
  const FilterableProperty* findProperty(std::string_view path) const;
  const LambdaCollection* findCollection(std::string_view name) const;
  const FilterableProperty* findElementProperty(const LambdaCollection& collection,
                                                std::string_view path) const;
  // The canonical spelling of a top-level property, or empty if the entity has none such.
  std::string_view canonicalTopLevel(std::string_view name) const;
  bool isOrderable(std::string_view name) const;
  // The canonical spelling of an orderable property, or empty.
  std::string_view canonicalOrderable(std::string_view name) const;
};

}  // namespace tenantsim::odata
