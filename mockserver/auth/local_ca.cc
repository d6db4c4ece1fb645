#include "mockserver/auth/local_ca.h"

#include <fcntl.h>
#include <openssl/x509_vfy.h>
#include <sys/file.h>
#include <unistd.h>

#include <system_error>

#include "mockserver/auth/atomic_file.h"
#include "mockserver/auth/certificate_builder.h"

namespace tenantsim::auth {
namespace {

constexpr int64_t kDay = 24 * 3600;
constexpr int64_t kCaLifetime = 3650 * kDay;
constexpr int64_t kServerLifetime = 825 * kDay;
constexpr int64_t kRenewBefore = 30 * kDay;
constexpr int64_t kBackdate = 3600;

// Holds an exclusive flock on <dir>/.lock for its lifetime.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::filesystem::path& dir) {
    fd_ = ::open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  bool locked() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

bool validLongEnough(X509* certificate, UnixSeconds now) {
  time_t renew_at = static_cast<time_t>(now + kRenewBefore);
  time_t at = static_cast<time_t>(now);
  return X509_cmp_time(X509_get0_notAfter(certificate), &renew_at) > 0 &&
         X509_cmp_time(X509_get0_notBefore(certificate), &at) < 0;
}

// Certificate and key parse, belong together, and stay valid past the renewal margin.
bool pairIsUsable(const std::string& certificate_pem, const std::string& key_pem, UnixSeconds now) {
  X509Ptr certificate = certificateFromPem(certificate_pem, nullptr);
  PkeyPtr key = privateKeyFromPem(key_pem, nullptr);
  bool ok = certificate && key && X509_check_private_key(certificate.get(), key.get()) == 1 &&
            validLongEnough(certificate.get(), now);
  takeOpenSslError();
  return ok;
}

std::optional<CertificateAuthority> createCertificateAuthority(UnixSeconds now,
                                                               std::string* error) {
  PkeyPtr key = generateRsaKey(2048, error);
  if (!key) return std::nullopt;
  CertificateSpec spec;
  spec.commonName = "tenantsim local CA";
  spec.isCertificateAuthority = true;
  spec.notBeforeUnix = now - kBackdate;
  spec.notAfterUnix = now + kCaLifetime;
  X509Ptr certificate = buildCertificate(spec, key.get(), nullptr, key.get(), error);
  if (!certificate) return std::nullopt;
  return CertificateAuthority{certificateToPem(certificate.get()), privateKeyToPem(key.get())};
}

bool writePair(const std::filesystem::path& certificate_path, const std::string& certificate_pem,
               const std::filesystem::path& key_path, const std::string& key_pem,
               std::string* error) {
  // The key first: a reader that sees the new certificate then also finds its key.
  return writeFileAtomically(key_path, key_pem, 0600, error) &&
         writeFileAtomically(certificate_path, certificate_pem, 0644, error);
}

}  // namespace

const std::vector<std::string>& impersonatedMicrosoftHosts() {
  static const std::vector<std::string> hosts = {"graph.microsoft.com", "login.microsoftonline.com",
                                                 "login.microsoft.com", "login.windows.net"};
  return hosts;
}

const std::vector<std::string>& defaultServerNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all = {"localhost", "127.0.0.1", "::1"};
    const std::vector<std::string>& microsoft = impersonatedMicrosoftHosts();
    all.insert(all.end(), microsoft.begin(), microsoft.end());
    return all;
  }();
  return names;
}

std::optional<CertificateAuthority> loadCertificateAuthority(const std::filesystem::path& dir,
                                                             std::string* error) {
  std::optional<std::string> certificate = readWholeFile(dir / "ca.pem");
  std::optional<std::string> key = readWholeFile(dir / "ca-key.pem");
  if (!certificate || !key) {
    if (error) *error = "missing ca.pem or ca-key.pem in " + dir.string();
    return std::nullopt;
  }
  X509Ptr parsed_certificate = certificateFromPem(*certificate, error);
  PkeyPtr parsed_key = parsed_certificate ? privateKeyFromPem(*key, error) : nullptr;
  if (!parsed_key) return std::nullopt;
  if (X509_check_private_key(parsed_certificate.get(), parsed_key.get()) != 1) {
    takeOpenSslError();
    if (error) *error = "ca-key.pem does not match ca.pem";
    return std::nullopt;
  }
  return CertificateAuthority{std::move(*certificate), std::move(*key)};
}

