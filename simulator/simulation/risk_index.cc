#include "simulator/simulation/risk_index.h"

#include "simulator/simulation/event_index.h"

namespace tenantsim {

void RiskIndexer::collect(const RiskDetection& r, uint32_t position, std::vector<Posting>& postings,
                          std::vector<IndexAlias>&) {
  RiskDetectionDetails& d = details_;
  log_->describe(r, d);
  auto post = [&](RiskDimension dimension, std::string_view value) {
    if (!value.empty())
      postings.push_back({auditIndexKey(value), position, static_cast<uint8_t>(dimension)});
  };
  post(RiskDimension::Id, d.id);
  post(RiskDimension::User, d.signIn.userId);
  post(RiskDimension::UserPrincipalName, d.signIn.userPrincipalName);
  post(RiskDimension::Request, d.signIn.id);
  post(RiskDimension::Correlation, d.signIn.correlationId);
  post(RiskDimension::IpAddress, d.signIn.ipAddress);
  post(RiskDimension::EventType, d.riskEventType);
  post(RiskDimension::Level, d.riskLevel);
  post(RiskDimension::Timing, d.timing);
}

std::unique_ptr<RiskStore> makeRiskStore(const RiskLog& log) {
  return std::make_unique<RiskStore>(PostingIndex(kRiskDimensions),
                                     [&log] { return RiskIndexer(log); });
}

std::unique_ptr<RiskStore> buildRiskStore(const RiskLog& log, Ticks from, Ticks to) {
  return buildRiskStore(log, log.generate(from, to));
}

std::unique_ptr<RiskStore> buildRiskStore(const RiskLog& log,
                                          const std::vector<RiskDetection>& detections) {
  std::unique_ptr<RiskStore> store = makeRiskStore(log);
  store->expect(detections.size());
  store->append(detections);
  return store;
}

}  // namespace tenantsim
