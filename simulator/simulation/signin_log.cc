#include "simulator/simulation/signin_log.h"

#include <algorithm>
#include <thread>

#include "base/rng.h"
#include "simulator/simulation/parallel_range.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {
namespace {

constexpr Ticks kAuditLeadMax = 10 * kTicksPerMinute;  // admin sign-in before the audited action
constexpr int64_t kMaxRefreshes = 40;                  // refreshes per interactive sign-in
constexpr int64_t kMaxInteractive = 511;               // interactive sign-ins per user per day
// A session's span: refreshes come less than 1.2 hours apart (below).
constexpr Ticks kMaxSession = kMaxRefreshes * kTicksPerHour * 6 / 5;

int64_t dayOf(Ticks t) { return t >= 0 ? t / kTicksPerDay : (t - kTicksPerDay + 1) / kTicksPerDay; }
int dayOfWeek(int64_t day) { return static_cast<int>(((day % 7) + 7 + 4) % 7); }

// Interactive failures before Conditional Access, weighted (fact sheet §6: dominated by 50126,
// 50074/50076, 50140, 500121; 53003 comes from the policies themselves).
constexpr std::pair<SignInFailure, int> kFailureMix[] = {
    {SignInFailure::WrongPassword, 40}, {SignInFailure::KeepMeSignedIn, 20},
    {SignInFailure::MfaRequired, 20},   {SignInFailure::MfaDenied, 10},
    {SignInFailure::Locked, 5},         {SignInFailure::MfaRequiredByPolicy, 5}};

bool isMfaFailure(SignInFailure f) {
  return f == SignInFailure::MfaRequired || f == SignInFailure::MfaDenied ||
         f == SignInFailure::MfaRequiredByPolicy;
}

}  // namespace

SignInLog::SignInLog(const Simulation& sim) : sim_(sim) {
  const Scenario& s = sim.scenario();
  enabled_ = s.workloads.signIns.has_value();
  if (!enabled_) return;
  config_ = *s.workloads.signIns;
  servicePrincipals_ = servicePrincipalIdentities(s, sim.tenant());
  managedIdentities_ = tenantsim::managedIdentities(s, sim.tenant());
  BackgroundConfig shape = s.workloads.background.value_or(BackgroundConfig{});
  double workday = 0, week = 0;
  for (int dow = 0; dow < 7; ++dow) {
    int64_t day = (dow + 3) % 7;  // a day with that day of week (1970-01-01 was a Thursday)
    double sum = 0;
    for (int h = 0; h < 24; ++h) {
      sum += activityShape(shape, day * kTicksPerDay + h * kTicksPerHour);
      cumulative_[dow][h] = sum;
    }
    dayFactor_[dow] = sum;
    week += sum;
    if (dow == 3) workday = sum;  // Wednesday
  }
  for (double& f : dayFactor_) f /= workday;
  meanDayFactor_ = week / 7 / workday;
  globalAdminTemplate_ = std::string(globalAdministrator().templateId);
  storylines_ = plantedStorylines(s, sim.tenant(), "");
  if (storylines_.size() > kMaxPlantedStorylines) storylines_.resize(kMaxPlantedStorylines);
}

std::span<const CaPolicySnapshot> SignInLog::policiesAt(Ticks t) const {
  const ConditionalAccessHistory* h = sim_.conditionalAccess();
  return h ? h->policiesAt(t) : std::span<const CaPolicySnapshot>();
}

SignInLog::Plan SignInLog::planInteractive(int64_t user, int64_t day, uint32_t j,
                                           size_t home) const {
  const uint64_t seed = sim_.scenario().seed;
  Rng r(seed, "signIn", static_cast<uint64_t>(user), (static_cast<uint64_t>(day) << 10) | j);
  Plan p;
  int dow = dayOfWeek(day);
  const auto& cum = cumulative_[static_cast<size_t>(dow)];
  double u = r.uniform() * cum[23];
  int hour = 0;
  while (hour < 23 && cum[static_cast<size_t>(hour)] <= u) ++hour;
  int offset = signInCities()[home].utcOffsetHours;
  p.time = day * kTicksPerDay + hour * kTicksPerHour +
           static_cast<Ticks>(r.below(static_cast<uint64_t>(kTicksPerHour))) -
           offset * kTicksPerHour;
  bool legacy = r.chance(config_.legacyClientShare);
  bool travel = r.chance(config_.travelShare);
  bool second = r.chance(0.25);
  p.flags = (legacy ? kSignInLegacy : 0) | (travel ? kSignInTravel : 0) |
            (second ? kSignInSecondDevice : 0);
  bool admin = user < sim_.tenant().adminCount();
  if (legacy) {
    p.app = kLegacyExchangeApp;
  } else {
    auto apps = signInApps();
    int total = 0;
    for (const SignInApp& a : apps) total += (a.adminTool && !admin) ? 0 : a.weight;
    int pick = static_cast<int>(r.below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < apps.size(); ++i) {
      int w = (apps[i].adminTool && !admin) ? 0 : apps[i].weight;
      if (pick < w) {
        p.app = static_cast<uint8_t>(i);
        break;
      }
      pick -= w;
    }
  }
  if (r.chance(config_.failureShare)) {
    int total = 0;
    for (auto [f, w] : kFailureMix) total += w;
    int pick = static_cast<int>(r.below(static_cast<uint64_t>(total)));
    for (auto [f, w] : kFailureMix) {
      if (pick < w) {
        p.failure = f;
        break;
      }
      pick -= w;
    }
  }
  return p;
}

