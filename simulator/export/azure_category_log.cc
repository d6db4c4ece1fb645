#include "simulator/export/azure_category_log.h"

#include <algorithm>
#include <vector>

#include "base/atomic_file.h"
#include "base/json_writer.h"
#include "simulator/export/eventhub_messages.h"
#include "simulator/export/output.h"

namespace tenantsim {
namespace {

// The positions of one category's items, in item order.
std::vector<size_t> positionsOf(const AzureCategoryLog& log, size_t category) {
  std::vector<size_t> positions;
  for (size_t i = 0; i < log.count; ++i)
    if (log.categoryOf(i) == category) positions.push_back(i);
  return positions;
}

Status needsDirectory(const ExportOptions& o) {
  if (o.out.empty() || o.out == "-") return plainError(o.format + " needs --out DIR");
  return {};
}

Status writeHubs(const AzureCategoryLog& log, const ExportOptions& o,
                 const ProgressCallback& progress) {
  if (Status dir = needsDirectory(o); !dir) return dir;
  ProgressCounter counter{&progress, 0, log.count};
  std::vector<EventHubMessageWriter::IndexLine> index;
  std::string record;
  for (size_t c = 0; c < log.categories.size(); ++c) {
    // One hub per category; its batches in send order: by window of visible time, then time.
    std::vector<size_t> order = positionsOf(log, c);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return eventHubWindowOf(log.visibleAtOf(a)) < eventHubWindowOf(log.visibleAtOf(b));
    });
    EventHubMessageWriter writer(o, log.hubSeed ^ (c + 1),
                                 std::string(log.categories[c].container));
    for (size_t i : order) {
      record.clear();
      log.record(i, record);
      if (Status added = writer.add(eventHubWindowOf(log.visibleAtOf(i)), 0, log.provider, record);
          !added)
        return added;
      counter.advance(1);
    }
    if (Status finished = writer.finish(); !finished) return finished;
    index.insert(index.end(), writer.index().begin(), writer.index().end());
  }
  std::stable_sort(index.begin(), index.end(),
                   [](const auto& a, const auto& b) { return a.enqueued < b.enqueued; });
  std::string text;
  for (const auto& line : index) text += line.line;
  return writeFileAtomically(outputPath(o, "eventhub/" + std::string(log.name) + "-index.ndjson"),
                             text);
}

Status writeBlobs(const AzureCategoryLog& log, const ExportOptions& o,
                  const ProgressCallback& progress) {
  if (Status dir = needsDirectory(o); !dir) return dir;
  // One open blob per category (items arrive in time order, so each category's hours rise).
  struct OpenBlob {
    bool open = false;
    Ticks hour = 0;
    AtomicFile file;
  };
  std::vector<OpenBlob> blobs(log.categories.size());
  ProgressCounter counter{&progress, 0, log.count};
  std::string record;
  for (size_t i = 0; i < log.count; ++i) {
    const size_t c = log.categoryOf(i);
    OpenBlob& blob = blobs[c];
    const Ticks hour = hourOf(log.timeOf(i));
    if (!blob.open || blob.hour != hour) {
      if (blob.open)
        if (Status closed = blob.file.commit(); !closed) return closed;
      const std::string path =
          std::string(log.categories[c].container) + "/" + hourlyBlobName(log.resourcePath, hour);
      if (Status opened = blob.file.open(outputPath(o, path)); !opened) return opened;
      blob.open = true;
      blob.hour = hour;
    }
    record.clear();
    log.record(i, record);
    record += '\n';
    if (Status written = blob.file.write(record); !written) return written;
    counter.advance(1);
  }
  for (OpenBlob& blob : blobs)
    if (blob.open)
      if (Status closed = blob.file.commit(); !closed) return closed;
  return {};
}

Status writeTables(const AzureCategoryLog& log, const ExportOptions& o,
                   const ProgressCallback& progress) {
  if (Status dir = needsDirectory(o); !dir) return dir;
  std::string schema = "{\n";
  for (size_t c = 0; c < log.categories.size(); ++c) {
    const AzureCategory& category = log.categories[c];
    schema += "  ";
    appendJsonString(schema, category.table);
    schema += ": [\n";
    for (size_t i = 0; i < category.columns.size(); ++i) {
      schema += "    {\"name\": ";
      appendJsonString(schema, category.columns[i].name);
      schema += ", \"type\": ";
      appendJsonString(schema, category.columns[i].type);
      schema += i + 1 < category.columns.size() ? "},\n" : "}\n";
    }
    schema += c + 1 < log.categories.size() ? "  ],\n" : "  ]\n";
  }
  schema += "}\n";
  if (Status written =
          writeFileAtomically(outputPath(o, std::string(log.name) + "-schema.json"), schema);
      !written)
    return written;
  for (size_t c = 0; c < log.categories.size(); ++c) {
    const std::vector<size_t> positions = positionsOf(log, c);
    ExportOptions file = o;
    file.out = outputPath(o, std::string(log.categories[c].table) + ".ndjson");
    Status written =
        writeLines(positions.size(), file, progress, [&](size_t a, size_t b, std::string& out) {
          for (size_t i = a; i < b; ++i) {
            log.row(positions[i], out);
            out += '\n';
          }
        });
    if (!written) return written;
  }
  return {};
}

Status writeRecordLines(const AzureCategoryLog& log, const ExportOptions& o,
                        const ProgressCallback& progress) {
  return writeLines(log.count, o, progress, [&](size_t a, size_t b, std::string& out) {
    for (size_t i = a; i < b; ++i) {
      log.record(i, out);
      out += '\n';
    }
  });
}

}  // namespace

void beginTableRow(std::string& out, Ticks timeGenerated) {
  out += "{\"TimeGenerated\":\"";
  appendIsoTime(out, timeGenerated);
  out += '"';
}

void appendTimeField(std::string& out, std::string_view key, Ticks t) {
  appendJsonKey(out, key);
  out += '"';
  appendIsoTime(out, t);
  out += '"';
}

bool azureCategoryFormat(std::string_view format) {
  return format == "ndjson" || format == "eventhub" || format == "blob" || format == "loganalytics";
}

Status writeAzureCategoryLog(const AzureCategoryLog& log, const ExportOptions& o,
                             const ProgressCallback& progress) {
  if (o.format == "ndjson") return writeRecordLines(log, o, progress);
  if (o.format == "eventhub") return writeHubs(log, o, progress);
  if (o.format == "blob") return writeBlobs(log, o, progress);
  if (o.format == "loganalytics") return writeTables(log, o, progress);
  return plainError("the " + std::string(log.name) +
                    " log is written as --format ndjson, eventhub, blob or loganalytics, not " +
                    o.format);
}

}  // namespace tenantsim
