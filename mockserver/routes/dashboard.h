// The web dashboard at /_tenantsim/ui/: static HTML, CSS and vanilla JavaScript compiled into the
// binary (ui/, embedded by cmake/EmbedFiles.cmake), reading the admin JSON routes. No build step
// and nothing loaded from elsewhere (the Content-Security-Policy says so).
#pragma once

#include <httplib.h>

#include <string_view>

namespace tenantsim::mock {

// Answers `route` (the path after /_tenantsim/) when it is "ui", "ui/" or one of the dashboard's
// files, and returns true; false for any other route. The caller has already checked access.
bool serveDashboardFile(std::string_view route, const httplib::Request& request,
                        httplib::Response& response);

}  // namespace tenantsim::mock
