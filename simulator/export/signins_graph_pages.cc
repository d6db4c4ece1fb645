// graph-pages for the sign-in log: OUT/signIns/page-NNNNN.json, the pages the list
// auditLogs/signIns returns newest first with $top=pageSize. v1.0 pages hold interactive user
// sign-ins; beta pages hold every kind, as the list filtered on all four signInEventTypes
// returns them (Graph's beta default is interactive only, so the nextLinks carry that filter).
#include "base/url_encoding.h"
#include "simulator/export/graph_pages.h"
#include "simulator/export/signin_output.h"
#include "simulator/graph/signin_render.h"

namespace tenantsim {
namespace {

constexpr std::string_view kFolder = "signIns", kPath = "auditLogs/signIns";
constexpr std::string_view kEveryEventType =
    "signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser' or t eq "
    "'servicePrincipal' or t eq 'managedIdentity')";

std::string signInPageLink(const ExportOptions& o, size_t pageIndex) {
  std::string base = trimmedBaseUrl(o);
  if (base.starts_with("file:"))
    return base + "/" + std::string(kFolder) + "/" + graphPageName(pageIndex) + ".json";
  std::string link = base + "/" + std::string(apiName(o.api)) + "/" + std::string(kPath) + "?";
  if (o.api == ApiVersion::Beta) link += "$filter=" + encodeQueryValue(kEveryEventType) + "&";
  return link + "$top=" + std::to_string(o.pageSize) + "&$skiptoken=" + graphPageName(pageIndex);
}

}  // namespace

Status writeSignInGraphPages(const SignInLog& log, const std::vector<SignIn>& signIns,
                             const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("graph-pages needs --out DIR");
  std::vector<uint32_t> order = signInPositions(
      signIns, [&](const SignIn& s) { return inDefaultPopulation(s, o.api); },
      /*newestFirst=*/true);
  const std::string context =
      trimmedBaseUrl(o) + "/" + std::string(apiName(o.api)) + "/$metadata#" + std::string(kPath);
  GraphPageWriter pages(outputPath(o, kFolder), context,
                        static_cast<size_t>(std::max(1, o.pageSize)), order.size(),
                        [&](size_t p) { return signInPageLink(o, p); });
  ProgressCounter counter{&progress, 0, order.size()};
  Status written = renderSignInsInOrder(
      log, signIns, &order, o.threads,
      [&](const SignInDetails& d, std::string& out) { renderSignIn(d, o.api, out); },
      [&](size_t, const RenderedBlock& block) -> Status {
        for (size_t i = 0; i < block.ends.size(); ++i)
          if (Status added = pages.add(block.item(i)); !added) return added;
        return {};
      },
      counter);
  return written ? pages.finish() : written;
}

}  // namespace tenantsim
