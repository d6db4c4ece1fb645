#include "simulator/simulation/provisioning_log.h"

#include <algorithm>
#include <cmath>

#include "base/guid.h"
#include "base/rng.h"

namespace tenantsim {
namespace {

// The attributes an audited "Update user" changes (workloads/background.cc), as the target app
// names them, with the values the export writes; AccountEnabled off is a disable.
struct AttributeChange {
  std::string_view auditName, targetName, oldValue, newValue;
};
constexpr AttributeChange kAttributes[] = {
    {"Department", "department", "Sales", "Marketing"},
    {"JobTitle", "title", "Analyst", "Senior Analyst"},
    {"AccountEnabled", "active", "True", "False"},
    {"MobilePhone", "phoneNumbers[type eq \"mobile\"].value", "", "+1 425 555 0100"},
    {"UsageLocation", "addresses[type eq \"work\"].country", "US", "GB"},
};
constexpr uint8_t kAccountEnabled = 2;

// errorInformation of failed exports [DER]: codes as the provisioning service reports SCIM and
// target-side trouble (docs/provisioning.md#failures).
struct ProvisioningError {
  std::string_view code, category, reason, action;
};
constexpr ProvisioningError kErrors[] = {
    {"SystemForCrossDomainIdentityManagementServiceIncompatible", "nonServiceFailure",
     "The target application returned a response the provisioning service could not interpret.",
     "Check that the application's SCIM endpoint follows the SCIM 2.0 protocol."},
    {"SystemForCrossDomainIdentityManagementBadResponse", "nonServiceFailure",
     "The target application answered with HTTP 400 (Bad Request).",
     "Check the attribute mappings for values the application refuses."},
    {"DuplicateTargetEntries", "nonServiceFailure",
     "More than one object in the target application matches the user's matching attribute.",
     "Remove the duplicate objects from the application, or change the matching attribute."},
    {"SchemaAttributeNotFound", "failure",
     "An attribute in the mappings does not exist in the target application's schema.",
     "Refresh the application's schema and review the attribute mappings."},
};

struct DefaultJob {
  std::string_view app, templateId;
};
constexpr DefaultJob kDefaultJobs[] = {
    {"ServiceNow", "ServiceNowOutDelta"},
    {"Dropbox Business", "DropboxSCIMOutDelta"},
    {"Salesforce", "SalesforceOutDelta"},
};

std::string guidOf(uint64_t seed, std::string_view stream, uint64_t index) {
  char g[36];
  guidFrom(seed, stream, index, g);
  return std::string(g, 36);
}

void assignGuid(uint64_t seed, std::string_view stream, uint64_t index, std::string& out) {
  char g[36];
  guidFrom(seed, stream, index, g);
  out.assign(g, 36);
}

constexpr uint64_t kEntryBits = 24, kCycleBits = 32;

}  // namespace

std::string_view provisioningActionName(ProvisioningAction a) {
  static constexpr std::string_view kNames[] = {"other",   "create", "delete",
                                                "disable", "update", "stagedDelete"};
  return kNames[static_cast<size_t>(a)];
}

std::string_view provisioningResultName(ProvisioningResult r) {
  static constexpr std::string_view kNames[] = {"success", "failure", "skipped", "warning"};
  return kNames[static_cast<size_t>(r)];
}

std::string_view provisioningStepTypeName(ProvisioningStepType t) {
  static constexpr std::string_view kNames[] = {
      "import", "scoping", "matching", "processing", "referenceResolution", "export"};
  return kNames[static_cast<size_t>(t)];
}

ProvisioningStep& ProvisioningDetails::addStep(std::string_view name, ProvisioningStepType type,
                                               ProvisioningResult status) {
  if (stepCount == steps.size()) steps.emplace_back();
  ProvisioningStep& s = steps[stepCount++];
  s.name.assign(name);
  s.description.clear();
  s.type = type;
  s.status = status;
  s.detailCount = 0;
  return s;
}

ModifiedProperty& ProvisioningDetails::addProperty(std::string_view name) {
  if (propertyCount == properties.size()) properties.emplace_back();
  ModifiedProperty& p = properties[propertyCount++];
  p.displayName.assign(name);
  p.oldValue.clear();
  p.newValue.clear();
  p.oldNull = p.newNull = false;
  return p;
}

namespace {

void addDetail(ProvisioningStep& s, std::string_view key, std::string_view value) {
  if (s.detailCount == s.details.size()) s.details.emplace_back();
  KeyValue& kv = s.details[s.detailCount++];
  kv.key.assign(key);
  kv.value.assign(value);
}

}  // namespace

ProvisioningLog::ProvisioningLog(const Simulation& sim) : sim_(sim) {
  const Scenario& s = sim.scenario();
  if (!s.workloads.provisioning || !s.workloads.background) return;
  const ProvisioningConfig& config = *s.workloads.provisioning;
  enabled_ = true;
  failureShare_ = config.failureShare;
  interval_ = std::max<Ticks>(
      kTicksPerMinute, static_cast<Ticks>(std::llround(config.cycleMinutes * kTicksPerMinute)));
  std::vector<ProvisioningJobConfig> configured = config.jobs;
  if (configured.empty()) {
    for (const DefaultJob& d : kDefaultJobs)
      configured.push_back({std::string(d.app), std::string(d.templateId), 0.6});
  }
  std::string tenantNoDashes;
  for (char c : s.tenant.id)
    if (c != '-') tenantNoDashes += c;
  for (size_t j = 0; j < configured.size() && j < 256; ++j) {
    const ProvisioningJobConfig& c = configured[j];
    ProvisioningJob job;
    job.app = c.app;
    std::string templateId = c.templateId;
    if (templateId.empty()) {
      for (char ch : c.app)
        if (ch != ' ') templateId += ch;
      templateId += "OutDelta";
    }
    job.jobId = templateId + "." + tenantNoDashes + "." + guidOf(s.seed, "provJob", j);
    job.servicePrincipalId = guidOf(s.seed, "provServicePrincipal", j);
    job.applicationId = guidOf(s.seed, "provApplication", j);
    job.targetSystemId = guidOf(s.seed, "provTargetSystem", j);
    const bool serviceNow = c.app.find("ServiceNow") != std::string::npos;
    job.targetIdentityType = serviceNow ? "sys_user" : "User";
    job.userNameAttribute = serviceNow ? "user_name" : "userName";
    job.scopeShare = c.scopeShare;
    Rng r(s.seed, "provJobOffset", j);
    job.offset = static_cast<Ticks>(r.below(static_cast<uint64_t>(interval_)));
    jobs_.push_back(std::move(job));
  }
  const Catalog& catalog = sim.catalog();
  addUser_ = catalog.require(Source::Entra, "Add user", "Core Directory", "UserManagement");
  updateUser_ = catalog.require(Source::Entra, "Update user", "Core Directory", "UserManagement");
  deleteUser_ = catalog.require(Source::Entra, "Delete user", "Core Directory", "UserManagement");
}

Ticks ProvisioningLog::cycleStart(size_t job, uint32_t cycle) const {
  return sim_.scenario().windowStart() + jobs_[job].offset + static_cast<Ticks>(cycle) * interval_;
}

bool ProvisioningLog::isUserChange(const Event& e) const {
  return e.workload() == WorkloadKind::Background && e.result == OperationResult::Success &&
         (e.activity == addUser_ || e.activity == updateUser_ || e.activity == deleteUser_);
}

std::vector<Event> ProvisioningLog::userChanges(Ticks from, Ticks to) const {
  std::vector<Event> all;
  sim_.generateWorkload(WorkloadKind::Background, from, to, all);
  std::vector<Event> changes;
  for (const Event& e : all)
    if (isUserChange(e)) changes.push_back(e);
  std::sort(changes.begin(), changes.end());
  return changes;
}

ProvisioningAction ProvisioningLog::actionFor(const Event& change, uint8_t& attribute) const {
  attribute = 0;
  if (change.activity == addUser_) return ProvisioningAction::Create;
  if (change.activity == deleteUser_) return ProvisioningAction::Delete;
  thread_local EventDetails d;
  sim_.describe(change, d);
  if (d.targetCount > 0 && d.targets[0].propCount > 0) {
    const std::string& name = d.targets[0].props[0].displayName;
    for (uint8_t i = 0; i < std::size(kAttributes); ++i)
      if (name == kAttributes[i].auditName) attribute = i;
  }
  return attribute == kAccountEnabled ? ProvisioningAction::Disable : ProvisioningAction::Update;
}

bool ProvisioningLog::inScope(size_t job, uint32_t user) const {
  Rng r(sim_.scenario().seed, "provScope", job, user);
  return r.uniform() < jobs_[job].scopeShare;
}

std::vector<ProvisioningEvent> ProvisioningLog::generate(Ticks from, Ticks to) const {
  std::vector<ProvisioningEvent> out;
  if (!enabled_) return out;
  const Scenario& s = sim_.scenario();
  from = std::max(from, s.windowStart());
  to = std::min(to, s.windowEnd);
  if (from >= to) return out;
  // A day at a time: the audit events read per call stay a day's worth.
  if (to - from > kTicksPerDay) {
    for (Ticks at = from; at < to; at += kTicksPerDay) {
      std::vector<ProvisioningEvent> part = generate(at, std::min(to, at + kTicksPerDay));
      out.insert(out.end(), part.begin(), part.end());
    }
    return out;
  }
  // A cycle's entries lie in [start, start + interval); it exports [start - interval, start).
  const std::vector<Event> changes =
      userChanges(std::max(s.windowStart(), from - 2 * interval_), to);
  for (size_t j = 0; j < jobs_.size(); ++j) {
    const Ticks base = s.windowStart() + jobs_[j].offset;
    const Ticks firstStart = std::max<Ticks>(base, from - interval_ + 1);
    uint32_t cycle = static_cast<uint32_t>((firstStart - base + interval_ - 1) / interval_);
    for (Ticks start = cycleStart(j, cycle); start < to; start = cycleStart(j, ++cycle)) {
      auto first = std::lower_bound(changes.begin(), changes.end(), start - interval_,
                                    [](const Event& e, Ticks t) { return e.time < t; });
      auto last = std::lower_bound(first, changes.end(), start,
                                   [](const Event& e, Ticks t) { return e.time < t; });
      const size_t n = static_cast<size_t>(last - first);
      if (n == 0) continue;
      // Entries two seconds apart, closer when the cycle is large; all before the next cycle.
      const Ticks spacing =
          std::min<Ticks>(2 * kTicksPerSecond, interval_ * 9 / 10 / static_cast<Ticks>(n + 1));
      for (size_t i = 0; i < n; ++i) {
        const Event& change = first[static_cast<ptrdiff_t>(i)];
        ProvisioningEvent e;
        e.job = static_cast<uint8_t>(j);
        e.cycle = cycle;
        e.user = change.subject;
        e.key = (static_cast<uint64_t>(j) << (kCycleBits + kEntryBits)) |
                (static_cast<uint64_t>(cycle) << kEntryBits) | (i & ((1u << kEntryBits) - 1));
        Rng r(s.seed, "provEntry", e.key);
        e.time =
            start + static_cast<Ticks>(i + 1) * spacing +
            static_cast<Ticks>(r.below(static_cast<uint64_t>(std::max<Ticks>(1, spacing / 2))));
        if (e.time < from || e.time >= to) continue;
        e.action = actionFor(change, e.detail);
        if (!inScope(j, change.subject)) {
          e.result = ProvisioningResult::Skipped;  // the change's action, as captured [O2]
        } else if (r.chance(failureShare_)) {
          e.result = ProvisioningResult::Failure;
          e.detail = static_cast<uint8_t>(r.below(std::size(kErrors)));
        }
        out.push_back(e);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void ProvisioningLog::describe(const ProvisioningEvent& e, ProvisioningDetails& d,
                               bool withContent) const {
  const uint64_t seed = sim_.scenario().seed;
  const ProvisioningJob& job = jobs_[e.job];
  d.event = &e;
  d.job = &job;
  assignGuid(seed, "provId", e.key, d.id);
  assignGuid(seed, "provChange", e.key, d.changeId);
  assignGuid(seed, "provCycle", (static_cast<uint64_t>(e.job) << 32) | e.cycle, d.cycleId);
  thread_local User user;
  sim_.tenant().fillUser(e.user, user);
  d.sourceId.assign(view(user.id));
  d.sourceName = user.displayName;
  d.userPrincipalName = user.userPrincipalName;
  // The target object: a 16-hex-digit id per (job, user) once created in the app.
  const bool exists =
      e.result != ProvisioningResult::Skipped &&
      !(e.action == ProvisioningAction::Create && e.result == ProvisioningResult::Failure);
  d.targetId.clear();
  if (exists) {
    Rng t(seed, "provTarget", e.job, e.user);
    static constexpr char kHex[] = "0123456789abcdef";
    uint64_t bits = t.next();
    for (int i = 0; i < 16; ++i, bits >>= 4) d.targetId.push_back(kHex[bits & 15]);
  }
  d.errorCode = d.errorCategory = d.reason = d.recommendedAction = d.additionalDetails = {};
  d.stepCount = d.propertyCount = 0;
  if (!withContent) return;
  Rng r(seed, "provDuration", e.key);
  d.durationMs = static_cast<int32_t>(
      e.result == ProvisioningResult::Skipped ? 20 + r.below(200) : 400 + r.below(4000));
  const std::string& upn = d.userPrincipalName;
  std::string_view changeType = e.action == ProvisioningAction::Create   ? "Add"
                                : e.action == ProvisioningAction::Delete ? "Delete"
                                                                         : "Update";
  using T = ProvisioningStepType;
  using R = ProvisioningResult;
  ProvisioningStep& import =
      d.addStep(e.action == ProvisioningAction::Create   ? "EntryImportAdd"
                : e.action == ProvisioningAction::Delete ? "EntryImportDelete"
                                                         : "EntryImportUpdate",
                T::Import, R::Success);
  import.description = "Received User '" + upn + "' change of type (" + std::string(changeType) +
                       ") from " + std::string(kProvisioningSourceSystemName);
  addDetail(import, "objectId", d.sourceId);
  addDetail(import, "accountEnabled", e.action == ProvisioningAction::Disable ? "False" : "True");
  addDetail(import, "displayName", d.sourceName);
  addDetail(import, "userPrincipalName", upn);
  addDetail(import, "IsSoftDeleted", e.action == ProvisioningAction::Delete ? "True" : "False");
  ProvisioningStep& scoping = d.addStep("EntrySynchronizationScoping", T::Scoping, R::Success);
  const bool skipped = e.result == R::Skipped;
  scoping.description = "Determine if User in scope by evaluating against each scoping filter";
  addDetail(scoping, "Active in the source system", "True");
  addDetail(scoping, "Assigned to the application", skipped ? "False" : "True");
  addDetail(scoping, "User has the required role", skipped ? "False" : "True");
  addDetail(scoping, "Scoping filter evaluation passed", "True");
  addDetail(scoping, "ScopeEvaluationResult", "{}");
  if (skipped) {
    ProvisioningStep& skip = d.addStep("EntrySynchronizationSkip", T::Processing, R::Skipped);
    skip.description = "User '" + upn +
                       "' will be skipped. The user is not assigned to the application " + job.app +
                       " and is not in scope for provisioning.";
    addDetail(skip, "SkipReason", "NotEffectivelyEntitled");
    addDetail(skip, "ReportableIdentifier", upn);
    return;
  }
  const std::string_view syncName = e.action == ProvisioningAction::Create   ? "Add"
                                    : e.action == ProvisioningAction::Delete ? "Delete"
                                                                             : "Update";
  ProvisioningStep& matching =
      d.addStep("EntrySynchronization" + std::string(syncName), T::Matching, R::Success);
  matching.description = e.action == ProvisioningAction::Create
                             ? "User '" + upn + "' will be created in " + job.app +
                                   " (User is active and assigned in " +
                                   std::string(kProvisioningSourceSystemName) +
                                   ", but no matching User was found in " + job.app + ")"
                             : "User '" + upn + "' will be " +
                                   (e.action == ProvisioningAction::Delete    ? "deleted"
                                    : e.action == ProvisioningAction::Disable ? "disabled"
                                                                              : "updated") +
                                   " in " + job.app + " (a matching User with " +
                                   job.userNameAttribute + " '" + upn + "' was found)";
  const bool failed = e.result == R::Failure;
  const std::string_view exportName = e.action == ProvisioningAction::Create ? "EntryExportAdd"
                                      : e.action == ProvisioningAction::Delete
                                          ? "EntryExportDelete"
                                          : "EntryExportUpdate";
  ProvisioningStep& exported = d.addStep(exportName, T::Export, failed ? R::Failure : R::Success);
  const std::string_view verb = e.action == ProvisioningAction::Create    ? "created"
                                : e.action == ProvisioningAction::Delete  ? "deleted"
                                : e.action == ProvisioningAction::Disable ? "disabled"
                                                                          : "updated";
  if (failed) {
    const ProvisioningError& error = kErrors[e.detail % std::size(kErrors)];
    d.errorCode = error.code;
    d.errorCategory = error.category;
    d.reason = error.reason;
    d.recommendedAction = error.action;
    d.additionalDetails = "";
    exported.description = "Failed to " + std::string(verb.substr(0, verb.size() - 1)) + " User '" +
                           upn + "' in " + job.app + "; Error: " + std::string(error.reason);
  } else {
    exported.description = "User '" + upn + "' was " + std::string(verb) + " in " + job.app;
  }
  addDetail(exported, "ReportableIdentifier", upn);
  switch (e.action) {
    case ProvisioningAction::Create: {
      ModifiedProperty& name = d.addProperty(job.userNameAttribute);
      name.oldNull = true;
      name.newValue = upn;
      ModifiedProperty& display = d.addProperty("displayName");
      display.oldNull = true;
      display.newValue = d.sourceName;
      ModifiedProperty& active = d.addProperty("active");
      active.oldNull = true;
      active.newValue = "True";
      break;
    }
    case ProvisioningAction::Update:
    case ProvisioningAction::Disable: {
      const AttributeChange& a = kAttributes[e.detail % std::size(kAttributes)];
      ModifiedProperty& p = d.addProperty(a.targetName);
      p.oldValue = a.oldValue;
      p.oldNull = a.oldValue.empty();
      p.newValue = a.newValue;
      break;
    }
    default:
      break;
  }
}

}  // namespace tenantsim
