// Walking a served Graph collection in the route tests: the escaping their $filter values get,
// and every row of a walk that follows @odata.nextLink.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {

// Spaces and quotes escaped, as clients send a $filter.
inline std::string encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ')
      out += "%20";
    else if (c == '\'')
      out += "%27";
    else
      out += c;
  }
  return out;
}

// Every row from `target` on, following nextLinks; every page must answer 200. `pages`, when
// given, counts the pages.
inline std::vector<nlohmann::json> walk(TestServer& s, std::string target, int* pages = nullptr) {
  std::vector<nlohmann::json> rows;
  for (int n = 0; n < 10'000; ++n) {
    HttpAnswer a = s.get(target);
    EXPECT_EQ(a.status, 200) << target << ": " << a.body;
    if (a.status != 200) break;
    if (pages) ++*pages;
    for (const nlohmann::json& row : a.json["value"]) rows.push_back(row);
    if (!a.json.contains("@odata.nextLink")) break;
    target = s.relative(a.json["@odata.nextLink"]);
  }
  return rows;
}

}  // namespace tenantsim::mock::testing
