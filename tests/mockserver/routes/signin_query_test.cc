// The sign-in engine below HTTP: the planner against the scan over random filters of every
// indexed property (pages, next positions identical with the indexes and without), the store's
// bytes per sign-in, and live appends (a store grown in steps pages as one built at once).
#include "mockserver/routes/signin_query.h"

#include <gtest/gtest.h>

#include <random>

#include "base/strings.h"
#include "mockserver/odata/capabilities.h"
#include "tests/support/scenarios.h"

namespace tenantsim::mock {
namespace {

using odata::SortDirection;

// The shipped sign-in rates: the index choices and the bytes per sign-in depend on the mix.
Scenario shippedRates() {
  Scenario s = testing::smallScenario(200, 3);
  s.workloads.signIns = testing::shippedScenario("quickstart.json").workloads.signIns;
  // Risky sign-ins of every kind of detection besides the organic ones.
  s.storylines.push_back({"passwordSpray", s.windowStart() + 20 * kTicksPerHour, "spray"});
  s.storylines.push_back({"impossibleTravel", s.windowStart() + 40 * kTicksPerHour, "travel"});
  return s;
}

struct Fixture {
  Simulation simulation{shippedRates()};
  SignInLog log{simulation};
  std::vector<SignIn> all = log.generateWindow(2);
  std::unique_ptr<SignInStore> store = [this] {
    auto s = makeSignInStore(log);
    s->append(all, 2);
    return s;
  }();
  SignInQueryEngine engine{log, *store};
};

Fixture& fixture() {
  static Fixture* f = new Fixture();
  return *f;
}

std::string quote(std::string s) { return "'" + s + "'"; }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Every page of a walk: ids and next positions.
std::vector<std::string> walk(const SignInQueryEngine& engine, SignInPageQuery q) {
  std::vector<std::string> out;
  SignInDetails d;
  for (int pages = 0; pages < 100'000; ++pages) {
    RecordPage<SignIn> page = engine.page(q);
    for (const SignIn& s : page.events) {
      engine.log().describe(s, d);
      out.push_back(d.id);
    }
    out.push_back(page.next ? "next " + std::to_string(page.next->eventKey) : "end");
    if (!page.next) break;
    q.window.start = page.next;
  }
  return out;
}

SignInPageQuery queryFor(const odata::CompiledFilter& filter, ApiVersion api, Ticks end) {
  SignInPageQuery q;
  q.filter = &filter;
  q.population = populationFor(api, filter);
  q.now = end;
  q.window.lo = end - 30 * kTicksPerDay;
  q.window.hi = end;
  return q;
}

TEST(SignInQuery, IndexAndScanGiveTheSamePages) {
  Fixture& f = fixture();
  const Ticks end = f.simulation.scenario().windowEnd;
  std::mt19937_64 rng(11);
  SignInDetails d;
  std::vector<std::string> clauses;
  for (size_t i = 0; i < f.all.size(); i += 97) {
    f.log.describe(f.all[i], d);
    clauses.push_back("id eq " + quote(d.id));
    clauses.push_back("correlationId eq " + quote(d.correlationId));
    clauses.push_back("appId eq " + quote(d.appId));
    if (!d.ipAddress.empty()) clauses.push_back("ipAddress eq " + quote(d.ipAddress));
    if (!d.userId.empty()) {
      clauses.push_back("userId eq " + quote(d.userId));
      clauses.push_back("userPrincipalName eq " +
                        quote(rng() % 2 ? upper(d.userPrincipalName) : d.userPrincipalName));
    }
    clauses.push_back("status/errorCode eq " + std::to_string(d.errorCode));
    clauses.push_back("signInEventTypes/any(t: t eq " + quote(signInEventTypeName(f.all[i].kind)) +
                      ")");
  }
  // The risk fields (posted for risky sign-ins only; the default values, which match nearly every
  // sign-in, are left to the scan: `none` is not drawn, it would only make long walks).
  for (const char* level : {"low", "medium", "high", "hidden", "Medium"}) {
    clauses.push_back(std::string("riskLevelDuringSignIn eq '") + level + "'");
    clauses.push_back(std::string("riskLevelAggregated eq '") + level + "'");
  }
  for (const char* state : {"atRisk", "remediated", "ATRISK"})
    clauses.push_back(std::string("riskState eq '") + state + "'");
  for (const char* type :
       {"unfamiliarFeatures", "passwordSpray", "anomalousToken", "unlikelyTravel", "generic"}) {
    clauses.push_back(std::string("riskEventTypes_v2/any(t: t eq '") + type + "')");
    clauses.push_back(std::string("riskEventTypes/any(t: t eq '") + type + "')");
  }
  clauses.push_back("riskEventTypes/any(t: t eq 'unknownFutureValue')");
  clauses.push_back("status/errorCode ne 0");
  clauses.push_back("status/errorCode eq 12345");
  clauses.push_back("signInEventTypes/any(t: t eq 'nope')");
  odata::CapabilityOptions options;
  options.apiVersion = ApiVersion::Beta;
  options.lenient = true;
  const auto caps = odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, options);
  int indexed = 0;
  for (int round = 0; round < 100; ++round) {
    std::string text = clauses[rng() % clauses.size()];
    if (rng() % 3 == 0) text = "(" + text + " or " + clauses[rng() % clauses.size()] + ")";
    if (rng() % 3 == 0) text += " and " + clauses[rng() % clauses.size()];
    if (rng() % 4 == 0) text += " and createdDateTime ge " + formatIsoTime(end - kTicksPerDay);
    auto filter = odata::CompiledFilter::compile(text, caps);
    ASSERT_TRUE(filter) << text << ": " << filter.error().message;
    SignInPageQuery q = queryFor(*filter, ApiVersion::Beta, end);
    q.window.pageSize = 1 + rng() % 300;
    q.window.direction = rng() % 2 ? SortDirection::Ascending : SortDirection::Descending;
    SignInPageQuery scan = q;
    scan.useIndexes = false;
    indexed += f.engine.page(q).usedIndex;
    ASSERT_EQ(walk(f.engine, q), walk(f.engine, scan)) << text;
  }
  EXPECT_GT(indexed, 33);
}

TEST(SignInQuery, RiskFiltersUseTheIndexAndFindEveryRiskySignIn) {
  Fixture& f = fixture();
  const Ticks end = f.simulation.scenario().windowEnd;
  odata::CapabilityOptions options;
  options.apiVersion = ApiVersion::Beta;
  const auto caps = odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, options);
  size_t risky = 0;
  SignInDetails d;
  for (const SignIn& s : f.all) {
    if (s.kind != SignInKind::Interactive) continue;
    f.log.describe(s, d);
    risky += d.risk.state == "atRisk";
  }
  ASSERT_GT(risky, 1u);
  for (const char* text : {"riskState eq 'atRisk'", "riskLevelAggregated eq 'high'",
                           "riskEventTypes_v2/any(t: t eq 'passwordSpray')"}) {
    auto filter = odata::CompiledFilter::compile(text, caps);
    ASSERT_TRUE(filter) << text;
    SignInPageQuery q = queryFor(*filter, ApiVersion::V1, end);
    q.window.pageSize = 999;
    RecordPage<SignIn> page = f.engine.page(q);
    EXPECT_TRUE(page.usedIndex) << text;
    EXPECT_FALSE(page.events.empty()) << text;
    if (std::string_view(text) == "riskState eq 'atRisk'") {
      EXPECT_EQ(page.events.size(), risky);
    }
  }
}

