// The request's `Prefer` preferences (RFC 7240) that Graph acts on, and the `Preference-Applied`
// answer.
#pragma once

#include <httplib.h>

#include <string>

namespace tenantsim::mock {

struct Preferences {
  // `include-unknown-enum-members`: send members after an evolvable enum's unknownFutureValue.
  bool includeUnknownEnumMembers = false;
};

// Reads every Prefer header, each a comma-separated list of preferences; a preference's name is
// matched ignoring case, and its value and parameters (`;…`) are ignored. Unknown ones are
// ignored as RFC 7240 says.
Preferences parsePreferences(const httplib::Request& request);

// The Preference-Applied value for the preferences a route honoured ("" when none).
std::string preferenceApplied(const Preferences& applied);

}  // namespace tenantsim::mock
