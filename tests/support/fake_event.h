// A tiny in-memory FieldSource for the OData tests: one audit event as a map of fields.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/time.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/field_source.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/filter_lexer.h"

namespace tenantsim::odata::testing {

class FakeEvent : public FieldSource {
 public:
  using Element = std::map<Field, std::string>;

  FakeEvent& with(Field field, std::string value) {
    strings_[field] = std::move(value);
    return *this;
  }
  FakeEvent& at(std::string_view isoTime) {
    time_ = *parseIsoTime(isoTime, IsoTimeSyntax::ODataLiteral);
    return *this;
  }
  FakeEvent& withElement(Collection collection, Element element) {
    elements_[collection].push_back(std::move(element));
    return *this;
  }

  std::optional<std::string_view> string(Field field) const override {
    const auto found = strings_.find(field);
    if (found == strings_.end()) return std::nullopt;
    return std::string_view(found->second);
  }
  int64_t dateTime(Field) const override { return time_; }
  size_t count(Collection collection) const override {
    const auto found = elements_.find(collection);
    return found == elements_.end() ? 0 : found->second.size();
  }
  std::optional<std::string_view> elementString(Collection collection, size_t index,
                                                Field field) const override {
    const Element& element = elements_.at(collection).at(index);
    const auto found = element.find(field);
    if (found == element.end()) return std::nullopt;
    return std::string_view(found->second);
  }

 private:
  std::map<Field, std::string> strings_;
  int64_t time_ = 0;
  std::map<Collection, std::vector<Element>> elements_;
};

inline EndpointCapabilities entra(CapabilityOptions options = {}) {
  return EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits, options);
}
inline EndpointCapabilities intune(CapabilityOptions options = {}) {
  return EndpointCapabilities::forEndpoint(Endpoint::AuditEvents, options);
}

// Compiles a filter the test expects to be valid.
inline CompiledFilter compiled(std::string_view text, const EndpointCapabilities& caps,
                               const FilterOptions& options = {}) {
  Result<CompiledFilter> result = CompiledFilter::compile(text, caps, options);
  EXPECT_TRUE(result.ok()) << text << " -> " << result.error().message << " / "
                           << result.error().detail;
  return result.ok() ? result.value() : CompiledFilter();
}

// Compiles a filter the test expects to be rejected.
inline Error rejected(std::string_view text, const EndpointCapabilities& caps,
                      const FilterOptions& options = {}) {
  Result<CompiledFilter> result = CompiledFilter::compile(text, caps, options);
  EXPECT_FALSE(result.ok()) << text << " was accepted";
  return result.ok() ? Error{} : result.error();
}

inline bool matches(std::string_view text, const EndpointCapabilities& caps,
                    const FieldSource& event, const FilterOptions& options = {}) {
  return compiled(text, caps, options).matches(event);
}

}  // namespace tenantsim::odata::testing
