#include "mockserver/routes/dashboard.h"

#include <embedded/files.h>

#include <string>

namespace tenantsim::mock {
namespace {

struct DashboardFile {
  std::string_view route;
  std::string_view (*bytes)();
  const char* contentType;
};

constexpr DashboardFile kFiles[] = {
    {"ui/", embedded::dashboard_html, "text/html; charset=utf-8"},
    {"ui/index.html", embedded::dashboard_html, "text/html; charset=utf-8"},
    {"ui/dashboard.css", embedded::dashboard_css, "text/css; charset=utf-8"},
    {"ui/dashboard.js", embedded::dashboard_js, "text/javascript; charset=utf-8"},
};

}  // namespace

bool serveDashboardFile(std::string_view route, const httplib::Request& request,
                        httplib::Response& response) {
  if (route == "ui") {
    response.status = 308;
    response.set_header("Location", "/_tenantsim/ui/");
    return true;
  }
  if (request.method != "GET" && request.method != "HEAD") return false;
  for (const DashboardFile& file : kFiles) {
    if (route != file.route) continue;
    std::string_view bytes = file.bytes();
    response.status = 200;
    response.set_header("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                        "script-src 'self'; connect-src 'self'");
    response.set_header("Cache-Control", "no-cache");
    response.set_content(std::string(bytes), file.contentType);
    return true;
  }
  return false;
}

}  // namespace tenantsim::mock
