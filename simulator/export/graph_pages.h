// The Graph collection pages the graph-pages format writes (audits and sign-ins): a folder of
// page-00001.json, page-00002.json, ... each made with the server's beginPage/endPage.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/atomic_file.h"
#include "simulator/export/exporter.h"

namespace tenantsim {

// "page-00001" for pageIndex 0.
std::string graphPageName(size_t pageIndex);
// --base-url without trailing slashes.
std::string trimmedBaseUrl(const ExportOptions& o);

// Writes `items` items, pageSize to a page, into folder. link(p) is page p's address (the
// nextLink of page p-1). Each page appears whole when complete; finish() writes an empty page
// when there were no items and removes page files of an earlier, longer export.
class GraphPageWriter {
 public:
  GraphPageWriter(std::string folder, std::string context, size_t pageSize, size_t items,
                  std::function<std::string(size_t pageIndex)> link);
  Status add(std::string_view item);
  Status finish();

 private:
  Status startPage();
  Status finishPage();

  std::string folder_, context_;
  size_t pageSize_, pages_;
  std::function<std::string(size_t)> link_;
  std::string page_;
  AtomicFile file_;
  size_t pageIndex_ = 0, onPage_ = 0;
};

}  // namespace tenantsim
