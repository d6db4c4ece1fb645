// graph-pages: the pages the mock server returns for the unfiltered list of each endpoint with
// $top=pageSize, newest first, one file per page, written with the server's beginPage/endPage.
#include "simulator/export/graph_pages.h"

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

// Where page pageIndex is found: the file itself for a file: base URL, else the Graph URL
// with the page's name as $skiptoken.
std::string pageLink(const ExportOptions& o, const Collection& c, size_t pageIndex) {
  std::string base = trimmedBaseUrl(o);
  if (base.starts_with("file:"))
    return base + "/" + std::string(endpointName(c.endpoint)) + "/" + graphPageName(pageIndex) +
           ".json";
  return base + "/" + std::string(apiName(o.api)) + "/" + std::string(graphPath(c.endpoint)) +
         "?$top=" + std::to_string(o.pageSize) + "&$skiptoken=" + graphPageName(pageIndex);
}

// Removes page files of an earlier, longer export so a rerun leaves exactly its own pages.
void removeStalePages(const std::string& folder, size_t pages) {
  std::set<std::string> current;
  for (size_t p = 0; p < pages; ++p) current.insert(graphPageName(p) + ".json");
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
  const std::string folder = outputPath(o, std::string(endpointName(c.endpoint)));
  const std::string context = trimmedBaseUrl(o) + "/" + std::string(apiName(o.api)) +
                              "/$metadata#" + std::string(graphPath(c.endpoint));
  GraphPageWriter pages(folder, context, static_cast<size_t>(std::max(1, o.pageSize)), order.size(),
                        [&](size_t p) { return pageLink(o, c, p); });
  Status written = renderInOrder(
      sim, events, &order, o.threads,
      [&](const EventDetails& d, std::string& out) { renderGraphItem(d, o.api, out); },
      [&](size_t, const RenderedBlock& block) -> Status {
        for (size_t i = 0; i < block.ends.size(); ++i)
          if (Status added = pages.add(block.item(i)); !added) return added;
        return {};
      },
      progress);
  return written ? pages.finish() : written;
}

}  // namespace

std::string graphPageName(size_t pageIndex) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "page-%05zu", pageIndex + 1);
  return buf;
}

std::string trimmedBaseUrl(const ExportOptions& o) {
  std::string base = o.baseUrl;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

GraphPageWriter::GraphPageWriter(std::string folder, std::string context, size_t pageSize,
                                 size_t items, std::function<std::string(size_t)> link)
    : folder_(std::move(folder)),
      context_(std::move(context)),
      pageSize_(std::max<size_t>(1, pageSize)),
      pages_(std::max<size_t>(1, (items + pageSize_ - 1) / pageSize_)),
      link_(std::move(link)) {}

Status GraphPageWriter::startPage() {
  page_.clear();
  beginPage(page_, context_, pageIndex_ + 1 < pages_ ? link_(pageIndex_ + 1) : std::string());
  onPage_ = 0;
  return file_.open(folder_ + "/" + graphPageName(pageIndex_) + ".json");
}

Status GraphPageWriter::finishPage() {
  endPage(page_);
  if (Status written = file_.write(page_); !written) return written;
  ++pageIndex_;
  return file_.commit();
}

Status GraphPageWriter::add(std::string_view item) {
  if (onPage_ == 0) {
    if (Status started = startPage(); !started) return started;
  } else {
    page_ += ',';
  }
  page_ += item;
  if (++onPage_ == pageSize_) {
    if (Status finished = finishPage(); !finished) return finished;
    onPage_ = 0;
  }
  return {};
}

Status GraphPageWriter::finish() {
  Status written;
  if (pageIndex_ == 0 && onPage_ == 0) {
    written = startPage();
    if (written) written = finishPage();
  } else if (onPage_ > 0) {
    written = finishPage();
  }
  if (written) removeStalePages(folder_, pages_);
  return written;
}

Status writeGraphPages(const Simulation& sim, const std::vector<Event>& events,
                       const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("graph-pages needs --out DIR");
  ProgressCounter counter{&progress, 0, events.size()};
  for (const Collection& c : kCollections)
    if (Status written = writeEndpoint(sim, events, o, c, counter); !written) return written;
  return {};
}

}  // namespace tenantsim
