// Runs identityProtection/riskDetections queries against the risk store: visibility at the
// server clock (a detection is listed from its lastUpdatedDateTime), the filter plan's
// detectedDateTime range, the index planner (RiskIndexVocabulary) and the shared pager
// (record_pager.h). Also finds one detection by id.
#pragma once

#include <optional>
#include <string_view>

#include "mockserver/odata/field_source.h"
#include "mockserver/routes/index_planner.h"
#include "mockserver/routes/record_pager.h"
#include "simulator/simulation/risk_index.h"
#include "simulator/simulation/risky_users.h"

namespace tenantsim::mock {

// A detection seen through the names a $filter uses (RiskLog::describe, once per detection and
// on first need; the times straight from the record).
class RiskFieldSource : public odata::FieldSource {
 public:
  // states: each detection's state at the query's clock (nullptr: as listed, atRisk).
  explicit RiskFieldSource(const RiskLog& log, const DetectionStates* states = nullptr)
      : log_(log), states_(states) {}
  void reset(const RiskDetection& r);  // r must outlive the calls until the next reset

  std::optional<std::string_view> string(odata::Field field) const override;
  int64_t dateTime(odata::Field field) const override;
  size_t count(odata::Collection) const override { return 0; }
  std::optional<std::string_view> elementString(odata::Collection, size_t,
                                                odata::Field) const override {
    return std::nullopt;
  }

 private:
  const RiskDetectionDetails& details() const;
  const RiskLog& log_;
  const DetectionStates* states_;
  const RiskDetection* detection_ = nullptr;
  mutable RiskDetectionDetails details_;
  mutable bool described_ = false;
};

// The risk store's index as the planner reads it.
class RiskIndexVocabulary final : public IndexVocabulary {
 public:
  std::optional<std::vector<PostingList>> listsFor(
      const PostingIndex& index, const odata::EqualityConstraint& eq) const override;
};

struct RiskPageQuery {
  const odata::CompiledFilter* filter = nullptr;  // required
  PageWindow window;  // lo: the window start; hi: the server clock (narrowed by the plan)
  int64_t now = 0;    // detections are listed once visibleAt() <= now
  const DetectionStates* states = nullptr;  // the detections' states at now (filters)
  bool useIndexes = true;                   // tests compare with the scan
};

class RiskQueryEngine {
 public:
  // log and store must outlive the engine.
  RiskQueryEngine(const RiskLog& log, const RiskStore& store) : log_(log), store_(store) {}

  RecordPage<RiskDetection> page(const RiskPageQuery& query) const;

  // The visible detection whose id is `id`.
  std::optional<RiskDetection> findById(std::string_view id, int64_t now) const;

  // A copy of every detection visible at now, in (time, key) order (riskyUsers' input).
  std::vector<RiskDetection> visible(int64_t now) const;
  // The service principals' detections visible at now, in (time, key) order. They are few (one
  // per compromisedServicePrincipal storyline) and generated on request, not stored.
  std::vector<RiskDetection> visibleServicePrincipals(int64_t now) const;
  // Every visible detection's state at now (its user's remediation, risky_users.h).
  DetectionStates statesAt(int64_t now, RiskSubject subject = RiskSubject::User) const;

  const RiskLog& log() const { return log_; }

 private:
  const RiskLog& log_;
  const RiskStore& store_;
};

}  // namespace tenantsim::mock
