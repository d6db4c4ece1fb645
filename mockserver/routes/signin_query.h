// Runs auditLogs/signIns queries against the sign-in store: the listed population (v1.0 and an
// unfiltered beta list interactive user sign-ins only; a beta filter naming signInEventTypes lists
// every kind it matches), visibility at the server clock, retention, the filter plan's time range,
// the index planner (SignInIndexVocabulary) and the shared pager (record_pager.h). Also finds one
// sign-in by id.
#pragma once

#include <optional>
#include <string_view>

#include "mockserver/odata/field_source.h"
#include "mockserver/routes/index_planner.h"
#include "mockserver/routes/record_pager.h"
#include "simulator/graph/model.h"
#include "simulator/simulation/signin_index.h"

namespace tenantsim::mock {

// A sign-in seen through the names a $filter uses: record-level properties (time, kind, error
// code) directly, the rest from SignInLog::describe, once per sign-in and on first need.
class SignInFieldSource : public odata::FieldSource {
 public:
  explicit SignInFieldSource(const SignInLog& log) : log_(log) {}
  void reset(const SignIn& s);  // s must outlive the calls until the next reset

  std::optional<std::string_view> string(odata::Field field) const override;
  int64_t dateTime(odata::Field field) const override;
  int64_t integer(odata::Field field) const override;
  size_t count(odata::Collection collection) const override;
  std::optional<std::string_view> elementString(odata::Collection collection, size_t index,
                                                odata::Field field) const override;

 private:
  const SignInDetails& details() const;
  const SignInLog& log_;
  const SignIn* signIn_ = nullptr;
  mutable SignInDetails details_;
  mutable bool described_ = false;
};

// Which sign-ins a list shows before its filter.
enum class SignInPopulation : uint8_t { InteractiveOnly, AllKinds };
SignInPopulation populationFor(ApiVersion api, const odata::CompiledFilter& filter);

// The sign-in store's index as the planner reads it.
class SignInIndexVocabulary final : public IndexVocabulary {
 public:
  explicit SignInIndexVocabulary(SignInPopulation population) : population_(population) {}
  std::optional<std::vector<PostingList>> listsFor(
      const PostingIndex& index, const odata::EqualityConstraint& eq) const override;
  std::optional<std::vector<PostingList>> conjunctionLists(
      const PostingIndex& index,
      const std::vector<odata::EqualityConstraint>& equalities) const override;

 private:
  SignInPopulation population_;
};

struct SignInPageQuery {
  const odata::CompiledFilter* filter = nullptr;  // required
  SignInPopulation population = SignInPopulation::InteractiveOnly;
  PageWindow window;       // lo: the retention floor; hi: the server clock (narrowed by the plan)
  int64_t now = 0;         // sign-ins are listed once visibleAt() <= now
  bool useIndexes = true;  // tests compare with the scan
};

class SignInQueryEngine {
 public:
  // log and store must outlive the engine.
  SignInQueryEngine(const SignInLog& log, const SignInStore& store) : log_(log), store_(store) {}

  RecordPage<SignIn> page(const SignInPageQuery& query) const;

  // The visible, retained sign-in whose id is `id` (any population: an id names one sign-in).
  std::optional<SignIn> findById(std::string_view id, int64_t now, int64_t retentionFloor) const;

  const SignInLog& log() const { return log_; }

 private:
  const SignInLog& log_;
  const SignInStore& store_;
};

}  // namespace tenantsim::mock
