// The lookup registry, the parser of lookup types ("partial2-lsearch*@,ret=key")
// and run(), which applies partial matching and the "*" / "*@" defaults
// around a driver's plain-key find(). See lookup.hpp for the contract.
#include "lookup/lookup.hpp"

#include <cctype>
#include <map>
#include <mutex>
#include <vector>

#include "lookup/builtin.hpp"
#include "util/strings.hpp"

namespace corvid::lookup {

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<Driver>, std::less<>> drivers;
};

Registry& registry() {
  static Registry r;
  return r;
}

void register_builtin_drivers() {
  register_driver(make_lsearch());
  register_driver(make_iplsearch());
  register_driver(make_wildlsearch(true));
  register_driver(make_wildlsearch(false));
  register_driver(make_dsearch());
  register_driver(make_cdb());
  register_driver(make_json());
  register_driver(make_lmdb());
  register_driver(make_dnsdb());
  register_unsupported_drivers();
}

void ensure_builtins() {
  static std::once_flag once;
  std::call_once(once, register_builtin_drivers);
}

std::string format_error(std::string_view type) {
  return "format error in lookup type \"" + std::string(type) + "\"";
}

bool valid_affix(std::string_view affix) {
  for (char c : affix) {
    if (!std::ispunct(static_cast<unsigned char>(c)) || c == ')') {
      return false;
    }
  }
  return true;
}

// Consumes "partial[N](-|(affix))" from the front of `s` into `spec`.
bool parse_partial(std::string_view& s, Spec& spec) {
  s.remove_prefix(7);  // "partial"
  int n = -1;
  while (!s.empty() && util::is_digit(s[0])) {
    n = (n < 0 ? 0 : n * 10) + (s[0] - '0');
    s.remove_prefix(1);
  }
  spec.partial_min = n < 0 ? 2 : n;
  if (!s.empty() && s[0] == '-') {
    spec.partial_affix = "*.";
    s.remove_prefix(1);
    return true;
  }
  if (s.empty() || s[0] != '(') {
    return false;
  }
  auto close = s.find(')');
  if (close == std::string_view::npos || !valid_affix(s.substr(1, close - 1))) {
    return false;
  }
  spec.partial_affix.assign(s.substr(1, close - 1));
  s.remove_prefix(close + 1);
  return true;
}

Result find_one(const Spec& spec, std::string_view key, std::string_view file) {
  Result r = spec.driver->find(file, key, spec.options);
  if (r.status == Status::defer) {
    r.reason = r.error;
    if (r.search_defer) {
      // Query-style drivers see the query as their key.
      std::string_view shown = spec.driver->single_key() ? key : file;
      r.error = "lookup of \"" + std::string(shown) + "\" gave DEFER: " + r.reason;
    }
  }
  return r;
}

bool settled(const Result& r) { return r.status != Status::not_found; }

// The keys partial matching tries after the exact key failed.
std::vector<std::string> partial_keys(const Spec& spec, std::string_view key) {
  std::vector<std::string> keys;
  const std::string& affix = spec.partial_affix;
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  size_t n = parts.size();
  for (size_t s = 0; s < n && int(n - s) >= spec.partial_min; ++s) {
    if (s == 0 && affix.empty()) {
      continue;  // same as the exact key
    }
    size_t offset = size_t(parts[s].data() - key.data());
    keys.push_back(affix + std::string(key.substr(offset)));
  }
  if (spec.partial_min == 0 && !affix.empty()) {
    if (affix.size() > 1 && affix.back() == '.') {
      keys.push_back(affix.substr(0, affix.size() - 1));
    } else {
      keys.push_back(affix);
    }
  }
  return keys;
}

Result run_defaults(const Spec& spec, std::string_view key, std::string_view file) {
  Result r;
  if (spec.partial_min >= 0) {
    for (const auto& k : partial_keys(spec, key)) {
      if (settled(r = find_one(spec, k, file))) {
        return r;
      }
    }
  }
  if (spec.star_at) {
    auto at = key.rfind('@');
    if (at != std::string_view::npos) {
      std::string k = "*@" + std::string(key.substr(at + 1));
      if (settled(r = find_one(spec, k, file))) {
        return r;
      }
    }
  }
  if (spec.star || spec.star_at) {
    r = find_one(spec, "*", file);
  }
  return r;
}

}  // namespace

const Driver* find_driver(std::string_view name) {
  ensure_builtins();
  std::lock_guard lock(registry().mutex);
  auto it = registry().drivers.find(name);
  return it == registry().drivers.end() ? nullptr : it->second.get();
}

void register_driver(std::unique_ptr<Driver> driver) {
  std::lock_guard lock(registry().mutex);
  std::string name(driver->name());
  registry().drivers[name] = std::move(driver);
}

std::optional<Spec> parse_spec(std::string_view type, std::string& error) {
  Spec spec;
  std::string_view s = type;
  if (auto comma = s.find(','); comma != std::string_view::npos) {
    spec.options.assign(s.substr(comma + 1));
    s = s.substr(0, comma);
  }
  std::string_view with_star = s;
  if (s.starts_with("partial")) {
    if (!parse_partial(s, spec)) {
      error = format_error(type);
      return std::nullopt;
    }
    with_star = s;
  }
  std::string_view name = s.substr(0, s.find('*'));
  if (name.size() < s.size()) {
    spec.star_at = s.size() > name.size() + 1 && s[name.size() + 1] == '@';
    spec.star = !spec.star_at;
  }
  spec.driver = find_driver(name);
  if (spec.driver == nullptr) {
    error = "unknown lookup type \"" + std::string(name) + "\"";
    return std::nullopt;
  }
  if (!spec.driver->single_key() && spec.partial_min >= 0) {
    error = "\"partial\" is not permitted for lookup type \"" + std::string(with_star) + "\"";
    return std::nullopt;
  }
  if (!spec.driver->single_key() && (spec.star || spec.star_at)) {
    error = "defaults using \"*\" or \"*@\" are not permitted for lookup type \"" +
            std::string(with_star) + "\"";
    return std::nullopt;
  }
  return spec;
}

Result run(const Spec& spec, std::string_view key, std::string_view file_or_query) {
  Result r;
  if (spec.driver == nullptr) {
    r.status = Status::defer;
    r.error = r.reason = "no lookup driver";
    return r;
  }
  if (spec.driver->single_key() && key.empty()) {
    return r;
  }
  r = find_one(spec, key, file_or_query);
  if (r.status == Status::not_found) {
    r = run_defaults(spec, key, file_or_query);
  }
  if (r.status == Status::found) {
    r.value.tainted = false;
    if (spec.driver->single_key() && find_option(spec.options, "ret") == "key") {
      r.value = TString(std::string(key), false);
    }
  }
  return r;
}

std::optional<std::string> find_option(std::string_view options, std::string_view name) {
  while (!options.empty()) {
    auto comma = options.find(',');
    std::string_view opt = util::trim(options.substr(0, comma));
    options = comma == std::string_view::npos ? std::string_view{} : options.substr(comma + 1);
    if (opt.size() > name.size() && opt.starts_with(name) && opt[name.size()] == '=') {
      return std::string(opt.substr(name.size() + 1));
    }
  }
  return std::nullopt;
}

}  // namespace corvid::lookup