TEST(SignInQuery, DefaultRiskValuesScan) {
  // `none` names nearly every sign-in: the risk index does not answer it (beta, every kind: no
  // kind list either), and the scan fills a page at once.
  Fixture& f = fixture();
  odata::CapabilityOptions options;
  options.apiVersion = ApiVersion::Beta;
  const auto caps = odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, options);
  auto filter = odata::CompiledFilter::compile(
      "riskLevelDuringSignIn eq 'none' and signInEventTypes/any(t: t eq 'nonInteractiveUser')",
      caps);
  ASSERT_TRUE(filter);
  SignInPageQuery q = queryFor(*filter, ApiVersion::Beta, f.simulation.scenario().windowEnd);
  q.window.pageSize = 50;
  RecordPage<SignIn> page = f.engine.page(q);
  EXPECT_FALSE(page.usedIndex);
  ASSERT_EQ(page.events.size(), 50u);
  SignInDetails d;
  for (const SignIn& s : page.events) {
    f.log.describe(s, d);
    EXPECT_EQ(d.risk.levelDuringSignIn, "none");
  }
}

TEST(SignInQuery, DefaultPopulationUsesTheKindIndex) {
  Fixture& f = fixture();
  odata::CompiledFilter everything;
  SignInPageQuery q = queryFor(everything, ApiVersion::V1, f.simulation.scenario().windowEnd);
  RecordPage<SignIn> page = f.engine.page(q);
  EXPECT_TRUE(page.usedIndex);
  for (const SignIn& s : page.events) ASSERT_EQ(s.kind, SignInKind::Interactive);
}

