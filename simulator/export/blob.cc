// blob: the storage-account archive of a diagnostic setting. One append blob per resource and
// hour of record time, JSON Lines (one record per line), under
//   insights-logs-auditlogs/resourceId=<resource id, lower-case
//   provider>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json
// written as local files, or with --out azblob://ACCOUNT/CONTAINER[/prefix] into Azure Blob
// Storage (the container takes the place of insights-logs-auditlogs).
#include <cstdlib>
#include <memory>

#include "simulator/export/azure_blob_client.h"
#include "simulator/export/azure_records.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {
namespace {

constexpr std::string_view kContainer = "insights-logs-auditlogs";

// Where the hour's blob goes, relative to the container.
std::string blobName(Source source, std::string_view tenantId, Ticks hour) {
  return hourlyBlobName(source == Source::Intune
                            ? "/providers/microsoft.intune/tenants/" + std::string(tenantId)
                            : "/tenants/" + std::string(tenantId) + "/providers/microsoft.aadiam",
                        hour);
}

// A destination of hourly blobs: one blob is open per resource at a time.
class BlobSink {
 public:
  virtual ~BlobSink() = default;
  virtual Status open(int slot, const std::string& name) = 0;
  virtual Status append(int slot, std::string_view bytes) = 0;
  virtual Status close(int slot) = 0;
};

class LocalBlobSink : public BlobSink {
 public:
  explicit LocalBlobSink(const ExportOptions& o) : options_(o) {}
  Status open(int slot, const std::string& name) override {
    return files_[slot].open(outputPath(options_, std::string(kContainer) + "/" + name));
  }
  Status append(int slot, std::string_view bytes) override { return files_[slot].write(bytes); }
  Status close(int slot) override { return files_[slot].commit(); }

 private:
  const ExportOptions& options_;
  AtomicFile files_[2];
};

// Put Blob (AppendBlob) when a blob opens, then Append Block whenever 4 MiB are pending.
class AzureBlobSink : public BlobSink {
 public:
  AzureBlobSink(AzureBlobClient& client, AzureBlobUrl url)
      : client_(client), url_(std::move(url)) {}
  Status open(int slot, const std::string& name) override {
    names_[slot] = url_.prefix.empty() ? name : url_.prefix + "/" + name;
    pending_[slot].clear();
    return client_.createAppendBlob(url_.container, names_[slot]);
  }
  Status append(int slot, std::string_view bytes) override {
    std::string& pending = pending_[slot];
    if (pending.size() + bytes.size() > AzureBlobClient::kMaxAppendBlock)
      if (Status flushed = flush(slot); !flushed) return flushed;
    pending += bytes;
    return {};
  }
  Status close(int slot) override { return flush(slot); }

 private:
  Status flush(int slot) {
    if (pending_[slot].empty()) return {};
    Status appended = client_.appendBlock(url_.container, names_[slot], pending_[slot]);
    pending_[slot].clear();
    return appended;
  }
  AzureBlobClient& client_;
  AzureBlobUrl url_;
  std::string names_[2], pending_[2];
};

Status writeBlobs(const Simulation& sim, const std::vector<Event>& events, const ExportOptions& o,
                  const ProgressCallback& progress, BlobSink& sink) {
  const std::string tenantId = sim.tenant().id();
  struct OpenBlob {
    bool open = false;
    Ticks hour = 0;
  } blobs[2];
  auto closeSlot = [&](int slot) -> Status {
    if (!blobs[slot].open) return {};
    blobs[slot].open = false;
    return sink.close(slot);
  };
  ProgressCounter counter{&progress, 0, events.size()};
  Status written = renderInOrder(
      sim, events, nullptr, o.threads,
      [&](const EventDetails& d, std::string& out) {
        renderAzureRecord(d, tenantId, out);
        out += '\n';
      },
      [&](size_t first, const RenderedBlock& block) -> Status {
        // Consecutive records of one blob are appended in one call.
        for (size_t i = 0; i < block.ends.size();) {
          const Event& e = events[first + i];
          int slot = sourceOf(sim, e) == Source::Intune ? 1 : 0;
          Ticks hour = hourOf(e.time);
          if (!blobs[slot].open || blobs[slot].hour != hour) {
            if (Status closed = closeSlot(slot); !closed) return closed;
            if (Status opened =
                    sink.open(slot, blobName(static_cast<Source>(slot), tenantId, hour));
                !opened)
              return opened;
            blobs[slot] = {true, hour};
          }
          size_t end = i + 1;
          while (end < block.ends.size()) {
            const Event& next = events[first + end];
            if (sourceOf(sim, next) != sourceOf(sim, e) || next.time - hour >= kTicksPerHour) break;
            ++end;
          }
          size_t begin = i ? block.ends[i - 1] : 0;
          std::string_view bytes =
              std::string_view(block.bytes).substr(begin, block.ends[end - 1] - begin);
          if (Status appended = sink.append(slot, bytes); !appended) return appended;
          i = end;
        }
        return {};
      },
      counter);
  for (int slot : {0, 1}) {
    Status closed = closeSlot(slot);
    if (written) written = std::move(closed);
  }
  return written;
}

Status writeToAzure(const Simulation& sim, const std::vector<Event>& events, const ExportOptions& o,
                    const ProgressCallback& progress) {
  AzureBlobUrl url;
  if (!parseAzureBlobUrl(o.out, url))
    return plainError("--out must be azblob://ACCOUNT/CONTAINER[/prefix], got " + o.out);
  const char* connection = std::getenv("AZURE_STORAGE_CONNECTION_STRING");
  if (!connection || !*connection)
    return plainError("azblob:// needs the environment variable AZURE_STORAGE_CONNECTION_STRING");
  Result<AzureStorageAccount> account = parseStorageConnectionString(connection);
  if (!account) return plainError("AZURE_STORAGE_CONNECTION_STRING: " + account.error().message);
  if (account->name != url.account)
    return plainError("--out names account '" + url.account +
                      "' but the connection string is for '" + account->name + "'");
  AzureBlobClient client(std::move(*account));
  if (Status created = client.createContainerIfMissing(url.container); !created) return created;
  AzureBlobSink sink(client, url);
  return writeBlobs(sim, events, o, progress, sink);
}

}  // namespace

bool isAzureBlobDestination(std::string_view out) { return out.starts_with("azblob://"); }

Status writeBlob(const Simulation& sim, const std::vector<Event>& events, const ExportOptions& o,
                 const ProgressCallback& progress) {
  if (isAzureBlobDestination(o.out)) return writeToAzure(sim, events, o, progress);
  if (o.out.empty() || o.out == "-")
    return plainError("blob needs --out DIR or --out azblob://ACCOUNT/CONTAINER[/prefix]");
  LocalBlobSink sink(o);
  return writeBlobs(sim, events, o, progress, sink);
}

}  // namespace tenantsim
