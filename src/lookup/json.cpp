// The json lookup: the key is an Exim list of selectors (':' by default,
// "<x" changes it, doubled separators are literal) applied in turn to the
// JSON document in the file: a numeric selector indexes an array, any other
// names a member of an object. The element found is returned as text:
// strings de-quoted, integers in decimal, reals as "%f", true/false, and
// objects/arrays in compact JSON; null, or any selector that does not
// apply, makes the lookup fail. Parsed files are cached by path + mtime.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "lookup/builtin.hpp"
#include "lookup/file_cache.hpp"
#include "util/strings.hpp"

namespace corvid::lookup {

namespace {

using Json = nlohmann::json;

// Exim list splitting (kept local: src/lists sits above this module).
std::vector<std::string> split_selectors(std::string_view s) {
  std::vector<std::string> out;
  char sep = ':';
  s = util::trim_left(s);
  if (s.size() >= 2 && s[0] == '<' && std::ispunct(static_cast<unsigned char>(s[1]))) {
    sep = s[1];
    s.remove_prefix(2);
  }
  std::string item;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == sep && i + 1 < s.size() && s[i + 1] == sep) {
      item.push_back(sep);
      ++i;
    } else if (i == s.size() || s[i] == sep) {
      std::string_view t = util::trim(item);
      if (i < s.size() || !t.empty() || !out.empty()) {
        out.emplace_back(t);
      }
      item.clear();
    } else {
      item.push_back(s[i]);
    }
  }
  return out;
}

bool is_number(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

const Json* select(const Json& doc, const std::vector<std::string>& path) {
  const Json* j = &doc;
  for (const auto& sel : path) {
    if (is_number(sel)) {
      size_t idx = std::stoul(sel);
      if (!j->is_array() || idx >= j->size()) {
        return nullptr;
      }
      j = &(*j)[idx];
    } else {
      if (!j->is_object() || !j->contains(sel)) {
        return nullptr;
      }
      j = &(*j)[sel];
    }
  }
  return j;
}

std::optional<std::string> render(const Json& j) {
  char buf[64];
  switch (j.type()) {
    case Json::value_t::null: return std::nullopt;
    case Json::value_t::string: return j.get<std::string>();
    case Json::value_t::boolean: return j.get<bool>() ? "true" : "false";
    case Json::value_t::number_float:
      std::snprintf(buf, sizeof buf, "%f", j.get<double>());
      return buf;
    default: return j.dump();
  }
}

class JsonLookup final : public Driver {
 public:
  std::string_view name() const override { return "json"; }
  bool single_key() const override { return true; }

  Result find(std::string_view file, std::string_view key, std::string_view) const override {
    Result r;
    std::string error;
    auto doc = load(std::string(file), error);
    if (!doc) {
      r.status = Status::defer;
      r.error = error;
      return r;
    }
    const Json* j = select(*doc, split_selectors(key));
    auto text = j ? render(*j) : std::nullopt;
    if (text) {
      r.status = Status::found;
      r.value = TString(std::move(*text), false);
    }
    return r;
  }

 private:
  std::shared_ptr<const Json> load(const std::string& path, std::string& error) const {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      error = "failed to open " + path + " for json search: " + std::strerror(errno);
      return nullptr;
    }
    return cache_.get(path, identity_of(st), [&]() -> std::shared_ptr<const Json> {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        error = "failed to open " + path + " for json search: " + std::strerror(errno);
        return nullptr;
      }
      std::stringstream text;
      text << in.rdbuf();
      try {
        return std::make_shared<const Json>(Json::parse(text.str()));
      } catch (const Json::parse_error& e) {
        error = "json error in " + path + ": " + e.what();
        return nullptr;
      }
    });
  }

  mutable FileCache<Json> cache_{16};
};

}  // namespace

std::unique_ptr<Driver> make_json() { return std::make_unique<JsonLookup>(); }

}  // namespace corvid::lookup
