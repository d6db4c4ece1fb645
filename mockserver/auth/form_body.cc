#include "mockserver/auth/form_body.h"

#include "base/url_encoding.h"

namespace tenantsim::auth {
std::optional<FormBody> FormBody::parse(std::string_view body, size_t maxBytes) {
  if (body.size() > maxBytes) return std::nullopt;
  FormBody form;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      size_t equals = pair.find('=');
      std::string_view rawName = pair.substr(0, equals);
      std::string_view rawValue =
          equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
      form.fields_.push_back({decodeFormComponent(rawName), decodeFormComponent(rawValue)});
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
