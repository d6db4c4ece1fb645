#include "mockserver/auth/local_ca.h"

#include <fcntl.h>
#include <openssl/x509_vfy.h>
#include <sys/file.h>
#include <unistd.h>

#include <system_error>

#include "base/atomic_file.h"
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
  time_t renewAt = static_cast<time_t>(now + kRenewBefore);
  time_t at = static_cast<time_t>(now);
  return X509_cmp_time(X509_get0_notAfter(certificate), &renewAt) > 0 &&
         X509_cmp_time(X509_get0_notBefore(certificate), &at) < 0;
}

// Certificate and key parse, belong together, and stay valid past the renewal margin.
bool pairIsUsable(const std::string& certificatePem, const std::string& keyPem, UnixSeconds now) {
  Result<X509Ptr> certificate = certificateFromPem(certificatePem);
  Result<PkeyPtr> key = privateKeyFromPem(keyPem);
  bool usable = certificate && key && X509_check_private_key(certificate->get(), key->get()) == 1 &&
                validLongEnough(certificate->get(), now);
  takeOpenSslError();
  return usable;
}

Result<CertificateAuthority> createCertificateAuthority(UnixSeconds now) {
  Result<PkeyPtr> key = generateRsaKey(2048);
  if (!key) return std::move(key).error();
  CertificateSpec spec;
  spec.commonName = "tenantsim local CA";
  spec.isCertificateAuthority = true;
  spec.notBeforeUnix = now - kBackdate;
  spec.notAfterUnix = now + kCaLifetime;
  Result<X509Ptr> certificate = buildCertificate(spec, key->get(), nullptr, key->get());
  if (!certificate) return std::move(certificate).error();
  return CertificateAuthority{certificateToPem(certificate->get()), privateKeyToPem(key->get())};
}

Status writePair(const std::filesystem::path& certificatePath, const std::string& certificatePem,
                 const std::filesystem::path& keyPath, const std::string& keyPem) {
  // The key first: a reader that sees the new certificate then also finds its key.
  if (Status written = writeFileAtomically(keyPath, keyPem, {.permissions = 0600, .durable = true});
      !written)
    return written;
  return writeFileAtomically(certificatePath, certificatePem,
                             {.permissions = 0644, .durable = true});
}

}  // namespace