TEST(SignInQuery, StoreStaysWithin64BytesPerSignIn) {
  Fixture& f = fixture();
  ASSERT_GT(f.store->size(), 10'000u);
  const double perSignIn = static_cast<double>(f.store->memoryBytes()) / f.store->size();
  EXPECT_LE(perSignIn, 64.0) << "index " << f.store->indexBytes() / f.store->size();
}

TEST(SignInQuery, FindByIdFindsEveryKind) {
  Fixture& f = fixture();
  SignInDetails d;
  const Ticks end = f.simulation.scenario().windowEnd;
  for (size_t i = 0; i < f.all.size(); i += 501) {
    f.log.describe(f.all[i], d);
    std::optional<SignIn> found = f.engine.findById(d.id, end + kTicksPerDay, 0);
    ASSERT_TRUE(found) << d.id;
    EXPECT_EQ(*found, f.all[i]);
  }
  EXPECT_FALSE(f.engine.findById("00000000-0000-0000-0000-000000000000", end, 0));
}

// The startup build (SignInStore::build, docs/performance.md#full-tenant): slices of any length,
// parts of any size and any thread count give the same records and the same index, and page as
// the store appended at once.
TEST(SignInQuery, BuildIsTheSameWhateverTheSlicesPartsAndThreads) {
  Fixture& f = fixture();
  const Scenario& sc = f.simulation.scenario();
  auto once = makeSignInStore(f.log);
  once->build(timeSlices(sc.windowStart(), sc.windowEnd, sc.windowEnd - sc.windowStart(),
                         [&](Ticks a, Ticks b) { return f.log.generate(a, b, 1); }),
              1);
  auto sliced = makeSignInStore(f.log);
  sliced->build(timeSlices(sc.windowStart(), sc.windowEnd, 5 * kTicksPerHour,
                           [&](Ticks a, Ticks b) { return f.log.generate(a, b, 3); }),
                3, /*minPart=*/1000);
  std::unique_ptr<SignInStore> shipped = buildSignInStore(f.log, sc.windowStart(), sc.windowEnd, 4);
  for (const SignInStore* store : {sliced.get(), shipped.get()}) {
    EXPECT_EQ(store->memoryBytes(), once->memoryBytes());
    store->read([&](std::span<const SignIn> records, const PostingIndex* index) {
      EXPECT_TRUE(std::equal(records.begin(), records.end(), f.all.begin(), f.all.end()));
      once->read([&](std::span<const SignIn>, const PostingIndex* expected) {
        EXPECT_TRUE(*index == *expected);
        return 0;
      });
      return 0;
    });
  }
  SignInQueryEngine engine(f.log, *sliced);
  for (const char* text :
       {"", "status/errorCode ne 0", "appId eq '00000002-0000-0ff1-ce00-000000000000'"}) {
    odata::CapabilityOptions options;
    options.apiVersion = ApiVersion::Beta;
    auto filter = odata::CompiledFilter::compile(
        text, odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, options));
    ASSERT_TRUE(filter);
    SignInPageQuery q = queryFor(*filter, ApiVersion::Beta, sc.windowEnd);
    q.window.pageSize = 500;
    EXPECT_EQ(walk(engine, q), walk(f.engine, q)) << text;
  }
}

TEST(SignInQuery, LiveAppendsPageAsOneStore) {
  Fixture& f = fixture();
  const Scenario& sc = f.simulation.scenario();
  auto grown = makeSignInStore(f.log);
  for (Ticks t = sc.windowStart(); t < sc.windowEnd; t += 7 * kTicksPerHour)
    grown->append(f.log.generate(t, std::min(sc.windowEnd, t + 7 * kTicksPerHour)));
  ASSERT_EQ(grown->size(), f.store->size());
  SignInQueryEngine engine(f.log, *grown);
  for (const char* text :
       {"", "status/errorCode ne 0", "signInEventTypes/any(t: t eq 'servicePrincipal')"}) {
    odata::CapabilityOptions options;
    options.apiVersion = ApiVersion::Beta;
    auto filter = odata::CompiledFilter::compile(
        text, odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, options));
    ASSERT_TRUE(filter);
    SignInPageQuery q = queryFor(*filter, ApiVersion::Beta, sc.windowEnd);
    q.window.pageSize = 500;
    EXPECT_EQ(walk(engine, q), walk(f.engine, q)) << text;
  }
}

}  // namespace
}  // namespace tenantsim::mock
