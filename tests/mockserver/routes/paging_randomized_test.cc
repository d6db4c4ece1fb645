// Many random valid filters, every page walked: the union of the pages equals a brute-force
// filter of the generated events visible at the clock (nothing missing, nothing twice, in order).
#include <functional>
#include <random>
#include <set>

#include "mockserver/routes/query_engine.h"
#include "simulator/graph/render.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using Json = nlohmann::json;
using Predicate = std::function<bool(const Json&)>;

struct RandomFilter {
  std::string text;  // URL-ready ('%20' for spaces)
  Predicate matches;
};

std::string encode(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ')
      out += "%20";
    else if (c == '&' || c == '+' || c == '#' || c == '%')
      out += "%" + std::string(1, "0123456789ABCDEF"[uint8_t(c) >> 4]) + "0123456789ABCDEF"[c & 15];
    else
      out += c;
  }
  return out;
}

std::string odataString(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

class FilterFactory {
 public:
  FilterFactory(const std::vector<Json>& items, bool intune, uint64_t seed)
      : items_(items), intune_(intune), rng_(seed) {}

  RandomFilter make() {
    int clauses = 1 + pick(3);
    RandomFilter f{"", [](const Json&) { return true; }};
    for (int i = 0; i < clauses; ++i) {
      RandomFilter c = clause();
      f.text = f.text.empty() ? c.text : f.text + " and " + c.text;
      f.matches = [a = f.matches, b = c.matches](const Json& j) { return a(j) && b(j); };
    }
    return f;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  const Json& sample() { return items_[pick(static_cast<int>(items_.size()))]; }

  RandomFilter equality(const char* path, std::function<Json(const Json&)> get) {
    Json v = get(sample());
    if (!v.is_string()) return timeBound();
    std::string value = v;
    return {std::string(path) + " eq " + odataString(value), [get, value](const Json& j) {
              Json x = get(j);
              return x.is_string() && x.get<std::string>() == value;
            }};
  }
  RandomFilter prefix(const char* path, std::function<Json(const Json&)> get) {
    Json v = get(sample());
    if (!v.is_string() || v.get<std::string>().empty()) return equality(path, get);
    std::string value =
        v.get<std::string>().substr(0, 1 + pick(static_cast<int>(v.get<std::string>().size())));
    return {"startswith(" + std::string(path) + "," + odataString(value) + ")",
            [get, value](const Json& j) {
              Json x = get(j);
              return x.is_string() && x.get<std::string>().starts_with(value);
            }};
  }
  RandomFilter timeBound() {
    std::string t = sample()["activityDateTime"];
    bool lower = pick(2);
    return {std::string("activityDateTime ") + (lower ? "ge " : "le ") + t,
            [t, lower](const Json& j) {
              std::string x = j["activityDateTime"];
              return lower ? x >= t : x <= t;
            }};
  }
  RandomFilter any(const char* collection, const char* idKey, const char* graphKey) {
    const Json& item = sample();
    if (item[collection].empty()) return timeBound();
    std::string id = item[collection][0][idKey];
    std::string c = collection, k = idKey;
    return {std::string(collection) + "/any(x:x/" + graphKey + " eq " + odataString(id) + ")",
            [c, k, id](const Json& j) {
              for (const Json& e : j[c])
                if (e[k] == id) return true;
              return false;
            }};
  }

  RandomFilter clause() {
    auto field = [](std::vector<std::string> path) {
      return [path](const Json& j) -> Json {
        const Json* at = &j;
        for (const std::string& p : path) {
          if (!at->is_object() || !at->contains(p)) return nullptr;
          at = &(*at)[p];
        }
        return *at;
      };
    };
    if (intune_) {
      switch (pick(6)) {
        case 0:
          return equality("activityType", field({"activityType"}));
        case 1:
          return equality("componentName", field({"componentName"}));
        case 2:
          return equality("category", field({"category"}));
        case 3:
          return any("resources", "resourceId", "resourceId");
        case 4: {
          std::string op = sample()["activityOperationType"];
          return {"activityOperationType ne " + odataString(op),
                  [op](const Json& j) { return j["activityOperationType"] != op; }};
        }
        default:
          return timeBound();
      }
    }
    switch (pick(8)) {
      case 0:
        return equality("activityDisplayName", field({"activityDisplayName"}));
      case 1:
        return prefix("activityDisplayName", field({"activityDisplayName"}));
      case 2:
        return equality("loggedByService", field({"loggedByService"}));
      case 3:
        return equality("category", field({"category"}));
      case 4:
        return equality("initiatedBy/user/userPrincipalName",
                        field({"initiatedBy", "user", "userPrincipalName"}));
      case 5:
        return prefix("initiatedBy/user/userPrincipalName",
                      field({"initiatedBy", "user", "userPrincipalName"}));
      case 6:
        return any("targetResources", "id", "id");
      default:
        return timeBound();
    }
  }

  const std::vector<Json>& items_;
  bool intune_;
  std::mt19937_64 rng_;
};

// The listable items of one endpoint, oldest first, rendered as the server renders them.
std::vector<Json> visibleItems(TestServer& s, Source source) {
  Ticks now = s.simulation().scenario().windowEnd;
  Ticks floor = retentionFloor(s.simulation().scenario(), source, now);
  std::vector<Json> out;
  EventDetails d;
  std::string buf;
  for (const Event& e : s.events()) {
    if (Catalog::instance().at(e.activity).source != source || e.visibleAt() > now ||
        e.time < floor)
      continue;
    s.simulation().describe(e, d);
    buf.clear();
    renderGraphItem(d, ApiVersion::V1, buf);
    out.push_back(parseJson(buf));
  }
  return out;
}

void walkRandomFilters(Source source, const char* path, uint64_t seed) {
  TestServer& s = sharedServer();
  std::vector<Json> items = visibleItems(s, source);
  ASSERT_FALSE(items.empty());
  FilterFactory factory(items, source == Source::Intune, seed);
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 30; ++round) {
    RandomFilter filter = factory.make();
    bool ascending = rng() % 2;
    std::vector<std::string> expected;
    for (const Json& j : items)
      if (filter.matches(j)) expected.push_back(j["id"]);
    if (!ascending) std::reverse(expected.begin(), expected.end());
    const int tops[] = {1, 7, 50, 333, 1000};
    int top = tops[rng() % 5];
    while (expected.size() / top > 60) top = top == 1 ? 7 : top == 7 ? 50 : top == 50 ? 333 : 1000;
    std::string target = std::string(path) + "?$filter=" + encode(filter.text) +
                         "&$top=" + std::to_string(top) +
                         (ascending ? "&$orderby=activityDateTime%20asc" : "");
    // A walk stops after 5,000 items (rendering and parsing them is what costs under the
    // sanitizers): a walk that ended lists exactly the expected ids, a longer one their start.
    std::vector<std::string> got;
    bool ended = false;
    while (got.size() < 5000) {
      HttpAnswer a = s.get(target);
      ASSERT_EQ(a.status, 200) << filter.text << ": " << a.body;
      ASSERT_LE(a.json["value"].size(), static_cast<size_t>(top));
      for (const Json& item : a.json["value"]) got.push_back(item["id"]);
      if (!a.json.contains("@odata.nextLink")) {
        ended = true;
        break;
      }
      target = s.relative(a.json["@odata.nextLink"]);
    }
    EXPECT_EQ(got.size(), std::set<std::string>(got.begin(), got.end()).size())
        << filter.text << ": duplicates";
    if (!ended) expected.resize(std::min(expected.size(), got.size()));
    EXPECT_EQ(got, expected) << filter.text << (ascending ? " asc" : " desc") << " top " << top;
  }
}

TEST(PagingRandomized, DirectoryAuditPagesEqualBruteForce) {
  walkRandomFilters(Source::Entra, "/v1.0/auditLogs/directoryAudits", 7);
}

TEST(PagingRandomized, AuditEventPagesEqualBruteForce) {
  walkRandomFilters(Source::Intune, "/v1.0/deviceManagement/auditEvents", 11);
}

TEST(PagingRandomized, UnfilteredWalkListsEveryVisibleEventOnce) {
  TestServer& s = sharedServer();
  std::vector<Json> items = visibleItems(s, Source::Intune);
  std::vector<std::string> expected;
  for (auto it = items.rbegin(); it != items.rend(); ++it) expected.push_back((*it)["id"]);
  std::vector<std::string> got;
  std::string target = "/v1.0/deviceManagement/auditEvents?$top=97";
  while (true) {
    HttpAnswer a = s.get(target);
    ASSERT_EQ(a.status, 200) << a.body;
    for (const Json& item : a.json["value"]) got.push_back(item["id"]);
    if (!a.json.contains("@odata.nextLink")) break;
    target = s.relative(a.json["@odata.nextLink"]);
  }
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace tenantsim::mock::testing
