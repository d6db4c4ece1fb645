#include "mockserver/odata/filter_cache.h"

#include <array>
#include <string>

namespace tenantsim::odata {

Result<CompiledFilter> compileFilterCached(std::string_view text,
                                           const EndpointCapabilities& caps) {
  if (!caps.sharedTable) return CompiledFilter::compile(text, caps);
  struct Entry {
    const EndpointCapabilities* caps = nullptr;
    std::string text;
    CompiledFilter filter;
  };
  // A handful per thread: a lookup is a few pointer and string compares; replaced in turn.
  constexpr size_t kEntries = 8;
  thread_local std::array<Entry, kEntries> entries;
  thread_local size_t next = 0;
  for (const Entry& e : entries) {
    if (e.caps == &caps && e.text == text) return e.filter;
  }
  Result<CompiledFilter> compiled = CompiledFilter::compile(text, caps);
  if (!compiled) return compiled;
  Entry& e = entries[next];
  next = (next + 1) % kEntries;
  e.caps = &caps;
  e.text.assign(text);
  e.filter = *compiled;
  return compiled;
}

}  // namespace tenantsim::odata
