// The $filter's view of a risky user or risky service principal (identityProtection/riskyUsers,
// riskyServicePrincipals): the risk fields and riskLastUpdatedDateTime come from the entity's
// latest history entry, the same for both; the names are each entity's own (name()).
#pragma once

#include <optional>
#include <string_view>

#include "mockserver/odata/field_source.h"
#include "simulator/simulation/risky_users.h"

namespace tenantsim::mock {

class RiskyEntityFieldSource : public odata::FieldSource {
 public:
  explicit RiskyEntityFieldSource(const RiskyUser& entity) : entity_(entity) {}

  std::optional<std::string_view> string(odata::Field field) const final {
    const RiskyUserEvent& e = entity_.history.back();
    switch (field) {
      case odata::Field::RiskLevel:
        return e.riskLevel;
      case odata::Field::RiskState:
        return e.riskState;
      case odata::Field::RiskDetail:
        return e.riskDetail;
      default:
        return name(field);
    }
  }
  int64_t dateTime(odata::Field) const final { return entity_.lastUpdated(); }
  size_t count(odata::Collection) const final { return 0; }
  std::optional<std::string_view> elementString(odata::Collection, size_t,
                                                odata::Field) const final {
    return std::nullopt;
  }

 protected:
  // The entity's own string properties (id, names); nullopt for any other field.
  virtual std::optional<std::string_view> name(odata::Field field) const = 0;

 private:
  const RiskyUser& entity_;
};

}  // namespace tenantsim::mock