size_t SignInLog::cityOf(const SignIn& s, size_t home) const {
  if (!(s.flags & kSignInTravel)) return home;
  // The session's key: the interactive sign-in's, shared by its refreshes.
  uint64_t session = (s.key & ~(uint64_t{3} << 62)) >> 8;
  return travelCity(sim_.scenario().seed, session, home);
}

SignInContext SignInLog::contextFor(int64_t user, uint8_t app, uint8_t flags, uint64_t key,
                                    size_t home) const {
  const Tenant& t = sim_.tenant();
  SignInContext c;
  c.user = user;
  c.globalAdmin = user < t.adminCount() && t.adminRole(user).templateId == globalAdminTemplate_;
  (void)app;
  c.legacyClient = flags & kSignInLegacy;
  DeviceTraits device = deviceTraits(t, user, flags & kSignInSecondDevice);
  c.mobile = device.mobile;
  c.managed = device.managed;
  c.compliant = device.compliant;
  SignIn probe;
  probe.key = key;
  probe.flags = flags;
  c.riskyCountry = signInCities()[cityOf(probe, home)].countryOrRegion == "RU";
  return c;
}

void SignInLog::push(SignIn s, Ticks from, Ticks to, std::vector<SignIn>& out) const {
  const Scenario& sc = sim_.scenario();
  if (s.time < std::max(from, sc.windowStart()) || s.time >= std::min(to, sc.windowEnd)) return;
  s.visibleDelayMs = sc.server.ingestDelay != "none" ? drawIngestDelayMs(sc.seed, s.key) : 0;
  out.push_back(s);
}

SignIn SignInLog::interactive(int64_t user, int64_t day, uint32_t j, size_t home,
                              SignInContext& c) const {
  Plan p = planInteractive(user, day, j, home);
  SignIn s;
  s.time = p.time;
  s.key = makeKey(SignInKind::Interactive, static_cast<uint64_t>(user), static_cast<uint64_t>(day),
                  j, 0);
  s.principal = static_cast<uint32_t>(user);
  s.app = p.app;
  s.kind = SignInKind::Interactive;
  s.flags = p.flags;
  c = contextFor(user, p.app, p.flags, s.key, home);
  CaDemand demand = caDemand(policiesAt(s.time), c);
  SignInFailure f = p.failure;
  if (!failedBeforeConditionalAccess(f)) {
    if (demand.block)
      f = SignInFailure::BlockedByCa;
    else if (demand.compliantDevice)
      f = SignInFailure::DeviceNotCompliant;
    else if (demand.mfa && c.legacyClient)
      f = SignInFailure::MfaRequiredByPolicy;
    else if (!isMfaFailure(f) && demand.mfa)
      s.flags |= kSignInMfa;
  }
  s.failure = f;
  return s;
}

int64_t SignInLog::interactiveCount(int64_t user, int64_t day) const {
  Rng r(sim_.scenario().seed, "signInDay", static_cast<uint64_t>(user), static_cast<uint64_t>(day));
  return std::min(r.poisson(config_.interactivePerUserPerWorkday * dayFactor_[dayOfWeek(day)]),
                  kMaxInteractive);
}

void SignInLog::travelSignIns(int64_t user, int64_t day, std::vector<SignIn>& out) const {
  if (!enabled_) return;
  const int64_t n = interactiveCount(user, day);
  const size_t home = homeCity(sim_.scenario().seed, user);
  for (uint32_t j = 0; j < n; ++j) {
    if (!(planInteractive(user, day, j, home).flags & kSignInTravel)) continue;
    SignInContext c;
    out.push_back(interactive(user, day, j, home, c));
  }
}

