// The wildlsearch and nwildlsearch lookups: like lsearch, but each key in
// the file is a pattern: "*suffix" (ends with), "^regex" (caseless unless
// the pattern says (?-i)), "type;data" (a nested lookup of the subject,
// its data discarded) or a literal compared caselessly. wildlsearch first
// string-expands each key (through the expander installed with
// set_key_expander); nwildlsearch uses keys as written. Regex captures are
// not kept: Exim unsets the numeric variables after these lookups.
#include <mutex>
#include <string>

#include "lookup/builtin.hpp"
#include "lookup/line_file.hpp"
#include "lookup/regex.hpp"
#include "util/strings.hpp"

namespace corvid::lookup {

namespace {

struct ExpanderSlot {
  std::mutex mutex;
  KeyExpander expander;
};

ExpanderSlot& expander_slot() {
  static ExpanderSlot slot;
  return slot;
}

// Without the real expander: \N...\N copied verbatim, backslash escapes
// interpreted, and any '$' refused.
bool minimal_expand(std::string_view in, std::string& out, std::string& error) {
  out.clear();
  for (size_t i = 0; i < in.size();) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size() && in[i + 1] == 'N') {
      size_t end = in.find("\\N", i + 2);
      out.append(in.substr(i + 2, end == std::string_view::npos ? end : end - i - 2));
      i = end == std::string_view::npos ? in.size() : end + 2;
    } else if (c == '\\' && i + 1 < in.size()) {
      ++i;
      out.push_back(interpret_escape(in, i));
    } else if (c == '$') {
      error = "expansion of \"$\" items in wildlsearch keys needs the expander";
      return false;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return true;
}

enum class KeyMatch { yes, no, defer };

KeyMatch nested_lookup(std::string_view pattern, size_t semi, std::string_view subject,
                       std::string& error) {
  auto spec = parse_spec(pattern.substr(0, semi), error);
  if (!spec) {
    return KeyMatch::defer;
  }
  std::string_view rest = util::trim(pattern.substr(semi + 1));
  Result r = spec->driver->single_key() ? run(*spec, subject, rest) : run(*spec, "", rest);
  if (r.status == Status::defer) {
    error = r.error;
    return KeyMatch::defer;
  }
  return r.status == Status::found ? KeyMatch::yes : KeyMatch::no;
}

KeyMatch match_key(std::string_view pattern, std::string_view subject, std::string& error) {
  if (!pattern.empty() && pattern[0] == '^') {
    auto re = Regex::compile(pattern, true, error);
    if (!re) {
      error = "regular expression error: " + error;
      return KeyMatch::defer;
    }
    return re->match(subject) ? KeyMatch::yes : KeyMatch::no;
  }
  if (!pattern.empty() && pattern[0] == '*') {
    std::string_view tail = pattern.substr(1);
    bool ok = subject.size() >= tail.size() &&
              util::iequals(subject.substr(subject.size() - tail.size()), tail);
    return ok ? KeyMatch::yes : KeyMatch::no;
  }
  if (auto semi = pattern.find(';'); semi != std::string_view::npos) {
    return nested_lookup(pattern, semi, subject, error);
  }
  return util::iequals(pattern, subject) ? KeyMatch::yes : KeyMatch::no;
}

class Wildlsearch final : public Driver {
 public:
  explicit Wildlsearch(bool expand) : expand_(expand) {}
  std::string_view name() const override { return expand_ ? "wildlsearch" : "nwildlsearch"; }
  bool single_key() const override { return true; }

  Result find(std::string_view file, std::string_view key, std::string_view) const override {
    Result r;
    std::string error;
    auto lines = load_line_file(std::string(file), name(), error);
    if (!lines) {
      return deferred(error);
    }
    std::string pattern;
    for (const auto& rec : lines->records) {
      if (!expand_) {
        pattern = rec.key;
      } else if (!expand_wild_key(rec.key, pattern, error)) {
        return deferred("failed to expand \"" + rec.key + "\" while checking a list: " + error);
      }
      KeyMatch m = match_key(pattern, key, error);
      if (m == KeyMatch::defer) {
        return deferred(error);
      }
      if (m == KeyMatch::yes) {
        r.status = Status::found;
        r.value = TString(rec.data, false);
        return r;
      }
    }
    return r;
  }

 private:
  static Result deferred(std::string error) {
    Result r;
    r.status = Status::defer;
    r.error = std::move(error);
    return r;
  }
  bool expand_;
};

}  // namespace

void set_key_expander(KeyExpander expander) {
  std::lock_guard lock(expander_slot().mutex);
  expander_slot().expander = std::move(expander);
}

bool expand_wild_key(std::string_view in, std::string& out, std::string& error) {
  KeyExpander expander;
  {
    std::lock_guard lock(expander_slot().mutex);
    expander = expander_slot().expander;
  }
  return expander ? expander(in, out, error) : minimal_expand(in, out, error);
}

std::unique_ptr<Driver> make_wildlsearch(bool expand_keys) {
  return std::make_unique<Wildlsearch>(expand_keys);
}

}  // namespace corvid::lookup
