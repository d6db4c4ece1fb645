#include "simulator/simulation/signin_index.h"

#include <algorithm>

#include "simulator/simulation/event_index.h"
#include "simulator/simulation/signin_risk.h"

namespace tenantsim {
namespace {

void post(std::vector<Posting>& out, SignInDimension dimension, uint64_t key, uint32_t position) {
  out.push_back({key, position, static_cast<uint8_t>(dimension)});
}

}  // namespace

uint64_t riskIndexKey(SignInRiskField field, std::string_view value) {
  char buffer[64];
  buffer[0] = static_cast<char>(field);
  buffer[1] = ':';
  const size_t n = std::min(value.size(), sizeof buffer - 2);
  std::copy_n(value.data(), n, buffer + 2);
  return auditIndexKey(std::string_view(buffer, n + 2));
}

void SignInIndexer::collect(const SignIn& s, uint32_t position, std::vector<Posting>& postings,
                            std::vector<IndexAlias>& aliases) {
  SignInDetails& d = details_;
  const bool user = s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive;
  const UserKeys* keys = nullptr;
  if (user) {
    auto [it, added] = users_.try_emplace(s.principal);
    if (added) {
      log_->simulation().tenant().fillUser(s.principal, user_);
      it->second.id = auditIndexKey(view(user_.id));
      it->second.homeIp = user_.ipAddress;
      aliases.push_back({static_cast<uint8_t>(SignInAlias::UserPrincipalName),
                         auditIndexKey(user_.userPrincipalName), it->second.id});
    }
    keys = &it->second;
  }
  log_->describeIndexed(s, keys ? std::string_view(keys->homeIp) : std::string_view(), d);
  post(postings, SignInDimension::Id, auditIndexKey(d.id), position);
  post(postings, SignInDimension::Correlation, auditIndexKey(d.correlationId), position);
  if (keys) post(postings, SignInDimension::User, keys->id, position);
  if (!d.appId.empty()) post(postings, SignInDimension::App, auditIndexKey(d.appId), position);
  if (!d.ipAddress.empty())
    post(postings, SignInDimension::IpAddress, auditIndexKey(d.ipAddress), position);
  if (!s.ok())
    post(postings, SignInDimension::ErrorCode, static_cast<uint64_t>(s.failure), position);
  if (kindIsIndexed(s.kind))
    post(postings, SignInDimension::Kind, static_cast<uint64_t>(s.kind), position);
  if (plannedDetections(seed_, s).count > 0) {
    SignInRiskFields risk;
    describeSignInRisk(seed_, s, hidden_, risk);
    auto postRisk = [&](SignInRiskField field, std::string_view value) {
      post(postings, SignInDimension::Risk, riskIndexKey(field, value), position);
    };
    postRisk(SignInRiskField::LevelDuringSignIn, risk.levelDuringSignIn);
    postRisk(SignInRiskField::LevelAggregated, risk.levelAggregated);
    postRisk(SignInRiskField::State, risk.state);
    for (size_t i = 0; i < risk.eventTypeCount; ++i) {
      postRisk(SignInRiskField::EventType, risk.eventTypes[i]);
      if (risk.legacyEventTypes[i] != risk.eventTypes[i])
        postRisk(SignInRiskField::EventType, risk.legacyEventTypes[i]);
    }
  }
}

std::unique_ptr<SignInStore> makeSignInStore(const SignInLog& log) {
  return std::make_unique<SignInStore>(
      PostingIndex(kSignInDimensions, {static_cast<uint8_t>(SignInDimension::ErrorCode),
                                       static_cast<uint8_t>(SignInDimension::Kind)}),
      [&log] { return SignInIndexer(log); });
}

std::unique_ptr<SignInStore> buildSignInStore(const SignInLog& log, Ticks from, Ticks to,
                                              unsigned threads) {
  std::unique_ptr<SignInStore> store = makeSignInStore(log);
  if (!log.enabled()) return store;
  // A day at a time (docs/performance.md#full-tenant): the whole window's sign-ins never exist
  // beside the store's copy of them.
  store->build(timeSlices(from, to, kTicksPerDay,
                          [&](Ticks a, Ticks b) { return log.generate(a, b, threads); }),
               threads);
  return store;
}

}  // namespace tenantsim