void SignInLog::generateUsers(Ticks from, Ticks to, std::vector<SignIn>& out) const {
  const Scenario& sc = sim_.scenario();
  const uint64_t seed = sc.seed;
  // A session starts at most 14 hours before its UTC day (time zones) and refreshes for at most
  // ~48 hours: look back three days, ahead one.
  int64_t firstDay = std::max(dayOf(from) - 3, dayOf(sc.windowStart()) - 1);
  int64_t lastDay = std::min(dayOf(to - 1) + 1, dayOf(sc.windowEnd - 1) + 1);
  const int64_t users = sim_.tenant().userCount();
  for (int64_t day = firstDay; day <= lastDay; ++day) {
    for (int64_t user = 0; user < users; ++user) {
      int64_t n = interactiveCount(user, day);
      if (n == 0) continue;
      size_t home = homeCity(seed, user);
      for (uint32_t j = 0; j < n; ++j) {
        // A session's sign-ins lie within kMaxSession of its start: one wholly outside [from, to)
        // is not built (a day's slice looks three days back).
        const Ticks start = planInteractive(user, day, j, home).time;
        if (start >= to || start + kMaxSession < from) continue;
        SignInContext c;
        SignIn s = interactive(user, day, j, home, c);
        push(s, from, to, out);
        if (!s.ok() || c.legacyClient) continue;
        // Token refreshes, about hourly while the app runs.
        Rng rr(seed, "refresh", static_cast<uint64_t>(user),
               (static_cast<uint64_t>(day) << 10) | j);
        int64_t k = std::min(rr.poisson(config_.nonInteractivePerInteractive), kMaxRefreshes);
        Ticks t = s.time;
        for (int64_t i = 1; i <= k; ++i) {
          t += static_cast<Ticks>((0.8 + 0.4 * rr.uniform()) * kTicksPerHour);
          if (t >= to) break;
          if (t < from) continue;  // push() would drop it
          SignIn n2 = s;
          n2.time = t;
          n2.kind = SignInKind::NonInteractive;
          n2.key = makeKey(SignInKind::NonInteractive, static_cast<uint64_t>(user),
                           static_cast<uint64_t>(day), j, static_cast<uint64_t>(i));
          CaDemand now = caDemand(policiesAt(t), c);
          n2.failure = now.block                            ? SignInFailure::BlockedByCa
                       : now.compliantDevice                ? SignInFailure::DeviceNotCompliant
                       : now.mfa && !(s.flags & kSignInMfa) ? SignInFailure::MfaRequiredByPolicy
                                                            : SignInFailure::None;
          push(n2, from, to, out);
        }
      }
    }
  }
}

double SignInLog::servicePrincipalSignInsPerDay() const {
  if (servicePrincipals_.empty()) return 0;
  return static_cast<double>(sim_.tenant().userCount()) * config_.interactivePerUserPerWorkday *
         meanDayFactor_ * config_.servicePrincipalPerInteractive /
         static_cast<double>(servicePrincipals_.size());
}

bool SignInLog::servicePrincipalRiskDay(size_t p, int64_t day) const {
  return Rng(sim_.scenario().seed, "spRiskDay", p, static_cast<uint64_t>(day))
      .chance(config_.riskRemediation.servicePrincipalRiskPerDay);
}

void SignInLog::riskFlaggedServicePrincipalSignIns(int64_t day, std::vector<SignIn>& out) const {
  if (!enabled_) return;
  const Scenario& sc = sim_.scenario();
  for (size_t p = 0; p < servicePrincipals_.size(); ++p) {
    if (!servicePrincipalRiskDay(p, day)) continue;
    // The first sign-in of the day, drawn as generateWorkloadIdentities draws it.
    Rng r(sc.seed, "spSignInDay", p, static_cast<uint64_t>(day));
    if (r.poisson(servicePrincipalSignInsPerDay()) == 0) continue;
    SignIn s;
    s.time = day * kTicksPerDay + static_cast<Ticks>(r.below(kTicksPerDay));
    s.kind = SignInKind::ServicePrincipal;
    s.principal = static_cast<uint32_t>(p);
    s.key = makeKey(s.kind, p, static_cast<uint64_t>(day), 0, 0);
    if (r.chance(config_.servicePrincipalFailureShare)) continue;  // failed: no detection
    s.flags = kSignInRiskFlagged;
    s.visibleDelayMs = sc.server.ingestDelay != "none" ? drawIngestDelayMs(sc.seed, s.key) : 0;
    out.push_back(s);
  }
}

