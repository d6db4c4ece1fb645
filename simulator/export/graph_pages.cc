// graph-pages: the pages the mock server returns for the unfiltered list of each endpoint with
// $top=pageSize, newest first, one file per page, written with the server's beginPage/endPage.
#include <cstdio>
#include <filesystem>
#include <set>

#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {
namespace {

// The folder of each collection's pages is its endpoint's name (directoryAudits, auditEvents).
struct Collection {
  Source source;
  Endpoint endpoint;
};
constexpr Collection kCollections[] = {
    {Source::Entra, Endpoint::DirectoryAudits},
    {Source::Intune, Endpoint::AuditEvents},
};

std::string pageName(size_t pageIndex) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "page-%05zu", pageIndex + 1);
  return buf;
}

std::string trimmedBaseUrl(const ExportOptions& o) {
  std::string base = o.baseUrl;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

// Where page pageIndex is found: the file itself for a file: base URL, else the Graph URL
// with the page's name as $skiptoken.
std::string pageLink(const ExportOptions& o, const Collection& c, size_t pageIndex) {
  std::string base = trimmedBaseUrl(o);
  if (base.starts_with("file:"))
    return base + "/" + std::string(endpointName(c.endpoint)) + "/" + pageName(pageIndex) + ".json";
  return base + "/" + std::string(apiName(o.api)) + "/" + std::string(graphPath(c.endpoint)) +
         "?$top=" + std::to_string(o.pageSize) + "&$skiptoken=" + pageName(pageIndex);
}

// Removes page files of an earlier, longer export so a rerun leaves exactly its own pages.
void removeStalePages(const std::string& folder, size_t pages) {
  std::set<std::string> current;
  for (size_t p = 0; p < pages; ++p) current.insert(pageName(p) + ".json");
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("page-") && name.ends_with(".json") && !current.count(name))
      std::filesystem::remove(entry.path(), ec);
  }
}

Status writeEndpoint(const Simulation& sim, const std::vector<Event>& events,
                     const ExportOptions& o, const Collection& c, ProgressCounter& progress) {
  std::vector<uint32_t> order = endpointOrder(sim, events, c.source, /*newestFirst=*/true);
  const size_t pageSize = static_cast<size_t>(std::max(1, o.pageSize));
  const size_t pages = std::max<size_t>(1, (order.size() + pageSize - 1) / pageSize);
  const std::string folder = outputPath(o, std::string(endpointName(c.endpoint)));
  const std::string context = trimmedBaseUrl(o) + "/" + std::string(apiName(o.api)) +
                              "/$metadata#" + std::string(graphPath(c.endpoint));

  std::string page;
  AtomicFile file;
  size_t pageIndex = 0, onPage = 0;
  auto startPage = [&]() -> Status {
    page.clear();
    beginPage(page, context, pageIndex + 1 < pages ? pageLink(o, c, pageIndex + 1) : std::string());
    onPage = 0;
    return file.open(folder + "/" + pageName(pageIndex) + ".json");
  };
  auto finishPage = [&]() -> Status {
    endPage(page);
    if (Status written = file.write(page); !written) return written;
    ++pageIndex;
    return file.commit();
  };
  if (order.empty()) {
    Status written = startPage();
    if (written) written = finishPage();
    if (written) removeStalePages(folder, pages);
    return written;
  }
  Status written = renderInOrder(
      sim, events, &order, o.threads,
      [&](const EventDetails& d, std::string& out) { renderGraphItem(d, o.api, out); },
      [&](size_t, const RenderedBlock& block) -> Status {
        for (size_t i = 0; i < block.ends.size(); ++i) {
          if (onPage == 0) {
            if (Status started = startPage(); !started) return started;
          } else {
            page += ',';
          }
          page += block.item(i);
          if (++onPage == pageSize) {
            if (Status finished = finishPage(); !finished) return finished;
            onPage = 0;
          }
        }
        return {};
      },
      progress);
  if (written && onPage > 0) written = finishPage();
  if (written) removeStalePages(folder, pages);
  return written;
}

}  // namespace

Status writeGraphPages(const Simulation& sim, const std::vector<Event>& events,
                       const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("graph-pages needs --out DIR");
  ProgressCounter counter{&progress, 0, events.size()};
  for (const Collection& c : kCollections)
    if (Status written = writeEndpoint(sim, events, o, c, counter); !written) return written;
  return {};
}

}  // namespace tenantsim
