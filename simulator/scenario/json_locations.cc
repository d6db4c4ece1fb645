#include "simulator/scenario/json_locations.h"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "base/strings.h"

namespace tenantsim {
namespace {

bool isIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

bool isIdentifier(std::string_view key) {
  if (key.empty() || !isIdentifierStart(key[0])) return false;
  return std::all_of(key.begin(), key.end(),
                     [](char c) { return isIdentifierStart(c) || (c >= '0' && c <= '9'); });
}

void appendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Lengths of every prefix of `path` that is itself a path: "$.a[0]" -> {1, 3, 6}.
std::vector<size_t> pathPrefixLengths(std::string_view path) {
  std::vector<size_t> lengths;
  if (path.empty() || path[0] != '$') return lengths;
  size_t pos = 1;
  lengths.push_back(pos);
  while (pos < path.size()) {
    if (path[pos] == '.') {
      ++pos;
      while (pos < path.size() && path[pos] != '.' && path[pos] != '[') ++pos;
    } else if (path[pos] == '[' && pos + 1 < path.size() && path[pos + 1] == '"') {
      pos += 2;
      while (pos < path.size() && path[pos] != '"') pos += path[pos] == '\\' ? 2 : 1;
      pos = std::min(path.size(), pos + 2);  // the closing quote and bracket
    } else if (path[pos] == '[') {
      while (pos < path.size() && path[pos] != ']') ++pos;
      pos = std::min(path.size(), pos + 1);
    } else {
      break;
    }
    lengths.push_back(pos);
  }
  return lengths;
}

}  // namespace

std::string jsonPathChild(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (isIdentifier(key)) {
    path += '.';
    path += key;
  } else {
    path += '[';
    path += nlohmann::json(std::string(key))
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    path += ']';
  }
  return path;
}

std::string jsonPathIndex(std::string_view parent, size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

int lineAtOffset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// A lenient recursive-descent reader that records the line of every path it meets.
class JsonLocationScanner {
 public:
  JsonLocationScanner(std::string_view text, JsonLocations& out) : text_(text), out_(out) {}

  void run() {
    skipSpaceAndComments();
    if (atEnd()) return;
    out_.lines_["$"] = line_;
    readValue("$", 0);
  }

 private:
  static constexpr int kMaxDepth = 256;

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  void advance() {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }

  void skipSpaceAndComments() {
    while (!atEnd()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (!atEnd() && peek() != '\n') advance();
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        advance();
        advance();
        while (!atEnd() && !(peek() == '*' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/')) {
          advance();
        }
        if (!atEnd()) {
          advance();
          advance();
        }
      } else {
        return;
      }
    }
  }

  // Reads one value; returns false when the text is malformed (scanning then stops).
  bool readValue(const std::string& path, int depth) {
    skipSpaceAndComments();
    if (atEnd()) return false;
    char c = peek();
    if (c == '{' || c == '[') {
      if (depth >= kMaxDepth) return skipNested();
      return c == '{' ? readObject(path, depth) : readArray(path, depth);
    }
    if (c == '"') {
      std::string ignored;
      return readString(ignored);
    }
    size_t start = pos_;
    while (!atEnd() && std::string_view(",]}/ \t\r\n").find(peek()) == std::string_view::npos) {
      advance();
    }
    return pos_ > start;
  }

  bool readObject(const std::string& path, int depth) {
    advance();  // '{'
    skipSpaceAndComments();
    if (peek() == '}') {
      advance();
      return true;
    }
    while (true) {
      skipSpaceAndComments();
      if (peek() != '"') return false;
      int key_line = line_;
      std::string key;
      if (!readString(key)) return false;
      std::string child = jsonPathChild(path, key);
      out_.lines_[child] = key_line;
      skipSpaceAndComments();
      if (peek() != ':') return false;
      advance();
      if (!readValue(child, depth + 1)) return false;
      skipSpaceAndComments();
      if (peek() == ',') {
        advance();
      } else if (peek() == '}') {
        advance();
        return true;
      } else {
        return false;
      }
    }
  }

  bool readArray(const std::string& path, int depth) {
    advance();  // '['
    skipSpaceAndComments();
    if (peek() == ']') {
      advance();
      return true;
    }
    for (size_t index = 0;; ++index) {
      skipSpaceAndComments();
      std::string child = jsonPathIndex(path, index);
      out_.lines_[child] = line_;
      if (!readValue(child, depth + 1)) return false;
      skipSpaceAndComments();
      if (peek() == ',') {
        advance();
      } else if (peek() == ']') {
        advance();
        return true;
      } else {
        return false;
      }
    }
  }

  // Reads a string literal, decoding escapes the way a JSON parser does.
  bool readString(std::string& out) {
    advance();  // opening quote
    while (!atEnd()) {
      char c = peek();
      advance();
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (atEnd()) return false;
      char escape = peek();
      advance();
      switch (escape) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          uint32_t unit = readHex4();
          if (unit >= 0xD800 && unit <= 0xDBFF && peek() == '\\' && pos_ + 1 < text_.size() &&
              text_[pos_ + 1] == 'u') {
            advance();
            advance();
            uint32_t low = readHex4();
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
          }
          appendUtf8(out, unit);
          break;
        }
        default:
          out += escape;
          break;
      }
    }
    return false;
  }

  uint32_t readHex4() {
    uint32_t value = 0;
    for (int i = 0; i < 4 && !atEnd(); ++i) {
      char c = peek();
      advance();
      value = value << 4 | static_cast<uint32_t>(std::max(0, hexDigitValue(c)));
    }
    return value;
  }

  // Skips a too-deeply nested value without recursion (nothing inside it is recorded).
  bool skipNested() {
    int open = 0;
    do {
      skipSpaceAndComments();
      if (atEnd()) return false;
      char c = peek();
      if (c == '"') {
        std::string ignored;
        if (!readString(ignored)) return false;
        continue;
      }
      if (c == '{' || c == '[') ++open;
      if (c == '}' || c == ']') --open;
      advance();
    } while (open > 0);
    return true;
  }

  std::string_view text_;
  JsonLocations& out_;
  size_t pos_ = 0;
  int line_ = 1;
};

JsonLocations JsonLocations::scan(std::string_view text) {
  JsonLocations locations;
  JsonLocationScanner(text, locations).run();
  return locations;
}

int JsonLocations::lineOf(std::string_view path) const {
  std::vector<size_t> prefixes = pathPrefixLengths(path);
  for (auto it = prefixes.rbegin(); it != prefixes.rend(); ++it) {
    auto found = lines_.find(std::string(path.substr(0, *it)));
    if (found != lines_.end()) return found->second;
  }
  return 1;
}

}  // namespace tenantsim
