#include "simulator/simulation/alert_log.h"

#include <algorithm>
#include <map>

#include "base/rng.h"
#include "simulator/simulation/parallel_range.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {
namespace {

// An alert follows its detection (or the storyline's last step) by a few minutes.
constexpr Ticks kAlertDelayMin = 2 * kTicksPerMinute;
constexpr Ticks kAlertDelaySpread = 10 * kTicksPerMinute;
// Every planted alert lies within this reach of its storyline's start.
constexpr Ticks kPlantedReach = 12 * kTicksPerHour;
// An incident's alerts all lie within one UTC day (organic) or the planted reach (storyline).
constexpr Ticks kIncidentSpan = 2 * kTicksPerDay;
constexpr uint64_t kStorylineIncidentBase = 0xffff;

// "InitialAccess" -> "Initial access", as Defender names the tactics in incident names.
std::string tacticName(std::string_view category) {
  std::string out;
  for (char c : category) {
    if (c >= 'A' && c <= 'Z' && !out.empty()) {
      out += ' ';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

int64_t dayOf(Ticks t) { return t >= 0 ? t / kTicksPerDay : (t - kTicksPerDay + 1) / kTicksPerDay; }

void appendHex(std::string& out, uint64_t v) {
  char hex[16];
  for (int i = 15; i >= 0; --i, v >>= 4) hex[i] = "0123456789abcdef"[v & 15];
  out.append(hex, 16);
}

// The analyst's triage, drawn once per alert: when it is taken up and resolved, and the verdict.
void triage(uint64_t seed, Alert& a) {
  Rng r(seed, "alertTriage", a.key);
  if (a.planted()) {
    a.inProgressAt =
        a.time + 20 * kTicksPerMinute + static_cast<Ticks>(r.below(100 * kTicksPerMinute));
    a.resolvedAt = a.inProgressAt + kTicksPerDay + static_cast<Ticks>(r.below(kTicksPerDay));
    return;  // verdict set by the caller
  }
  const double u = r.uniform();
  if (u < 0.35) return;  // left new
  a.inProgressAt = a.time + 30 * kTicksPerMinute + static_cast<Ticks>(r.below(8 * kTicksPerHour));
  if (u < 0.6) return;  // taken up, not resolved
  a.resolvedAt = a.inProgressAt + 2 * kTicksPerHour + static_cast<Ticks>(r.below(3 * kTicksPerDay));
  a.verdict = u < 0.88 ? AlertVerdict::NotMalicious : AlertVerdict::ConfirmedActivity;
}

Alert alertFor(uint64_t seed, AlertKind kind, uint64_t key, const SignIn& s, Ticks after) {
  Alert a;
  a.kind = kind;
  a.key = key;
  a.signIn = s;
  a.firstActivity = a.lastActivity = s.time;
  a.time = after + kAlertDelayMin +
           static_cast<Ticks>(Rng(seed, "alertDelay", key).below(kAlertDelaySpread));
  return a;
}

}  // namespace

uint64_t Alert::incidentKey() const {
  if (planted()) return (kStorylineIncidentBase - storyline) << 28;
  return (static_cast<uint64_t>(dayOf(time)) << 28) | (signIn.principal & 0xfffffff);
}

AlertStatus Alert::statusAt(Ticks asOf) const {
  if (resolvedAt && asOf >= resolvedAt) return AlertStatus::Resolved;
  if (inProgressAt && asOf >= inProgressAt) return AlertStatus::InProgress;
  return AlertStatus::New;
}

Ticks Alert::lastUpdateAt(Ticks asOf) const {
  switch (statusAt(asOf)) {
    case AlertStatus::Resolved:
      return resolvedAt;
    case AlertStatus::InProgress:
      return inProgressAt;
    case AlertStatus::New:
      break;
  }
  return time + (key % 3000) * 10'000;  // enrichment a moment after creation
}

bool operator==(const Alert& a, const Alert& b) {
  return a.time == b.time && a.key == b.key && a.firstActivity == b.firstActivity &&
         a.lastActivity == b.lastActivity && a.inProgressAt == b.inProgressAt &&
         a.resolvedAt == b.resolvedAt && a.signIn == b.signIn && a.audit.key == b.audit.key &&
         a.audit.time == b.audit.time && a.kind == b.kind && a.riskType == b.riskType &&
         a.severity == b.severity && a.verdict == b.verdict && a.storyline == b.storyline;
}

AlertSeverity Incident::severity() const {
  AlertSeverity s = AlertSeverity::Low;
  for (const Alert& a : alerts) s = std::max(s, a.severity);
  return s;
}

AlertLog::AlertLog(const SignInLog& signIns)
    : signIns_(signIns), sim_(signIns.simulation()), risks_(signIns) {}

std::vector<Alert> AlertLog::generateWindow() const {
  return generate(sim_.scenario().windowStart(), sim_.scenario().windowEnd);
}

std::vector<Alert> AlertLog::generate(Ticks from, Ticks to, unsigned threads) const {
  const Scenario& sc = sim_.scenario();
  from = std::max(from, sc.windowStart());
  to = std::min(to, sc.windowEnd);
  if (!signIns_.enabled() || from >= to) return {};
  return generateInParallel<Alert>(from, to, threads,
                                   [&](Ticks a, Ticks b, auto& out) { generateRange(a, b, out); });
}

void AlertLog::generateRange(Ticks from, Ticks to, std::vector<Alert>& out) const {
  const uint64_t seed = sim_.scenario().seed;
  for (const RiskDetection& r : risks_.generate(from - kAlertDelayMin - kAlertDelaySpread, to)) {
    if (r.level == RiskLevel::Low) continue;
    Alert a = alertFor(seed, AlertKind::IdentityProtection, r.key, r.signIn, r.time);
    if (a.time < from || a.time >= to) continue;
    a.riskType = r.type;
    a.severity = r.level == RiskLevel::High ? AlertSeverity::High : AlertSeverity::Medium;
    if (isPlantedSignIn(r.signIn)) {
      a.storyline = static_cast<uint8_t>(plantedStorylineOf(r.signIn));
      a.verdict = AlertVerdict::CompromisedAccount;
    }
    triage(seed, a);
    out.push_back(a);
  }
  plantedAlerts(from, to, out);
}

void AlertLog::plantedAlerts(Ticks from, Ticks to, std::vector<Alert>& out) const {
  const uint64_t seed = sim_.scenario().seed;
  auto keep = [&](Alert a, AlertVerdict verdict) {
    if (a.time < from || a.time >= to) return;
    a.verdict = verdict;
    triage(seed, a);
    out.push_back(a);
  };
  for (const PlantedStoryline& st : plantedStorylines(sim_.scenario(), sim_.tenant(), "")) {
    if (st.at + kPlantedReach < from || st.at - kPlantedReach >= to) continue;
    if (st.index >= kMaxPlantedStorylines) break;
    const uint64_t storylineKey = mix64(0xa1e47ULL + st.index);
    if (st.kind == "mfaFatigue" || st.kind == "pimEscalation") {
      const SignIn* first = nullptr;
      const SignIn* approved = nullptr;
      std::vector<SignIn> planted =
          signIns_.plantedSignIns(st.at - kPlantedReach, st.at + kPlantedReach);
      std::sort(planted.begin(), planted.end());
      for (const SignIn& s : planted) {
        if (plantedStorylineOf(s) != st.index) continue;
        if (plantedStepOf(s) == SignInStep::MfaDenied && !first) first = &s;
        if (plantedStepOf(s) == SignInStep::MfaApproved) approved = &s;
      }
      if (!approved || approved->time < sim_.scenario().windowStart()) continue;
      Alert mfa = alertFor(seed, AlertKind::SuspiciousMfa, storylineKey, *approved, approved->time);
      mfa.storyline = static_cast<uint8_t>(st.index);
      mfa.severity = AlertSeverity::Medium;
      if (first) mfa.firstActivity = first->time;
      keep(mfa, AlertVerdict::CompromisedAccount);
      if (st.kind != "pimEscalation") continue;
      // The activation the approved push let through: the storyline's first PIM audit event.
      std::vector<Event> events;
      sim_.generateWorkload(WorkloadKind::Pim, st.at - kTicksPerHour, st.at + kTicksPerHour,
                            events);
      std::sort(events.begin(), events.end());
      auto activation = std::find_if(events.begin(), events.end(), [&](const Event& e) {
        return e.planted() && e.actor == static_cast<uint32_t>(st.actor) && e.time >= st.at;
      });
      if (activation == events.end()) continue;
      Alert role = alertFor(seed, AlertKind::RoleActivationAfterRisk, storylineKey + 1, *approved,
                            activation->time);
      role.storyline = static_cast<uint8_t>(st.index);
      role.severity = AlertSeverity::High;
      role.audit = *activation;
      role.lastActivity = activation->time;
      keep(role, AlertVerdict::MultiStagedAttack);
    } else if (st.kind == "rogueCloudPkiCa") {
      std::vector<Event> events;
      sim_.generateWorkload(WorkloadKind::CloudPki, st.at, st.at + 10 * kTicksPerMinute, events);
      std::sort(events.begin(), events.end());
      auto created = std::find_if(events.begin(), events.end(), [&](const Event& e) {
        return e.planted() && e.actor == static_cast<uint32_t>(st.actor);
      });
      if (created == events.end()) continue;
      // The actor's Intune sign-in from the attacker's address just before the change.
      const SignIn* admin = nullptr;
      std::vector<SignIn> signIns =
          signIns_.generate(created->time - kTicksPerHour, created->time + 1);
      for (const SignIn& s : signIns) {
        if (isPlantedSignIn(s) && plantedStorylineOf(s) == st.index &&
            plantedStepOf(s) == SignInStep::AdminSignIn && s.principal == created->actor)
          admin = &s;
      }
      if (!admin) continue;
      Ticks last = created->time;
      for (const Event& e : events)
        if (e.planted() && e.actor == created->actor) last = std::max(last, e.time);
      Alert ca =
          alertFor(seed, AlertKind::RogueCertificateAuthority, storylineKey + 2, *admin, last);
      ca.storyline = static_cast<uint8_t>(st.index);
      ca.severity = AlertSeverity::High;
      ca.audit = *created;
      ca.lastActivity = last;
      keep(ca, AlertVerdict::MaliciousUserActivity);
    } else if (st.kind == "conditionalAccessWeakened") {
      plantPolicyWeakened(st, storylineKey + 3, keep);
    }
  }
}

template <typename Keep>
void AlertLog::plantPolicyWeakened(const PlantedStoryline& st, uint64_t key, Keep& keep) const {
  const ConditionalAccessHistory* history = sim_.conditionalAccess();
  const CaWeakening* w = history ? history->weakening(st.index) : nullptr;
  if (!w) return;
  // The admin's first row weakening a policy.
  std::vector<Event> events;
  sim_.generateWorkload(WorkloadKind::ConditionalAccess, w->at,
                        w->at + static_cast<Ticks>(w->policies.size() + 1) * kCaWeakeningRowGap,
                        events);
  std::sort(events.begin(), events.end());
  auto changed =
      std::find_if(events.begin(), events.end(), [](const Event& e) { return e.planted(); });
  if (changed == events.end()) return;
  // The admin's sign-in from the attacker's address before it, and the attacker's first try
  // that the weakened policy let through.
  const SignIn* admin = nullptr;
  const SignIn* bypass = nullptr;
  std::vector<SignIn> planted =
      signIns_.plantedSignIns(st.at - kPlantedReach, st.at + kPlantedReach);
  std::sort(planted.begin(), planted.end());
  for (const SignIn& s : planted) {
    if (plantedStorylineOf(s) != st.index) continue;
    if (plantedStepOf(s) == SignInStep::PolicyAdminSignIn) admin = &s;
    if (plantedStepOf(s) == SignInStep::BypassSignIn && s.ok() && !bypass) bypass = &s;
  }
  if (!admin || admin->time < sim_.scenario().windowStart()) return;
  const Ticks last = bypass ? bypass->time : changed->time;
  Alert a = alertFor(sim_.scenario().seed, AlertKind::PolicyWeakened, key, *admin, last);
  a.storyline = static_cast<uint8_t>(st.index);
  a.severity = AlertSeverity::High;
  a.audit = *changed;
  a.lastActivity = last;
  keep(a, AlertVerdict::MultiStagedAttack);
}

std::vector<Incident> AlertLog::groupIncidents(const std::vector<Alert>& alerts) {
  std::map<uint64_t, Incident> groups;
  for (const Alert& a : alerts) {
    Incident& i = groups[a.incidentKey()];
    if (i.alerts.empty()) {
      i.key = a.incidentKey();
      i.time = a.time + 2 * kTicksPerSecond;  // correlated a moment after its first alert
    }
    i.alerts.push_back(a);
  }
  std::vector<Incident> out;
  out.reserve(groups.size());
  for (auto& [key, incident] : groups) {
    std::sort(incident.alerts.begin(), incident.alerts.end());
    incident.time = incident.alerts.front().time + 2 * kTicksPerSecond;
    out.push_back(std::move(incident));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Incident> AlertLog::generateIncidents(Ticks from, Ticks to) const {
  std::vector<Incident> all = groupIncidents(generate(from - kIncidentSpan, to + kIncidentSpan));
  std::vector<Incident> out;
  for (Incident& i : all)
    if (i.time >= from && i.time < to) out.push_back(std::move(i));
  return out;
}

std::string AlertLog::alertId(const Alert& a) {
  std::string id(alertText(a).idPrefix);
  appendHex(id, mix64(a.key));
  appendHex(id, mix64(a.key ^ 0x5bd1e9955bd1e995ULL));
  return id;
}

std::string AlertLog::incidentId(uint64_t incidentKey) { return std::to_string(incidentKey); }

std::string_view AlertLog::alertStep(const Alert& a) {
  switch (a.kind) {
    case AlertKind::IdentityProtection:
      switch (a.riskType) {
        case RiskEventType::UnfamiliarFeatures:
          return "alert-unfamiliar-sign-in";
        case RiskEventType::PasswordSpray:
          return "alert-password-spray";
        case RiskEventType::AnomalousToken:
          return "alert-anomalous-token";
        case RiskEventType::UnlikelyTravel:
          return "alert-atypical-travel";
        case RiskEventType::InvestigationsThreatIntelligence:
          return "alert-threat-intelligence";
      }
      break;
    case AlertKind::SuspiciousMfa:
      return "alert-suspicious-mfa";
    case AlertKind::RoleActivationAfterRisk:
      return "alert-role-activation";
    case AlertKind::RogueCertificateAuthority:
      return "alert-rogue-ca";
    case AlertKind::PolicyWeakened:
      return "alert-policy-weakened";
  }
  return "alert";
}

std::string AlertLog::analystOf(uint64_t incidentKey) const {
  const Tenant& t = sim_.tenant();
  if (t.adminCount() <= 0) return {};
  const int64_t analyst =
      static_cast<int64_t>(Rng(sim_.scenario().seed, "alertAnalyst", incidentKey)
                               .below(static_cast<uint64_t>(t.adminCount())));
  return t.user(analyst).userPrincipalName;
}

void AlertLog::describe(const Alert& a, AlertDetails& d) const {
  d.alert = &a;
  signIns_.describe(a.signIn, d.signIn);
  d.hasAudit = a.kind == AlertKind::RoleActivationAfterRisk ||
               a.kind == AlertKind::RogueCertificateAuthority ||
               a.kind == AlertKind::PolicyWeakened;
  if (d.hasAudit) sim_.describe(a.audit, d.audit);
  d.text = alertText(a);
  d.id = alertId(a);
  if (a.kind == AlertKind::IdentityProtection) {
    // Identity Protection's alert names its risk detection.
    RiskDetection r;
    r.key = a.key;
    r.signIn = a.signIn;
    r.type = a.riskType;
    RiskDetectionDetails risk;
    risks_.describe(r, risk);
    d.providerAlertId = risk.id;
  } else {
    d.providerAlertId.assign(d.id, 2);
  }
  d.incidentId = incidentId(a.incidentKey());
  d.tenantId = sim_.scenario().tenant.id;
  d.assignedTo = a.inProgressAt ? analystOf(a.incidentKey()) : std::string();
  d.label.clear();
  if (a.planted()) {
    const StorylineConfig& st = sim_.scenario().storylines[a.storyline];
    d.label = st.label.empty() ? st.kind : st.label;
    d.label += ':';
    d.label += alertStep(a);
  }
}

void AlertLog::describeIncident(const Incident& i, Ticks asOf, IncidentDetails& d) const {
  d.incident = &i;
  d.id = incidentId(i.key);
  d.tenantId = sim_.scenario().tenant.id;
  d.visibleAlerts = 0;
  d.severity = AlertSeverity::Low;
  d.lastUpdate = i.time;
  bool allResolved = true, takenUp = false;
  for (const Alert& a : i.alerts) {
    if (a.time > asOf) break;
    ++d.visibleAlerts;
    d.severity = std::max(d.severity, a.severity);
    d.lastUpdate = std::max(d.lastUpdate, a.lastUpdateAt(asOf) + 2 * kTicksPerSecond);
    const AlertStatus status = a.statusAt(asOf);
    allResolved = allResolved && status == AlertStatus::Resolved;
    takenUp = takenUp || status != AlertStatus::New;
    if (status == AlertStatus::Resolved) d.verdict = a.verdict;
  }
  d.classified = d.visibleAlerts > 0 && allResolved;
  d.status = d.classified ? IncidentStatus::Resolved
             : takenUp ? (i.planted() ? IncidentStatus::AwaitingAction : IncidentStatus::InProgress)
                       : IncidentStatus::Active;
  d.assignedTo = takenUp ? analystOf(i.key) : std::string();
  const Alert& first = i.alerts.front();
  const uint64_t severity = static_cast<uint64_t>(d.severity);
  d.priorityScore = static_cast<int32_t>(i.planted() ? 70 + 8 * severity + i.key % 7
                                                     : 10 + 12 * severity + i.key % 15);
  if (d.visibleAlerts > 1) {
    // "Multi-stage incident involving Initial access & Privilege escalation on one user"
    std::vector<std::string_view> tactics;
    for (size_t k = 0; k < d.visibleAlerts; ++k) {
      const std::string_view category = alertText(i.alerts[k]).category;
      if (std::find(tactics.begin(), tactics.end(), category) == tactics.end())
        tactics.push_back(category);
    }
    d.displayName = "Multi-stage incident involving ";
    for (size_t k = 0; k < tactics.size(); ++k) {
      if (k) d.displayName += " & ";
      d.displayName += tacticName(tactics[k]);
    }
    d.displayName += " on one user";
  } else {
    d.displayName = alertText(first).title;
    d.displayName += " involving one user";
  }
  d.label.clear();
  if (i.planted()) {
    const StorylineConfig& st = sim_.scenario().storylines[first.storyline];
    d.label = st.label.empty() ? st.kind : st.label;
  }
}

}  // namespace tenantsim