const std::vector<std::string>& impersonatedMicrosoftHosts() {
  static const std::vector<std::string> hosts = {
      "graph.microsoft.com",     "login.microsoftonline.com", "login.microsoft.com",
      "login.windows.net",       "graph.microsoft.us",        "dod-graph.microsoft.us",
      "login.microsoftonline.us"};
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

Result<CertificateAuthority> loadCertificateAuthority(const std::filesystem::path& dir) {
  Result<std::string> certificate = readWholeFile(dir / "ca.pem");
  Result<std::string> key = readWholeFile(dir / "ca-key.pem");
  if (!certificate || !key) return plainError("missing ca.pem or ca-key.pem in " + dir.string());
  Result<X509Ptr> parsedCertificate = certificateFromPem(*certificate);
  if (!parsedCertificate) return std::move(parsedCertificate).error();
  Result<PkeyPtr> parsedKey = privateKeyFromPem(*key);
  if (!parsedKey) return std::move(parsedKey).error();
  if (X509_check_private_key(parsedCertificate->get(), parsedKey->get()) != 1) {
    takeOpenSslError();
    return plainError("ca-key.pem does not match ca.pem");
  }
  return CertificateAuthority{std::move(*certificate), std::move(*key)};
}

Result<IssuedCertificate> issueServerCertificate(const CertificateAuthority& ca,
                                                 const std::vector<std::string>& names,
                                                 UnixSeconds now) {
  if (names.empty()) return plainError("a server certificate needs at least one name");
  Result<X509Ptr> caCertificate = certificateFromPem(ca.certificatePem);
  if (!caCertificate) return std::move(caCertificate).error();
  Result<PkeyPtr> caKey = privateKeyFromPem(ca.privateKeyPem);
  if (!caKey) return std::move(caKey).error();
  Result<PkeyPtr> key = generateRsaKey(2048);
  if (!key) return std::move(key).error();
  CertificateSpec spec;
  spec.commonName = names.front();
  spec.subjectAltNames = names;
  spec.notBeforeUnix = now - kBackdate;
  spec.notAfterUnix = now + kServerLifetime;
  Result<X509Ptr> certificate =
      buildCertificate(spec, key->get(), caCertificate->get(), caKey->get());
  if (!certificate) return std::move(certificate).error();
  std::string leaf = certificateToPem(certificate->get());
  return IssuedCertificate{leaf, privateKeyToPem(key->get()), leaf + ca.certificatePem};
}

bool certificateChainsTo(std::string_view leafPem, std::string_view caPem, UnixSeconds at) {
  Result<X509Ptr> leaf = certificateFromPem(leafPem);
  Result<X509Ptr> ca = certificateFromPem(caPem);
  X509StorePtr store(X509_STORE_new());
  X509StoreCtxPtr context(X509_STORE_CTX_new());
  bool chains = leaf && ca && store && context &&
                X509_STORE_add_cert(store.get(), ca->get()) == 1 &&
                X509_STORE_CTX_init(context.get(), store.get(), leaf->get(), nullptr) == 1;
  if (chains) {
    X509_STORE_CTX_set_time(context.get(), 0, static_cast<time_t>(at));
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
    chains = X509_verify_cert(context.get()) == 1;
  }
  takeOpenSslError();
  return chains;
}

bool certificateCoversName(std::string_view certificatePem, std::string_view name) {
  Result<X509Ptr> certificate = certificateFromPem(certificatePem);
  if (!certificate) {
    takeOpenSslError();
    return false;
  }
  std::string text(name);
  ASN1_OCTET_STRING* ip = a2i_IPADDRESS(text.c_str());
  bool isIp = ip != nullptr;
  ASN1_OCTET_STRING_free(ip);
  bool covered =
      isIp ? X509_check_ip_asc(certificate->get(), text.c_str(), 0) == 1
           : X509_check_host(certificate->get(), text.data(), text.size(), 0, nullptr) == 1;
  takeOpenSslError();
  return covered;
}

Result<LocalCertificateFiles> ensureLocalCertificates(const std::filesystem::path& dir,
                                                      UnixSeconds now) {
  LocalCertificateFiles files{dir / "ca.pem", dir / "ca-key.pem", dir / "server.pem",
                              dir / "server-key.pem"};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return plainError("cannot create " + dir.string() + ": " + ec.message());
  DirectoryLock lock(dir);
  if (!lock.locked()) return plainError("cannot lock " + (dir / ".lock").string());

  Result<std::string> caPem = readWholeFile(files.caCertificate);
  Result<std::string> caKeyPem = readWholeFile(files.caPrivateKey);
  CertificateAuthority ca;
  if (caPem && caKeyPem && pairIsUsable(*caPem, *caKeyPem, now)) {
    ca = {*caPem, *caKeyPem};
  } else {
    Result<CertificateAuthority> fresh = createCertificateAuthority(now);
    if (!fresh) return std::move(fresh).error();
    if (Status written = writePair(files.caCertificate, fresh->certificatePem, files.caPrivateKey,
                                   fresh->privateKeyPem);
        !written)
      return std::move(written).error();
    ca = *fresh;
    files.createdCa = true;
  }

  Result<std::string> serverPem = readWholeFile(files.serverCertificate);
  Result<std::string> serverKeyPem = readWholeFile(files.serverPrivateKey);
  bool serverUsable = !files.createdCa && serverPem && serverKeyPem &&
                      pairIsUsable(*serverPem, *serverKeyPem, now) &&
                      certificateChainsTo(*serverPem, ca.certificatePem, now);
  for (const std::string& name : defaultServerNames())
    serverUsable = serverUsable && certificateCoversName(*serverPem, name);
  if (!serverUsable) {
    Result<IssuedCertificate> issued = issueServerCertificate(ca, defaultServerNames(), now);
    if (!issued) return std::move(issued).error();
    if (Status written = writePair(files.serverCertificate, issued->certificatePem,
                                   files.serverPrivateKey, issued->privateKeyPem);
        !written)
      return std::move(written).error();
    files.createdServer = true;
  }
  return files;
}

}  // namespace tenantsim::auth
