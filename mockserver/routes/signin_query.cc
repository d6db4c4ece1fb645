#include "mockserver/routes/signin_query.h"

#include <algorithm>
#include <cctype>

#include "simulator/simulation/event_index.h"

namespace tenantsim::mock {
namespace {

using odata::Collection;
using odata::Field;

bool isUser(const SignIn& s) {
  return s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive;
}

std::optional<std::string_view> nullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::string_view(s);
}

uint8_t dim(SignInDimension d) { return static_cast<uint8_t>(d); }

constexpr SignInFailure kFailures[] = {
    SignInFailure::WrongPassword,       SignInFailure::MfaRequired,
    SignInFailure::MfaRequiredByPolicy, SignInFailure::KeepMeSignedIn,
    SignInFailure::MfaDenied,           SignInFailure::Locked,
    SignInFailure::BlockedByCa,         SignInFailure::DeviceNotCompliant,
    SignInFailure::ExpiredSecret};

constexpr SignInKind kKinds[] = {SignInKind::Interactive, SignInKind::NonInteractive,
                                 SignInKind::ServicePrincipal, SignInKind::ManagedIdentity};

}  // namespace

void SignInFieldSource::reset(const SignIn& s) {
  signIn_ = &s;
  described_ = false;
}

const SignInDetails& SignInFieldSource::details() const {
  if (!described_) {
    log_.describe(*signIn_, details_);
    described_ = true;
  }
  return details_;
}

std::optional<std::string_view> SignInFieldSource::string(Field field) const {
  const SignIn& s = *signIn_;
  const bool user = isUser(s);
  const SignInDetails& d = details();
  // As signin_render.cc writes them.
  switch (field) {
    case Field::Id:
    case Field::OriginalRequestId:
      return d.id;
    case Field::CorrelationId:
      return d.correlationId;
    case Field::SignInAppId:
      return d.appId;
    case Field::SignInAppDisplayName:
      return d.appDisplayName;
    case Field::ClientAppUsed:
      return nullIfEmpty(d.clientAppUsed);
    case Field::ConditionalAccessStatus:
      return caStatusName(d.caStatus);
    case Field::IpAddress:
      return d.ipAddress;
    case Field::UserId:
      return d.userId;
    case Field::UserDisplayName:
      if (!user) return std::nullopt;
      return d.userDisplayName;
    case Field::UserPrincipalName:
      if (!user) return std::nullopt;
      return d.userPrincipalName;
    case Field::SignInResourceId:
      return d.resourceId;
    case Field::SignInResourceDisplayName:
      return d.resourceDisplayName;
    case Field::RiskDetail:
      return d.risk.detail;
    case Field::RiskLevelAggregated:
      return d.risk.levelAggregated;
    case Field::RiskLevelDuringSignIn:
      return d.risk.levelDuringSignIn;
    case Field::RiskState:
      return d.risk.state;
    case Field::DeviceBrowser:
      return d.browser;
    case Field::DeviceOperatingSystem:
      return d.operatingSystem;
    case Field::LocationCity:
      return d.city;
    case Field::LocationState:
      return d.state;
    case Field::LocationCountryOrRegion:
      return d.countryOrRegion;
    case Field::ServicePrincipalId:
      return d.servicePrincipalId;
    case Field::UserAgent:
      return nullIfEmpty(d.userAgent);
    case Field::AuthenticationRequirement:
      return d.mfa ? "multiFactorAuthentication" : "singleFactorAuthentication";
    case Field::TokenIssuerName:
      return "";
    default:
      return std::nullopt;
  }
}

int64_t SignInFieldSource::dateTime(Field) const { return signIn_->time; }

int64_t SignInFieldSource::integer(Field field) const {
  return field == Field::StatusErrorCode ? signInErrorCode(signIn_->failure) : 0;
}

size_t SignInFieldSource::count(Collection collection) const {
  switch (collection) {
    case Collection::SignInEventTypes:
      return 1;
    case Collection::RiskEventTypes:
    case Collection::RiskEventTypesV2:
      return details().risk.eventTypeCount;
    default:
      return 0;  // the audience list is empty
  }
}

std::optional<std::string_view> SignInFieldSource::elementString(Collection collection, size_t i,
                                                                 Field) const {
  switch (collection) {
    case Collection::SignInEventTypes:
      return signInEventTypeName(signIn_->kind);
    case Collection::RiskEventTypes:
      return details().risk.legacyEventTypes[i];
    case Collection::RiskEventTypesV2:
      return details().risk.eventTypes[i];
    default:
      return std::nullopt;
  }
}

SignInPopulation populationFor(ApiVersion api, const odata::CompiledFilter& filter) {
  return api == ApiVersion::Beta && filter.usesCollection(Collection::SignInEventTypes)
             ? SignInPopulation::AllKinds
             : SignInPopulation::InteractiveOnly;
}

