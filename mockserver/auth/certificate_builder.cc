#include "mockserver/auth/certificate_builder.h"

#include <openssl/pem.h>
#include <openssl/rand.h>

#include <ctime>

namespace tenantsim::auth {
namespace {

Error openSslError(std::string_view what) {
  return plainError(std::string(what) + ": " + takeOpenSslError());
}

BioPtr memoryBio(std::string_view bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

std::string readBio(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}

bool addExtension(X509* certificate, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

std::string subjectAltNameValue(const std::vector<std::string>& names) {
  std::string value;
  for (const std::string& name : names) {
    if (!value.empty()) value += ",";
    ASN1_OCTET_STRING* ip = a2i_IPADDRESS(name.c_str());
    value += (ip ? "IP:" : "DNS:") + name;
    ASN1_OCTET_STRING_free(ip);
  }
  return value;
}

bool setSerial(X509* certificate, const std::string& serialBytes) {
  std::string bytes = serialBytes;
  if (bytes.empty()) {
    bytes.resize(16);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), 16) != 1) return false;
    bytes[0] = char(bytes[0] & 0x7F);  // keep the serial positive
  }
  BignumPtr number(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                             static_cast<int>(bytes.size()), nullptr));
  if (!number) return false;
  Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(number.get(), nullptr));
  return serial && X509_set_serialNumber(certificate, serial.get()) == 1;
}

}  // namespace

Result<PkeyPtr> generateRsaKey(unsigned int bits) {
  PkeyPtr key(EVP_RSA_gen(bits));
  if (!key) return openSslError("RSA key generation failed");
  return key;
}

std::string privateKeyToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return {};
  return readBio(bio.get());
}

Result<PkeyPtr> privateKeyFromPem(std::string_view pem) {
  BioPtr bio = memoryBio(pem);
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) return openSslError("not a PEM private key");
  return key;
}

Result<PkeyPtr> publicKeyFromPem(std::string_view pem) {
  if (pem.find("BEGIN CERTIFICATE") != std::string_view::npos) {
    Result<X509Ptr> certificate = certificateFromPem(pem);
    if (!certificate) return std::move(certificate).error();
    PkeyPtr key(X509_get_pubkey(certificate->get()));
    if (!key) return openSslError("certificate has no public key");
    return key;
  }
  BioPtr bio = memoryBio(pem);
  PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) return openSslError("not a PEM certificate or public key");
  return key;
}

std::string certificateToPem(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1) return {};
  return readBio(bio.get());
}

std::string certificateToDer(X509* certificate) {
  unsigned char* der = nullptr;
  int length = i2d_X509(certificate, &der);
  if (length <= 0) return {};
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return out;
}

Result<X509Ptr> certificateFromPem(std::string_view pem) {
  BioPtr bio = memoryBio(pem);
  X509Ptr certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!certificate) return openSslError("not a PEM certificate");
  return certificate;
}

Result<X509Ptr> buildCertificate(const CertificateSpec& spec, EVP_PKEY* subjectKey,
                                 X509* issuerCertificate, EVP_PKEY* issuerKey) {
  X509Ptr certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), 2) != 1 ||
      !setSerial(certificate.get(), spec.serialBytes)) {
    return openSslError("certificate allocation failed");
  }
  X509_NAME* subject = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("tenantsim"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.commonName.c_str()), -1,
                             -1, 0);
  X509* issuer = issuerCertificate ? issuerCertificate : certificate.get();
  X509_set_issuer_name(certificate.get(), X509_get_subject_name(issuer));
  if (!ASN1_TIME_set(X509_getm_notBefore(certificate.get()), time_t(spec.notBeforeUnix)) ||
      !ASN1_TIME_set(X509_getm_notAfter(certificate.get()), time_t(spec.notAfterUnix)) ||
      X509_set_pubkey(certificate.get(), subjectKey) != 1) {
    return openSslError("certificate fields rejected");
  }

  bool ok = addExtension(certificate.get(), issuer, NID_subject_key_identifier, "hash");
  if (spec.isCertificateAuthority) {
    ok = ok && addExtension(certificate.get(), issuer, NID_basic_constraints, "critical,CA:TRUE");
    ok = ok && addExtension(certificate.get(), issuer, NID_key_usage,
                            "critical,keyCertSign,cRLSign,digitalSignature");
  } else {
    ok = ok && addExtension(certificate.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
    ok = ok && addExtension(certificate.get(), issuer, NID_key_usage,
                            "critical,digitalSignature,keyEncipherment");
    ok = ok && addExtension(certificate.get(), issuer, NID_ext_key_usage, "serverAuth,clientAuth");
  }
  if (issuerCertificate) {
    ok =
        ok && addExtension(certificate.get(), issuer, NID_authority_key_identifier, "keyid:always");
  }
  if (!spec.subjectAltNames.empty()) {
    ok = ok && addExtension(certificate.get(), issuer, NID_subject_alt_name,
                            subjectAltNameValue(spec.subjectAltNames));
  }
  if (!ok) {
    return openSslError("certificate extension rejected");
  }
  if (X509_sign(certificate.get(), issuerKey, EVP_sha256()) <= 0) {
    return openSslError("certificate signing failed");
  }
  return certificate;
}

std::string digest(std::string_view algorithm, std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_MD* md = EVP_MD_fetch(nullptr, std::string(algorithm).c_str(), nullptr);
  bool ok = md && EVP_Digest(bytes.data(), bytes.size(), out, &length, md, nullptr) == 1;
  EVP_MD_free(md);
  return ok ? std::string(reinterpret_cast<char*>(out), length) : std::string();
}

}  // namespace tenantsim::auth
