// Runs auditLogs/provisioning queries against the provisioning store: visibility at the server
// clock, retention, the filter plan's time range, the index planner
// (ProvisioningIndexVocabulary) and the shared pager (record_pager.h). Also finds one entry by id.
#pragma once

#include <optional>
#include <string_view>

#include "mockserver/odata/field_source.h"
#include "mockserver/routes/index_planner.h"
#include "mockserver/routes/record_pager.h"
#include "simulator/simulation/provisioning_index.h"

namespace tenantsim::mock {

// An entry seen through the names a $filter uses, described once per entry on first need.
class ProvisioningFieldSource : public odata::FieldSource {
 public:
  explicit ProvisioningFieldSource(const ProvisioningLog& log) : log_(log) {}
  void reset(const ProvisioningEvent& e);  // e must outlive the calls until the next reset

  std::optional<std::string_view> string(odata::Field field) const override;
  int64_t dateTime(odata::Field field) const override;
  size_t count(odata::Collection) const override { return 0; }
  std::optional<std::string_view> elementString(odata::Collection, size_t,
                                                odata::Field) const override {
    return std::nullopt;
  }

 private:
  const ProvisioningDetails& details() const;
  const ProvisioningLog& log_;
  const ProvisioningEvent* event_ = nullptr;
  mutable ProvisioningDetails details_;
  mutable bool described_ = false;
};

// The provisioning store's index as the planner reads it.
class ProvisioningIndexVocabulary final : public IndexVocabulary {
 public:
  explicit ProvisioningIndexVocabulary(const ProvisioningLog& log) : log_(log) {}
  std::optional<std::vector<PostingList>> listsFor(
      const PostingIndex& index, const odata::EqualityConstraint& eq) const override;

 private:
  const ProvisioningLog& log_;
};

struct ProvisioningPageQuery {
  const odata::CompiledFilter* filter = nullptr;  // required
  PageWindow window;       // lo: the retention floor; hi: the server clock (narrowed by the plan)
  int64_t now = 0;         // entries are listed once visibleAt() <= now
  bool useIndexes = true;  // tests compare with the scan
};

class ProvisioningQueryEngine {
 public:
  // log and store must outlive the engine.
  ProvisioningQueryEngine(const ProvisioningLog& log, const ProvisioningStore& store)
      : log_(log), store_(store) {}

  RecordPage<ProvisioningEvent> page(const ProvisioningPageQuery& query) const;
  // The visible, retained entry whose id is `id`.
  std::optional<ProvisioningEvent> findById(std::string_view id, int64_t now,
                                            int64_t retentionFloor) const;
  const ProvisioningLog& log() const { return log_; }
  size_t size() const { return store_.size(); }

 private:
  const ProvisioningLog& log_;
  const ProvisioningStore& store_;
};

}  // namespace tenantsim::mock
