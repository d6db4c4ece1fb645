// The rules a scenario schema cannot say: generated volumes within reason, times that fit,
// PIM eligibilities within the window, page sizes and latency settings that agree.
#include <cmath>
#include <cstdio>
#include <string>

#include "base/strings.h"
#include "simulator/scenario/json_locations.h"
#include "simulator/scenario/scenario_document.h"

namespace tenantsim {

using nlohmann::json;

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

std::optional<double> numberAt(const json* object, const char* key) {
  const json* value = object ? member(*object, key) : nullptr;
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

std::optional<Ticks> timeAt(const json* object, const char* key) {
  const json* value = object ? member(*object, key) : nullptr;
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return parseIsoTime(value->get<std::string>());
}

namespace {

// Generated volumes beyond this are almost certainly a typo (and would not fit any machine).
constexpr double kMaxGeneratedEvents = 20e9;
constexpr double kMaxLeafCertificates = 1e9;
constexpr Ticks kMaxLiveStartAfterWindow = 3660 * kTicksPerDay;

// ---- Messages --------------------------------------------------------------------------------

std::string withThousands(double value) {
  char digits[64];
  std::snprintf(digits, sizeof digits, "%.0f", value);
  std::string plain = digits, grouped;
  for (size_t i = 0; i < plain.size(); ++i) {
    if (i > 0 && (plain.size() - i) % 3 == 0) grouped += ',';
    grouped += plain[i];
  }
  return grouped;
}

// "100" for integral values, the shortest round-tripping form otherwise.
std::string numberText(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  return json(value).dump();
}

constexpr double kMaxWindowDays = 366;  // scenario.schema.json: window.days maximum

struct RuleChecker {
  const json& doc;
  std::vector<SchemaViolation>& out;

  void run() {
    const json* tenant = member(doc, "tenant");
    const json* window = member(doc, "window");
    const json* workloads = member(doc, "workloads");
    double users = numberAt(tenant, "users").value_or(1000);
    std::optional<Ticks> end = timeAt(window, "end");
    std::optional<double> days = numberAt(window, "days");
    // The rules run beside the schema, on values it may refuse: a window longer than the schema's
    // maximum (366 days) is reported there, and its start would not fit in Ticks.
    if (end && days && *days > 0 && *days <= kMaxWindowDays)
      checkTimes(*end - static_cast<Ticks>(*days * kTicksPerDay), *end);
    checkPim(workloads ? member(*workloads, "pim") : nullptr, users, days.value_or(0));
    checkBackground(workloads, users, days.value_or(0));
    checkCloudPki(workloads ? member(*workloads, "cloudPki") : nullptr);
    checkSignIns(workloads ? member(*workloads, "signIns") : nullptr, tenant, users,
                 days.value_or(0));
    checkSignInStorylines(workloads ? member(*workloads, "signIns") : nullptr, tenant);
    checkProvisioning(workloads ? member(*workloads, "provisioning") : nullptr, tenant);
    checkIntuneDevices(workloads);
    checkConditionalAccessStorylines(workloads ? member(*workloads, "conditionalAccess") : nullptr);
    checkApps();
    checkServer();
  }

  void checkInsideWindow(const json* holder, const std::string& path, Ticks start, Ticks end) {
    std::optional<Ticks> at = timeAt(holder, "at");
    if (at && (*at < start || *at >= end)) {
      out.push_back({path, "must be inside the window " + formatIsoTime(start) + " .. " +
                               formatIsoTime(end) + ", got " + (*holder)["at"].dump()});
    }
  }

  void checkTimes(Ticks start, Ticks end) {
    if (const json* storylines = member(doc, "storylines"); storylines && storylines->is_array()) {
      for (size_t i = 0; i < storylines->size(); ++i) {
        checkInsideWindow(&(*storylines)[i], jsonPathIndex("$.storylines", i) + ".at", start, end);
      }
    }
    const json* workloads = member(doc, "workloads");
    const json* background = workloads ? member(*workloads, "background") : nullptr;
    if (const json* bursts = background ? member(*background, "bursts") : nullptr;
        bursts && bursts->is_array()) {
      for (size_t i = 0; i < bursts->size(); ++i) {
        checkInsideWindow(&(*bursts)[i], jsonPathIndex("$.workloads.background.bursts", i) + ".at",
                          start, end);
      }
    }
    std::optional<Ticks> live_start = timeAt(member(doc, "live"), "start");
    if (live_start && *live_start < start) {
      out.push_back(
          {"$.live.start", "must not be before the window start " + formatIsoTime(start)});
    } else if (live_start && *live_start > end + kMaxLiveStartAfterWindow) {
      out.push_back(
          {"$.live.start", "must be at most 10 years after the window end " + formatIsoTime(end)});
    }
  }

  void checkVolume(const std::string& path, double volume, double limit, const std::string& what,
                   const std::string& product) {
    if (volume <= limit) return;
    out.push_back({path, "would generate about " + withThousands(volume) + " " + what + " (" +
                             product + "), more than the limit of " + withThousands(limit)});
  }

  void checkPim(const json* pim, double users, double days) {
    if (pim == nullptr || !pim->is_object()) return;
    std::optional<double> eligible = numberAt(pim, "eligibleUsers");
    if (eligible && *eligible > users) {
      out.push_back({"$.workloads.pim.eligibleUsers", "must be at most the tenant's users (" +
                                                          numberText(users) + "), got " +
                                                          numberText(*eligible)});
    }
    double rate = numberAt(pim, "activationsPerEligibleUserPerDay").value_or(0.5);
    double count = eligible.value_or(40);
    checkVolume("$.workloads.pim", count * rate * days, kMaxGeneratedEvents, "PIM activations",
                "eligibleUsers " + numberText(count) + " x activationsPerEligibleUserPerDay " +
                    numberText(rate) + " x window.days " + numberText(days));
  }

  void checkBackground(const json* workloads, double users, double days) {
    const json* background = workloads ? member(*workloads, "background") : nullptr;
    if (background && !background->is_object()) return;  // disabled
    std::optional<double> given = numberAt(background, "eventsPerUserPerDay");
    double rate = given.value_or(BackgroundConfig{}.eventsPerUserPerDay);
    checkVolume(given ? "$.workloads.background.eventsPerUserPerDay" : "$.tenant.users",
                users * rate * days, kMaxGeneratedEvents, "background events",
                "tenant.users " + withThousands(users) + " x eventsPerUserPerDay " +
                    numberText(rate) + " x window.days " + numberText(days));
  }

  void checkCloudPki(const json* pki) {
    if (pki == nullptr || !pki->is_object()) return;
    double issuing = numberAt(pki, "issuingCAs").value_or(2);
    double leaves = numberAt(pki, "leafCertificatesPerCA").value_or(500);
    checkVolume(
        "$.workloads.cloudPki", issuing * leaves, kMaxLeafCertificates, "leaf certificates",
        "issuingCAs " + numberText(issuing) + " x leafCertificatesPerCA " + numberText(leaves));
  }

  // Storylines made of sign-ins only need the sign-in log.
  void checkSignInStorylines(const json* signIns, const json* tenant) {
    const json* storylines = member(doc, "storylines");
    if (!storylines || !storylines->is_array()) return;
    const json* license = tenant ? member(*tenant, "license") : nullptr;
    const bool free = license && *license == "Free";
    const bool off = signIns && signIns->is_boolean() && !signIns->get<bool>();
    if (!free && !off) return;
    for (size_t i = 0; i < storylines->size(); ++i) {
      const json* kind = member((*storylines)[i], "kind");
      if (!kind || !kind->is_string() || !needsSignInLog(kind->get<std::string>())) continue;
      out.push_back({jsonPathIndex("$.storylines", i) + ".kind",
                     kind->get<std::string>() +
                         (isSignInStoryline(kind->get<std::string>()) ? " is made of sign-ins, and "
                          : *kind == "conditionalAccessWeakened"
                              ? " needs the sign-ins the old policy would have blocked, and "
                              : " needs the service principal's sign-ins, and ") +
                         (free ? "tenant.license Free has no sign-in log; raise the license"
                               : "workloads.signIns is false; remove it or the storyline")});
    }
  }

  // Intune device activity needs Intune (docs/intune-devices.md#switch): the background
  // workload, with a share of Intune events.
  void checkIntuneDevices(const json* workloads) {
    const json* devices = workloads ? member(*workloads, "intuneDevices") : nullptr;
    if (devices == nullptr || !devices->is_object()) return;
    const json* background = member(*workloads, "background");
    if (background && background->is_boolean()) {
      out.push_back({"$.workloads.intuneDevices",
                     "needs Intune, and workloads.background is false (Intune's audit events come "
                     "from it); set intuneDevices to false or enable the background workload"});
      return;
    }
    std::optional<double> share = numberAt(background, "intuneShare");
    if (share && *share <= 0)
      out.push_back({"$.workloads.intuneDevices",
                     "needs Intune, and workloads.background.intuneShare is 0; set intuneDevices "
                     "to false or give Intune a share"});
  }

  // conditionalAccessWeakened weakens a policy of the conditionalAccess workload that blocks or
  // challenges the attacker (docs/signins.md#storylines); its options belong to it alone.
  void checkConditionalAccessStorylines(const json* conditionalAccess) {
    const json* storylines = member(doc, "storylines");
    if (!storylines || !storylines->is_array()) return;
    const bool off =
        conditionalAccess && conditionalAccess->is_boolean() && !conditionalAccess->get<bool>();
    const double policies = numberAt(conditionalAccess, "policies").value_or(12);
    for (size_t i = 0; i < storylines->size(); ++i) {
      const json& storyline = (*storylines)[i];
      const json* kind = member(storyline, "kind");
      const std::string path = jsonPathIndex("$.storylines", i);
      if (!kind || !kind->is_string()) continue;
      if (*kind != "conditionalAccessWeakened") {
        for (const char* option : {"weakening", "restoreAfterMinutes"}) {
          if (member(storyline, option))
            out.push_back({path + "." + option, std::string(option) +
                                                    " belongs to conditionalAccessWeakened "
                                                    "storylines only; remove it"});
        }
        continue;
      }
      if (off) {
        out.push_back({path + ".kind",
                       "conditionalAccessWeakened changes a Conditional Access policy, and "
                       "workloads.conditionalAccess is false; remove it or the storyline"});
      } else if (policies < 2) {
        out.push_back({"$.workloads.conditionalAccess.policies",
                       "conditionalAccessWeakened (" + path +
                           ") weakens a policy that blocks or challenges the attacker (the "
                           "second, 'Block legacy authentication', and later ones); set policies "
                           "to 2 or more"});
      }
    }
  }

  // Free tenants have no provisioning logs here (docs/provisioning.md#licence).
  void checkProvisioning(const json* provisioning, const json* tenant) {
    if (provisioning == nullptr || !provisioning->is_object()) return;
    const json* license = tenant ? member(*tenant, "license") : nullptr;
    if (license && *license == "Free") {
      out.push_back({"$.workloads.provisioning",
                     "needs tenant.license P1 or P2 (Free tenants have no provisioning logs "
                     "here); set provisioning to false or raise the license"});
    }
  }

  // Free tenants have no sign-in logs; volumes within reason.
  void checkSignIns(const json* signIns, const json* tenant, double users, double days) {
    // Absent means defaults, written only on request (generate --log signIns): checked there.
    if (signIns == nullptr || !signIns->is_object()) return;
    const json* license = tenant ? member(*tenant, "license") : nullptr;
    if (license && *license == "Free") {
      out.push_back({"$.workloads.signIns",
                     "needs tenant.license P1 or P2 (Free tenants have no sign-in logs); set "
                     "signIns to false or raise the license"});
      return;
    }
    SignInsConfig defaults;
    if (const json* r = member(*signIns, "riskRemediation"); r && r->is_object()) {
      const RiskRemediationConfig d;
      const double users =
          numberAt(r, "passedMfaShare").value_or(d.passedMfaShare) +
          numberAt(r, "securedPasswordResetShare").value_or(d.securedPasswordResetShare) +
          numberAt(r, "adminPasswordResetShare").value_or(d.adminPasswordResetShare) +
          numberAt(r, "adminDismissedShare").value_or(d.adminDismissedShare);
      if (users > 1 + 1e-9)
        out.push_back({"$.workloads.signIns.riskRemediation",
                       "the user remediation shares (passedMfaShare, securedPasswordResetShare, "
                       "adminPasswordResetShare, adminDismissedShare) add up to " +
                           numberText(users) + "; at most 1 (the rest stay at risk)"});
    }
    double interactive = numberAt(signIns, "interactivePerUserPerWorkday")
                             .value_or(defaults.interactivePerUserPerWorkday);
    double multiple = 1 +
                      numberAt(signIns, "nonInteractivePerInteractive")
                          .value_or(defaults.nonInteractivePerInteractive) +
                      numberAt(signIns, "servicePrincipalPerInteractive")
                          .value_or(defaults.servicePrincipalPerInteractive);
    checkVolume("$.workloads.signIns", users * interactive * multiple * days, kMaxGeneratedEvents,
                "sign-ins",
                "tenant.users " + withThousands(users) + " x interactivePerUserPerWorkday " +
                    numberText(interactive) + " x (1 + non-interactive + service-principal " +
                    "multiples) " + numberText(multiple) + " x window.days " + numberText(days));
  }

  void checkApps() {
    const json* apps = member(doc, "apps");
    if (apps == nullptr || !apps->is_array()) return;
    std::map<std::string, size_t> first_use;
    for (size_t i = 0; i < apps->size(); ++i) {
      const json* client_id = member((*apps)[i], "clientId");
      if (client_id == nullptr || !client_id->is_string()) continue;
      std::string key = asciiLowercase(client_id->get<std::string>());
      auto [previous, inserted] = first_use.emplace(key, i);
      if (!inserted) {
        out.push_back({jsonPathIndex("$.apps", i) + ".clientId",
                       "duplicate clientId '" + client_id->get<std::string>() + "' (also used by " +
                           jsonPathIndex("$.apps", previous->second) + ")"});
      }
    }
  }

  void checkLatency(const json* latency, const std::string& path) {
    const json* distribution = latency ? member(*latency, "distribution") : nullptr;
    if (distribution == nullptr || *distribution != "uniform") return;
    double min_ms = numberAt(latency, "minMs").value_or(0),
           max_ms = numberAt(latency, "maxMs").value_or(0);
    if (min_ms > max_ms) {
      out.push_back({path + ".maxMs", "must be at least minMs (" + numberText(min_ms) + "), got " +
                                          numberText(max_ms)});
    }
  }

  void checkServer() {
    const json* server = member(doc, "server");
    if (server == nullptr) return;
    const json* page = member(*server, "pageSize");
    std::optional<double> page_default = numberAt(page, "default");
    double page_max = numberAt(page, "max").value_or(ServerConfig{}.maxPageSize);
    if (page_default && *page_default > page_max) {
      out.push_back({"$.server.pageSize.default", "must be at most pageSize.max (" +
                                                      numberText(page_max) + "), got " +
                                                      numberText(*page_default)});
    }
    checkLatency(member(*server, "latency"), "$.server.latency");
    if (const json* endpoints = member(*server, "endpoints"); endpoints && endpoints->is_object()) {
      for (const auto& [name, endpoint] : endpoints->items()) {
        checkLatency(member(endpoint, "latency"),
                     jsonPathChild(jsonPathChild("$.server.endpoints", name), "latency"));
      }
    }
  }
};

}  // namespace

void checkScenarioRules(const json& doc, std::vector<SchemaViolation>& out) {
  RuleChecker{doc, out}.run();
}

}  // namespace tenantsim