std::optional<IssuedCertificate> issueServerCertificate(const CertificateAuthority& ca,
                                                        const std::vector<std::string>& names,
                                                        UnixSeconds now, std::string* error) {
  if (names.empty()) {
    if (error) *error = "a server certificate needs at least one name";
    return std::nullopt;
  }
  X509Ptr ca_certificate = certificateFromPem(ca.certificatePem, error);
  PkeyPtr ca_key = ca_certificate ? privateKeyFromPem(ca.privateKeyPem, error) : nullptr;
  PkeyPtr key = ca_key ? generateRsaKey(2048, error) : nullptr;
  if (!key) return std::nullopt;
  CertificateSpec spec;
  spec.commonName = names.front();
  spec.subjectAltNames = names;
  spec.notBeforeUnix = now - kBackdate;
  spec.notAfterUnix = now + kServerLifetime;
  X509Ptr certificate =
      buildCertificate(spec, key.get(), ca_certificate.get(), ca_key.get(), error);
  if (!certificate) return std::nullopt;
  std::string leaf = certificateToPem(certificate.get());
  return IssuedCertificate{leaf, privateKeyToPem(key.get()), leaf + ca.certificatePem};
}

bool certificateChainsTo(std::string_view leaf_pem, std::string_view ca_pem, UnixSeconds at) {
  X509Ptr leaf = certificateFromPem(leaf_pem, nullptr);
  X509Ptr ca = certificateFromPem(ca_pem, nullptr);
  X509StorePtr store(X509_STORE_new());
  X509StoreCtxPtr context(X509_STORE_CTX_new());
  bool ok = leaf && ca && store && context && X509_STORE_add_cert(store.get(), ca.get()) == 1 &&
            X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), nullptr) == 1;
  if (ok) {
    X509_STORE_CTX_set_time(context.get(), 0, static_cast<time_t>(at));
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
    ok = X509_verify_cert(context.get()) == 1;
  }
  takeOpenSslError();
  return ok;
}

bool certificateCoversName(std::string_view certificate_pem, std::string_view name) {
  X509Ptr certificate = certificateFromPem(certificate_pem, nullptr);
  if (!certificate) return false;
  std::string text(name);
  ASN1_OCTET_STRING* ip = a2i_IPADDRESS(text.c_str());
  bool is_ip = ip != nullptr;
  ASN1_OCTET_STRING_free(ip);
  bool covered =
      is_ip ? X509_check_ip_asc(certificate.get(), text.c_str(), 0) == 1
            : X509_check_host(certificate.get(), text.data(), text.size(), 0, nullptr) == 1;
  takeOpenSslError();
  return covered;
}

LocalCertificatesResult ensureLocalCertificates(const std::filesystem::path& dir, UnixSeconds now) {
  LocalCertificatesResult result;
  LocalCertificateFiles& files = result.files;
  files = {dir / "ca.pem", dir / "ca-key.pem", dir / "server.pem", dir / "server-key.pem"};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    result.error = "cannot create " + dir.string() + ": " + ec.message();
    return result;
  }
  DirectoryLock lock(dir);
  if (!lock.locked()) {
    result.error = "cannot lock " + (dir / ".lock").string();
    return result;
  }

  std::optional<std::string> ca_pem = readWholeFile(files.caCertificate);
  std::optional<std::string> ca_key_pem = readWholeFile(files.caPrivateKey);
  CertificateAuthority ca;
  if (ca_pem && ca_key_pem && pairIsUsable(*ca_pem, *ca_key_pem, now)) {
    ca = {*ca_pem, *ca_key_pem};
  } else {
    std::optional<CertificateAuthority> fresh = createCertificateAuthority(now, &result.error);
    if (!fresh || !writePair(files.caCertificate, fresh->certificatePem, files.caPrivateKey,
                             fresh->privateKeyPem, &result.error)) {
      return result;
    }
    ca = *fresh;
    files.createdCa = true;
  }

  std::optional<std::string> server_pem = readWholeFile(files.serverCertificate);
  std::optional<std::string> server_key_pem = readWholeFile(files.serverPrivateKey);
  bool server_ok = !files.createdCa && server_pem && server_key_pem &&
                   pairIsUsable(*server_pem, *server_key_pem, now) &&
                   certificateChainsTo(*server_pem, ca.certificatePem, now);
  for (const std::string& name : defaultServerNames()) {
    server_ok = server_ok && certificateCoversName(*server_pem, name);
  }
  if (!server_ok) {
    std::optional<IssuedCertificate> issued =
        issueServerCertificate(ca, defaultServerNames(), now, &result.error);
    if (!issued || !writePair(files.serverCertificate, issued->certificatePem,
                              files.serverPrivateKey, issued->privateKeyPem, &result.error)) {
      return result;
    }
    files.createdServer = true;
  }
  result.ok = true;
  return result;
}

}  // namespace tenantsim::auth
