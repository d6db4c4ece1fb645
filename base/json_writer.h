// Writing JSON text straight into a caller's buffer: string literals, keys and fields, and an
// object writer that projects properties by bit (Graph's $select). No DOM and, once the buffer has
// grown, no allocation.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tenantsim {

// Appends s as a JSON string literal (quoted, escaped).
void appendJsonString(std::string& out, std::string_view s);
// Appends null when isNull, else s as a JSON string literal.
inline void appendJsonStringOrNull(std::string& out, std::string_view s, bool isNull) {
  if (isNull)
    out += "null";
  else
    appendJsonString(out, s);
}
// Appends [","]"key": (the comma unless this is an object's first member). Keys are names the
// code writes, never escaped; a short one goes in with one append (this runs for every member of
// every rendered item).
inline void appendJsonKey(std::string& out, std::string_view key, bool comma = true) {
  char buf[64];
  if (key.size() + 4 > sizeof buf) {
    if (comma) out += ',';
    out += '"';
    out += key;
    out += "\":";
    return;
  }
  char* p = buf;
  *p = ',';
  p += comma;
  *p++ = '"';
  std::memcpy(p, key.data(), key.size());
  p += key.size();
  *p++ = '"';
  *p++ = ':';
  out.append(buf, static_cast<size_t>(p - buf));
}
// Appends [","]"key":"value" (or "key":null when isNull); when the value needs no escaping, with
// one append.
void appendJsonField(std::string& out, std::string_view key, std::string_view value,
                     bool isNull = false, bool comma = true);

// Writes one object's braces, and the separator and key of each property the projection
// includes: `if (w.key(bit, "name")) <append the value>`.
class JsonObjectWriter {
 public:
  JsonObjectWriter(std::string& out, uint64_t select) : out_(out), select_(select) { out_ += '{'; }
  ~JsonObjectWriter() { out_ += '}'; }
  JsonObjectWriter(const JsonObjectWriter&) = delete;
  JsonObjectWriter& operator=(const JsonObjectWriter&) = delete;
  bool key(int bit, std::string_view name) {
    if (!(select_ & (uint64_t{1} << bit))) return false;
    appendJsonKey(out_, name, !first_);
    first_ = false;
    return true;
  }

 private:
  std::string& out_;
  uint64_t select_;
  bool first_ = true;
};

}  // namespace tenantsim
