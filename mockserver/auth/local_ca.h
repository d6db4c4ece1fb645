// A local certificate authority so real clients can talk TLS to the mock: a root CA the user
// trusts once (NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE = ca.pem) and server certificates it
// signs, for the mock's own names and, in proxy mode, for the Microsoft hosts it impersonates.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "mockserver/auth/directory.h"

namespace tenantsim::auth {

// The Microsoft host names tenantsim impersonates (proxy mode intercepts exactly these):
// graph.microsoft.com, login.microsoftonline.com, login.microsoft.com, login.windows.net, and the
// US Government clouds' graph.microsoft.us (L4), dod-graph.microsoft.us (L5) and
// login.microsoftonline.us.
const std::vector<std::string>& impersonatedMicrosoftHosts();

// localhost, 127.0.0.1, ::1 and impersonatedMicrosoftHosts().
const std::vector<std::string>& defaultServerNames();

struct CertificateAuthority {
  std::string certificatePem;
  std::string privateKeyPem;
};

struct IssuedCertificate {
  std::string certificatePem;  // the leaf only
  std::string privateKeyPem;
  std::string chainPem;  // leaf followed by the CA certificate, for TLS servers
};

struct LocalCertificateFiles {
  std::filesystem::path caCertificate;      // <dir>/ca.pem
  std::filesystem::path caPrivateKey;       // <dir>/ca-key.pem (0600)
  std::filesystem::path serverCertificate;  // <dir>/server.pem
  std::filesystem::path serverPrivateKey;   // <dir>/server-key.pem (0600)
  bool createdCa = false;                   // false = an existing valid CA was reused
  bool createdServer = false;
};

// Creates dir if needed and makes sure it holds a valid CA (10 years; reused while it has more
// than 30 days left) and a server certificate (825 days) for defaultServerNames() signed by it.
// Existing valid files are reused; anything missing, mismatched or near expiry is replaced.
// Files are written atomically; concurrent callers (replicas) are serialised with a lock file.
Result<LocalCertificateFiles> ensureLocalCertificates(const std::filesystem::path& dir,
                                                      UnixSeconds now);

// Reads ca.pem and ca-key.pem from dir; an error if missing or not a key pair.
Result<CertificateAuthority> loadCertificateAuthority(const std::filesystem::path& dir);

// A fresh RSA-2048 server certificate for the given DNS names and IP literals (at least one),
// signed by ca, valid from now - 1 h for 825 days. For a CONNECT proxy minting per host.
Result<IssuedCertificate> issueServerCertificate(const CertificateAuthority& ca,
                                                 const std::vector<std::string>& names,
                                                 UnixSeconds now);

// True when leafPem verifies against caPem (X509_verify_cert at time `at`, server purpose).
bool certificateChainsTo(std::string_view leafPem, std::string_view caPem, UnixSeconds at);

// True when the certificate's SANs cover name (DNS name or IP literal).
bool certificateCoversName(std::string_view certificatePem, std::string_view name);

}  // namespace tenantsim::auth
