// Debian's libcpp-httplib is built with OpenSSL support; its classes only match the library's
// layout when the header sees the same switch (PkgConfig::HTTPLIB also defines it).
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include "simulator/export/azure_blob_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "base/base64.h"
#include "base/sha256.h"
#include "base/time.h"
#include "base/url_encoding.h"

namespace tenantsim {
namespace {

constexpr const char* kApiVersion = "2021-08-06";

std::string rfc1123Now() {
  return formatUtcSeconds(std::time(nullptr), "%a, %d %b %Y %H:%M:%S GMT");
}

std::string textBetween(std::string_view text, std::string_view open, std::string_view close,
                        size_t& from) {
  size_t start = text.find(open, from);
  if (start == std::string_view::npos) return from = std::string_view::npos, "";
  start += open.size();
  size_t end = text.find(close, start);
  if (end == std::string_view::npos) return from = std::string_view::npos, "";
  from = end + close.size();
  return std::string(text.substr(start, end - start));
}

}  // namespace

Result<AzureStorageAccount> parseStorageConnectionString(std::string_view text) {
  std::map<std::string, std::string> fields;
  while (!text.empty()) {
    size_t semicolon = text.find(';');
    std::string_view part = text.substr(0, semicolon);
    text = semicolon == std::string_view::npos ? std::string_view() : text.substr(semicolon + 1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos)
      fields[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
  }
  if (fields["UseDevelopmentStorage"] == "true") {
    fields["AccountName"] = "devstoreaccount1";
    fields["AccountKey"] =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    fields["BlobEndpoint"] = "http://127.0.0.1:10000/devstoreaccount1";
  }
  AzureStorageAccount account;
  account.name = fields["AccountName"];
  if (account.name.empty()) return plainError("the connection string has no AccountName");
  std::optional<std::string> key = base64Decode(fields["AccountKey"]);
  if (!key || key->empty()) return plainError("the connection string has no valid AccountKey");
  account.key = std::move(*key);
  std::string endpoint = fields["BlobEndpoint"];
  if (endpoint.empty()) {
    std::string protocol =
        fields.count("DefaultEndpointsProtocol") ? fields["DefaultEndpointsProtocol"] : "https";
    std::string suffix =
        fields.count("EndpointSuffix") ? fields["EndpointSuffix"] : "core.windows.net";
    endpoint = protocol + "://" + account.name + ".blob." + suffix;
  }
  while (endpoint.ends_with('/')) endpoint.pop_back();
  size_t scheme = endpoint.find("://");
  if (scheme == std::string::npos)
    return plainError("the BlobEndpoint '" + endpoint + "' is not a URL");
  size_t pathStart = endpoint.find('/', scheme + 3);
  account.origin = endpoint.substr(0, pathStart);
  account.basePath = pathStart == std::string::npos ? "" : endpoint.substr(pathStart);
  return account;
}

bool parseAzureBlobUrl(std::string_view text, AzureBlobUrl& url) {
  constexpr std::string_view kScheme = "azblob://";
  if (!text.starts_with(kScheme)) return false;
  text.remove_prefix(kScheme.size());
  size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  url.account = std::string(text.substr(0, slash));
  text.remove_prefix(slash + 1);
  slash = text.find('/');
  url.container = std::string(text.substr(0, slash));
  url.prefix = slash == std::string_view::npos ? "" : std::string(text.substr(slash + 1));
  while (url.prefix.ends_with('/')) url.prefix.pop_back();
  return !url.container.empty();
}

struct AzureBlobClient::Impl {
  AzureStorageAccount account;
  httplib::Client http;

  explicit Impl(AzureStorageAccount a) : account(std::move(a)), http(account.origin) {
    http.set_connection_timeout(10);
    http.set_read_timeout(60);
    http.set_write_timeout(60);
    http.set_keep_alive(true);
  }

  // Sends one signed request; path is the resource path (after the endpoint's base path),
  // query the canonical "name=value" parameters. The response body when the status is expected.
  Result<std::string> send(const std::string& method, const std::string& path,
                           const std::vector<std::pair<std::string, std::string>>& query,
                           httplib::Headers msHeaders, std::string_view body,
                           std::initializer_list<int> expected) {
    std::string urlPath = account.basePath + percentEncode(path, "/=");
    msHeaders.emplace("x-ms-date", rfc1123Now());
    msHeaders.emplace("x-ms-version", kApiVersion);
    const std::string contentType = method == "PUT" ? "application/octet-stream" : "";
    std::string toSign = method + "\n\n\n" + (body.empty() ? "" : std::to_string(body.size())) +
                         "\n\n" + contentType + "\n\n\n\n\n\n\n";
    for (const auto& [name, value] : msHeaders)
      toSign += name + ":" + value + "\n";  // Headers are sorted
    toSign += "/" + account.name + urlPath;
    std::vector<std::pair<std::string, std::string>> sortedQuery = query;
    std::sort(sortedQuery.begin(), sortedQuery.end());
    std::string queryText;
    for (const auto& [name, value] : sortedQuery) {
      toSign += "\n" + name + ":" + value;
      queryText += (queryText.empty() ? "?" : "&") + name + "=" + percentEncode(value, "");
    }
    httplib::Headers headers = msHeaders;
    headers.emplace("Authorization",
                    "SharedKey " + account.name + ":" +
                        base64Encode(digestBytes(hmacSha256(account.key, toSign))));
    std::string target = urlPath + queryText;
    httplib::Result result =
        method == "PUT" ? http.Put(target.c_str(), headers, body.data(), body.size(), contentType)
                        : http.Get(target.c_str(), headers);
    if (!result)
      return plainError(method + " " + target + ": " + httplib::to_string(result.error()));
    if (std::find(expected.begin(), expected.end(), result->status) == expected.end()) {
      std::string code = result->get_header_value("x-ms-error-code");
      return plainError(method + " " + target + ": HTTP " + std::to_string(result->status) +
                        (code.empty() ? "" : " " + code));
    }
    return std::move(result->body);
  }
};

AzureBlobClient::AzureBlobClient(AzureStorageAccount account)
    : impl_(std::make_unique<Impl>(std::move(account))) {}
AzureBlobClient::~AzureBlobClient() = default;

Status AzureBlobClient::createContainerIfMissing(std::string_view container) {
  // 409 ContainerAlreadyExists is fine.
  return impl_
      ->send("PUT", "/" + std::string(container), {{"restype", "container"}}, {}, "", {201, 409})
      .status();
}

Status AzureBlobClient::createAppendBlob(std::string_view container, std::string_view blob) {
  return impl_
      ->send("PUT", "/" + std::string(container) + "/" + std::string(blob), {},
             {{"x-ms-blob-type", "AppendBlob"}, {"x-ms-blob-content-type", "application/json"}}, "",
             {201})
      .status();
}

Status AzureBlobClient::appendBlock(std::string_view container, std::string_view blob,
                                    std::string_view bytes) {
  return impl_
      ->send("PUT", "/" + std::string(container) + "/" + std::string(blob),
             {{"comp", "appendblock"}}, {}, bytes, {201})
      .status();
}

Result<std::vector<std::string>> AzureBlobClient::listBlobs(std::string_view container,
                                                            std::string_view prefix) {
  std::vector<std::string> names;
  std::string marker;
  do {
    std::vector<std::pair<std::string, std::string>> query = {{"comp", "list"},
                                                              {"restype", "container"}};
    if (!prefix.empty()) query.emplace_back("prefix", std::string(prefix));
    if (!marker.empty()) query.emplace_back("marker", marker);
    std::string path = "/";  // appended: GCC 12's -O3 -Wrestrict misfires on "/" + std::string
    path += container;
    Result<std::string> listed = impl_->send("GET", path, query, {}, "", {200});
    if (!listed) return std::move(listed).error();
    const std::string& xml = *listed;
    for (size_t at = 0; at != std::string::npos;) {
      std::string name = textBetween(xml, "<Name>", "</Name>", at);
      if (at != std::string::npos) names.push_back(name);
    }
    size_t at = 0;
    marker = textBetween(xml, "<NextMarker>", "</NextMarker>", at);
  } while (!marker.empty());
  return names;
}

Result<std::string> AzureBlobClient::getBlob(std::string_view container, std::string_view blob) {
  return impl_->send("GET", "/" + std::string(container) + "/" + std::string(blob), {}, {}, "",
                     {200});
}

}  // namespace tenantsim