std::optional<std::vector<PostingList>> SignInIndexVocabulary::listsFor(
    const PostingIndex& index, const odata::EqualityConstraint& eq) const {
  std::vector<PostingList> lists;
  auto one = [&](SignInDimension d) {
    lists.push_back(index.find(dim(d), auditIndexKey(eq.value)));
    return lists;
  };
  switch (eq.field) {
    case Field::Id:
    case Field::OriginalRequestId:
      return one(SignInDimension::Id);
    case Field::CorrelationId:
      return one(SignInDimension::Correlation);
    case Field::UserId:
      return one(SignInDimension::User);
    case Field::SignInAppId:
      return one(SignInDimension::App);
    case Field::IpAddress:
      return one(SignInDimension::IpAddress);
    case Field::UserPrincipalName:
      for (uint64_t user : index.aliasTargets(static_cast<uint8_t>(SignInAlias::UserPrincipalName),
                                              auditIndexKey(eq.value)))
        lists.push_back(index.find(dim(SignInDimension::User), user));
      return lists;
    case Field::StatusErrorCode:
      if (eq.value == "0") return std::nullopt;  // successes are not indexed
      for (SignInFailure f : kFailures)
        if (std::to_string(signInErrorCode(f)) == eq.value)
          lists.push_back(index.find(dim(SignInDimension::ErrorCode), static_cast<uint64_t>(f)));
      return lists;  // empty: no sign-in has that code
    case Field::RiskLevelDuringSignIn:
    case Field::RiskLevelAggregated:
    case Field::RiskState:
    case Field::RiskEventType: {  // riskEventTypes(_v2)/any(t: t eq '…')
      // Only risky sign-ins are posted: a default value (none, hidden) is left to the scan.
      std::string value = eq.value;
      for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (value == "none" || value == "hidden") return std::nullopt;
      const SignInRiskField field =
          eq.field == Field::RiskLevelDuringSignIn ? SignInRiskField::LevelDuringSignIn
          : eq.field == Field::RiskLevelAggregated ? SignInRiskField::LevelAggregated
          : eq.field == Field::RiskState           ? SignInRiskField::State
                                                   : SignInRiskField::EventType;
      lists.push_back(index.find(dim(SignInDimension::Risk), riskIndexKey(field, eq.value)));
      if (value == "low" && eq.field != Field::RiskState && eq.field != Field::RiskEventType) {
        // Every workload identity's levels read low, risky or not.
        for (SignInKind k : {SignInKind::ServicePrincipal, SignInKind::ManagedIdentity})
          lists.push_back(index.find(dim(SignInDimension::Kind), static_cast<uint64_t>(k)));
      }
      return lists;
    }
    case Field::SignInEventType:
      for (SignInKind k : kKinds) {
        if (eq.value != signInEventTypeName(k)) continue;
        if (!kindIsIndexed(k)) return std::nullopt;
        lists.push_back(index.find(dim(SignInDimension::Kind), static_cast<uint64_t>(k)));
      }
      return lists;  // empty: no such event type
    default:
      return std::nullopt;
  }
}

std::optional<std::vector<PostingList>> SignInIndexVocabulary::conjunctionLists(
    const PostingIndex& index, const std::vector<odata::EqualityConstraint>&) const {
  if (population_ != SignInPopulation::InteractiveOnly) return std::nullopt;
  return std::vector<PostingList>{
      index.find(dim(SignInDimension::Kind), static_cast<uint64_t>(SignInKind::Interactive))};
}

RecordPage<SignIn> SignInQueryEngine::page(const SignInPageQuery& query) const {
  RecordPage<SignIn> result;
  const odata::FilterPlan& plan = query.filter->plan();
  PageWindow window = query.window;
  if (plan.timeLo) window.lo = std::max<int64_t>(window.lo, *plan.timeLo);
  if (plan.timeHi) window.hi = std::min<int64_t>(window.hi, *plan.timeHi);
  if (window.lo > window.hi || plan.provablyEmpty()) return result;
  SignInFieldSource fields(log_);
  auto matches = [&](const SignIn& s) {
    if (s.visibleAt() > query.now) return false;
    if (query.population == SignInPopulation::InteractiveOnly && s.kind != SignInKind::Interactive)
      return false;
    if (query.filter->matchesEverything()) return true;
    fields.reset(s);
    return query.filter->matches(fields);
  };
  const SignInIndexVocabulary vocabulary(query.population);
  store_.read([&](std::span<const SignIn> signIns, const PostingIndex* index) {
    auto candidates = [&](uint32_t from, uint32_t to) -> std::optional<IndexCandidates> {
      if (!query.useIndexes) return std::nullopt;
      return indexCandidates(*index, plan, vocabulary, from, to);
    };
    pageRecords(signIns, window, matches, candidates, result);
  });
  return result;
}

std::optional<SignIn> SignInQueryEngine::findById(std::string_view id, int64_t now,
                                                  int64_t floor) const {
  return store_.read(
      [&](std::span<const SignIn> signIns, const PostingIndex* index) -> std::optional<SignIn> {
        std::vector<uint32_t> candidates;
        index->find(dim(SignInDimension::Id), auditIndexKey(id))
            .collect(0, static_cast<uint32_t>(signIns.size()), candidates);
        SignInDetails d;
        for (uint32_t position : candidates) {
          const SignIn& s = signIns[position];
          if (s.visibleAt() > now || s.time < floor) continue;
          log_.describe(s, d);
          if (d.id == id) return s;
        }
        return std::nullopt;
      });
}

}  // namespace tenantsim::mock