void SignInLog::generateWorkloadIdentities(Ticks from, Ticks to, std::vector<SignIn>& out) const {
  const Scenario& sc = sim_.scenario();
  const uint64_t seed = sc.seed;
  auto emit = [&](SignInKind kind, size_t count, double perDay, double failureShare,
                  const char* stream) {
    for (int64_t day = dayOf(from); day <= dayOf(to - 1); ++day) {
      for (size_t p = 0; p < count; ++p) {
        Rng r(seed, stream, p, static_cast<uint64_t>(day));
        int64_t n = std::min<int64_t>(r.poisson(perDay), (1 << 18) - 1);
        for (int64_t x = 0; x < n; ++x) {
          SignIn s;
          s.time = day * kTicksPerDay + static_cast<Ticks>(r.below(kTicksPerDay));
          s.kind = kind;
          s.principal = static_cast<uint32_t>(p);
          s.key = makeKey(kind, p, static_cast<uint64_t>(day), static_cast<uint64_t>(x >> 8),
                          static_cast<uint64_t>(x & 0xff));
          s.failure = r.chance(failureShare) ? SignInFailure::ExpiredSecret : SignInFailure::None;
          if (kind == SignInKind::ServicePrincipal && x == 0 && s.ok() &&
              servicePrincipalRiskDay(p, day))
            s.flags = kSignInRiskFlagged;
          push(s, from, to, out);
        }
      }
    }
  };
  if (!servicePrincipals_.empty())
    emit(SignInKind::ServicePrincipal, servicePrincipals_.size(), servicePrincipalSignInsPerDay(),
         config_.servicePrincipalFailureShare, "spSignInDay");
  emit(SignInKind::ManagedIdentity, managedIdentities_.size(),
       24 * config_.managedIdentitySignInsPerHour, 0, "miSignInDay");
}

void SignInLog::generateAuditJoins(Ticks from, Ticks to, std::vector<SignIn>& out) const {
  const uint64_t seed = sim_.scenario().seed;
  std::vector<Event> events;
  sim_.generateWorkload(WorkloadKind::Pim, from, to + kAuditLeadMax + 1, events);
  sim_.generateWorkload(WorkloadKind::CloudPki, from, to + kAuditLeadMax + 1, events);
  for (const Event& e : events) {
    if (e.flags & kActorIsApp) continue;
    uint8_t app;
    if (e.workload() == WorkloadKind::Pim) {
      if (e.step() != 0) continue;  // the activation request
      // A planted activation's MFA sign-in is its storyline's approved push (signin_storylines.cc).
      if (e.planted()) continue;
      app = kAzurePortalApp;
    } else {
      const std::string& name = sim_.catalog().at(e.activity).name;
      if (name.starts_with("Search ") || name.starts_with("Get ")) continue;
      app = kIntuneAdminApp;
    }
    Rng r(seed, "auditSignIn", e.key);
    SignIn s;
    s.time = e.time - kTicksPerMinute -
             static_cast<Ticks>(r.below(static_cast<uint64_t>(kAuditLeadMax - kTicksPerMinute)));
    uint64_t h = mix64(e.key);
    const PlantedStoryline* st = e.planted() ? storylineOf(e, "rogueCloudPkiCa") : nullptr;
    // A planted change's sign-in is keyed as its storyline's (from the attacker's address).
    uint64_t day = st ? plantedDayField(st->index) : static_cast<uint64_t>(dayOf(s.time));
    s.key = makeKey(SignInKind::Interactive, e.actor, day, 512 | (h & 511), (h >> 9) & 0xff);
    s.principal = e.actor;
    s.app = app;
    s.kind = SignInKind::Interactive;
    // From home, on a compliant device, with MFA: the sign-in the audited action needed.
    DeviceTraits device = deviceTraits(sim_.tenant(), e.actor, false);
    s.flags = kSignInMfa | kSignInForAudit | (device.compliant ? 0 : kSignInSecondDevice);
    push(s, from, to, out);
  }
}

std::vector<SignIn> SignInLog::generate(Ticks from, Ticks to, unsigned threads) const {
  const Scenario& sc = sim_.scenario();
  from = std::max(from, sc.windowStart());
  to = std::min(to, sc.windowEnd);
  if (!enabled_ || from >= to) return {};
  return generateInParallel<SignIn>(from, to, threads, [&](Ticks a, Ticks b, auto& out) {
    generateUsers(a, b, out);
    generateWorkloadIdentities(a, b, out);
    generateAuditJoins(a, b, out);
    generateStorylines(a, b, out);
  });
}

}  // namespace tenantsim
