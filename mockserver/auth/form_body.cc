#include "mockserver/auth/form_body.h"

namespace tenantsim::auth {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
               hexValue(text[i + 2]) >= 0) {
      out += char(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<FormBody> FormBody::parse(std::string_view body, size_t max_bytes) {
  if (body.size() > max_bytes) return std::nullopt;
  FormBody form;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      size_t equals = pair.find('=');
      std::string_view raw_name = pair.substr(0, equals);
      std::string_view raw_value =
          equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
      form.fields_.push_back({percentDecode(raw_name, true), percentDecode(raw_value, true)});
    }
    start = end + 1;
  }
  return form;
}

const std::string* FormBody::find(std::string_view name) const {
  for (const Field& field : fields_) {
    if (field.name == name) return &field.value;
  }
  return nullptr;
}

std::string_view FormBody::get(std::string_view name) const {
  const std::string* value = find(name);
  return value ? std::string_view(*value) : std::string_view();
}

}  // namespace tenantsim::auth
