// A minimal Azure Blob Storage REST client: Shared Key authorization (HMAC-SHA256), container
// creation, append blobs, listing and reading. Works against Azure and Azurite.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tenantsim {

struct AzureStorageAccount {
  std::string name;
  std::string key;     // decoded account key bytes
  std::string origin;  // scheme://host[:port] of the blob endpoint
  std::string
      basePath;  // path prefix of the endpoint ("/devstoreaccount1" for Azurite; "" for Azure)
};

// Parses "DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...;BlobEndpoint=...;" (or
// EndpointSuffix, or UseDevelopmentStorage=true). Returns the account or an error.
Result<AzureStorageAccount> parseStorageConnectionString(std::string_view text);

// "azblob://ACCOUNT/CONTAINER[/prefix]" -> parts; false when the text is not such a URL.
struct AzureBlobUrl {
  std::string account, container, prefix;  // prefix without leading/trailing '/'
};
bool parseAzureBlobUrl(std::string_view text, AzureBlobUrl& url);

class AzureBlobClient {
 public:
  explicit AzureBlobClient(AzureStorageAccount account);
  ~AzureBlobClient();
  AzureBlobClient(const AzureBlobClient&) = delete;
  AzureBlobClient& operator=(const AzureBlobClient&) = delete;

  // A failure names the request, the status and the service's error code.
  Status createContainerIfMissing(std::string_view container);
  Status createAppendBlob(std::string_view container,
                          std::string_view blob);  // replaces any blob there
  Status appendBlock(std::string_view container, std::string_view blob, std::string_view bytes);
  Result<std::vector<std::string>> listBlobs(std::string_view container, std::string_view prefix);
  Result<std::string> getBlob(std::string_view container, std::string_view blob);

  static constexpr size_t kMaxAppendBlock = 4 * 1024 * 1024;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tenantsim
