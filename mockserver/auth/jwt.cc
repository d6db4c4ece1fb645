#include "mockserver/auth/jwt.h"

#include <openssl/rsa.h>

#include <cmath>

#include "base/base64.h"
#include "mockserver/auth/openssl_handles.h"
#include "mockserver/auth/signing_key.h"

namespace tenantsim::auth {
namespace {

std::optional<nlohmann::json> parseObject(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

std::string encodeSegment(const nlohmann::json& value) {
  return base64UrlEncode(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

std::optional<DecodedJwt> decodeJwt(std::string_view token, JwtDecodeError* error) {
  auto fail = [error](JwtDecodeError reason) -> std::optional<DecodedJwt> {
    if (error) *error = reason;
    return std::nullopt;
  };
  size_t firstDot = token.find('.');
  size_t secondDot = firstDot == std::string_view::npos ? firstDot : token.find('.', firstDot + 1);
  if (secondDot == std::string_view::npos ||
      token.find('.', secondDot + 1) != std::string_view::npos) {
    return fail(JwtDecodeError::NotThreeParts);
  }
  std::optional<std::string> header = base64UrlDecode(token.substr(0, firstDot));
  std::optional<std::string> payload =
      base64UrlDecode(token.substr(firstDot + 1, secondDot - firstDot - 1));
  std::optional<std::string> signature = base64UrlDecode(token.substr(secondDot + 1));
  if (!header || !payload || !signature || header->empty() || payload->empty()) {
    return fail(JwtDecodeError::BadBase64);
  }
  std::optional<nlohmann::json> headerJson = parseObject(*header);
  std::optional<nlohmann::json> payloadJson = parseObject(*payload);
  if (!headerJson || !payloadJson) return fail(JwtDecodeError::BadJson);
  if (error) *error = JwtDecodeError::None;
  return DecodedJwt{std::move(*headerJson), std::move(*payloadJson),
                    std::string(token.substr(0, secondDot)), std::move(*signature)};
}

std::string signJwtRs256(nlohmann::json header, const nlohmann::json& payload,
                         const SigningKey& key) {
  header["typ"] = "JWT";
  header["alg"] = "RS256";
  header["x5t"] = key.keyId();
  header["kid"] = key.keyId();
  std::string signingInput = encodeSegment(header) + "." + encodeSegment(payload);
  std::string signature = key.signRs256(signingInput);
  if (signature.empty()) return {};
  return signingInput + "." + base64UrlEncode(signature);
}

std::string encodeUnsignedJwt(const nlohmann::json& payload) {
  return encodeSegment({{"typ", "JWT"}, {"alg", "none"}}) + "." + encodeSegment(payload) + ".";
}

bool verifyJwtSignature(const DecodedJwt& jwt, EVP_PKEY* publicKey, bool allowPs256) {
  std::optional<std::string> alg = stringClaim(jwt.header, "alg");
  bool pss = alg && *alg == "PS256";
  if (!publicKey || !alg || !(*alg == "RS256" || (pss && allowPs256))) return false;
  if (EVP_PKEY_get_base_id(publicKey) != EVP_PKEY_RSA) return false;
  MdCtxPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* keyContext = nullptr;
  if (!context ||
      EVP_DigestVerifyInit(context.get(), &keyContext, EVP_sha256(), nullptr, publicKey) != 1) {
    takeOpenSslError();
    return false;
  }
  if (pss && (EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) != 1 ||
              EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_AUTO) != 1)) {
    takeOpenSslError();
    return false;
  }
  int result = EVP_DigestVerify(
      context.get(), reinterpret_cast<const unsigned char*>(jwt.signature.data()),
      jwt.signature.size(), reinterpret_cast<const unsigned char*>(jwt.signingInput.data()),
      jwt.signingInput.size());
  takeOpenSslError();
  return result == 1;
}

std::optional<std::string> stringClaim(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(std::string(name));
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<int64_t> integerClaim(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(std::string(name));
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_number_float()) {  // NumericDate may be fractional
    double value = it->get<double>();
    if (std::isfinite(value) && std::fabs(value) < 9e15) return static_cast<int64_t>(value);
  }
  return std::nullopt;
}

}  // namespace tenantsim::auth
