// Evaluation of ${if} conditions (and the conditions inside ${filter}).
#include <arpa/inet.h>
#include <crypt.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "expand/evaluator.hpp"
#include "expand/items.hpp"
#include "lookup/regex.hpp"
#include "lists/list_reader.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

// Exim's integer reading for numeric comparisons: white space around the
// number, an optional sign, and a K, M or G multiplier.
bool read_integer(Evaluator& ev, const std::string& s, long& value) {
  std::string_view t = util::trim(s);
  std::string text(t);
  if (text.empty()) {
    value = 0;
    return true;
  }
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text.c_str(), &end, 10);
  if (errno == ERANGE) {
    return ev.error("absolute value of integer \"" + s + "\" is too large (overflow)");
  }
  if (end == text.c_str()) {
    return ev.error("integer expected but \"" + s + "\" found");
  }
  long mult = 1;
  switch (*end) {
    case 'k': case 'K': mult = 1024L; ++end; break;
    case 'm': case 'M': mult = 1024L * 1024; ++end; break;
    case 'g': case 'G': mult = 1024L * 1024 * 1024; ++end; break;
    default: break;
  }
  if (*end != '\0') {
    return ev.error("invalid integer \"" + s + "\"");
  }
  if (__builtin_mul_overflow(v, mult, &value)) {
    return ev.error("absolute value of integer \"" + s + "\" is too large (overflow)");
  }
  return true;
}

bool is_ip(const std::string& text, int family) {
  // An IPv6 address may carry a "%scope" suffix (anything at all).
  size_t pct = text.find('%');
  std::string s = text.substr(0, pct);
  unsigned char buf[16];
  if (pct != std::string::npos) {
    return family != 4 && inet_pton(AF_INET6, s.c_str(), buf) == 1;
  }
  bool v4 = inet_pton(AF_INET, s.c_str(), buf) == 1;
  bool v6 = !v4 && inet_pton(AF_INET6, s.c_str(), buf) == 1;
  if (family == 4) return v4;
  if (family == 6) return v6;
  return v4 || v6;
}

bool eval_bool(Evaluator& ev, const std::string& raw, bool lax, bool& result) {
  std::string_view t = util::trim(raw);
  if (lax) {
    result = !(t.empty() || t == "0" || util::iequals(t, "no") || util::iequals(t, "false"));
    return true;
  }
  if (t.empty() || util::iequals(t, "false") || util::iequals(t, "no")) {
    result = false;
    return true;
  }
  if (util::iequals(t, "true") || util::iequals(t, "yes")) {
    result = true;
    return true;
  }
  long n = 0;
  if (parse_item_int(t, n)) {
    result = n != 0;
    return true;
  }
  return ev.error("unrecognised boolean value \"" + raw + "\"");
}

std::string digest_hex(const EVP_MD* md, const std::string& s) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), out, &len, md, nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 15]);
  }
  return hex;
}

std::string digest_b64(const EVP_MD* md, const std::string& s) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), out, &len, md, nullptr);
  std::string b64(4 * ((len + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), out, static_cast<int>(len));
  b64.resize(static_cast<size_t>(n));
  return b64;
}

// crypteq: {md5}, {sha1}, {sha256} (hex or base64), {crypt}/{crypt16} and
// bare crypt() hashes. Any other "{scheme}" is an error.
bool known_crypt_scheme(const std::string& hashed) {
  static const char* const kTags[] = {"{md5}", "{sha1}", "{sha256}", "{crypt}", "{crypt16}"};
  if (hashed.empty() || hashed[0] != '{') return true;
  for (const char* tag : kTags) {
    if (util::starts_with_i(hashed, tag)) return true;
  }
  return false;
}

bool crypt_equal(const std::string& plain, const std::string& hashed) {
  struct Scheme {
    const char* tag;
    const EVP_MD* (*md)();
  };
  static const Scheme kSchemes[] = {{"{md5}", EVP_md5}, {"{sha1}", EVP_sha1},
                                    {"{sha256}", EVP_sha256}};
  for (const Scheme& sc : kSchemes) {
    if (util::starts_with_i(hashed, sc.tag)) {
      std::string want = hashed.substr(std::strlen(sc.tag));
      const EVP_MD* md = sc.md();
      if (want.size() == static_cast<size_t>(EVP_MD_get_size(md)) * 2) {
        return util::iequals(want, digest_hex(md, plain));
      }
      return want == digest_b64(md, plain);
    }
  }
  std::string salted = hashed;
  if (util::starts_with_i(salted, "{crypt}")) {
    salted = salted.substr(7);
  } else if (util::starts_with_i(salted, "{crypt16}")) {
    salted = salted.substr(9);
  }
  crypt_data data{};
  const char* r = crypt_r(plain.c_str(), salted.c_str(), &data);
  return r != nullptr && salted == r;
}

}  // namespace

bool Evaluator::eval_condition(const CondNode& cond, bool& result) {
  bool r = false;
  std::vector<TString> a(cond.args.size());
  auto eval_args = [&]() {
    for (size_t i = 0; i < cond.args.size(); ++i) {
      if (!eval(cond.args[i], a[i])) return false;
    }
    return true;
  };
  switch (cond.id) {
    case CondId::num_lt: case CondId::num_le: case CondId::num_eq: case CondId::num_eq2:
    case CondId::num_gt: case CondId::num_ge: {
      if (!eval_args()) return false;
      long x = 0;
      long y = 0;
      if (!read_integer(*this, a[0].text, x) || !read_integer(*this, a[1].text, y)) return false;
      switch (cond.id) {
        case CondId::num_lt: r = x < y; break;
        case CondId::num_le: r = x <= y; break;
        case CondId::num_gt: r = x > y; break;
        case CondId::num_ge: r = x >= y; break;
        default: r = x == y; break;
      }
      break;
    }
    case CondId::eq: case CondId::eqi: case CondId::lt: case CondId::lti: case CondId::le:
    case CondId::lei: case CondId::gt: case CondId::gti: case CondId::ge: case CondId::gei: {
      if (!eval_args()) return false;
      bool ci = cond.id == CondId::eqi || cond.id == CondId::lti || cond.id == CondId::lei ||
                cond.id == CondId::gti || cond.id == CondId::gei;
      int c = ci ? util::icompare(a[0].text, a[1].text) : a[0].text.compare(a[1].text);
      switch (cond.id) {
        case CondId::lt: case CondId::lti: r = c < 0; break;
        case CondId::le: case CondId::lei: r = c <= 0; break;
        case CondId::gt: case CondId::gti: r = c > 0; break;
        case CondId::ge: case CondId::gei: r = c >= 0; break;
        default: r = c == 0; break;
      }
      break;
    }
    case CondId::def:
      if (!eval_def(cond, r)) return false;
      break;
    case CondId::exists: {
      if (!eval_args()) return false;
      struct stat st {};
      r = stat(a[0].text.c_str(), &st) == 0;
      break;
    }
    case CondId::isip: case CondId::isip4: case CondId::isip6:
      if (!eval_args()) return false;
      r = is_ip(a[0].text, cond.id == CondId::isip4 ? 4 : cond.id == CondId::isip6 ? 6 : 0);
      break;
    case CondId::bool_: case CondId::bool_lax:
      if (!eval_args()) return false;
      if (!eval_bool(*this, a[0].text, cond.id == CondId::bool_lax, r)) return false;
      break;
    case CondId::crypteq:
      if (!eval_args()) return false;
      if (!known_crypt_scheme(a[1].text)) {
        return error("unknown encryption mechanism in \"" + a[1].text + "\"");
      }
      r = crypt_equal(a[0].text, a[1].text);
      break;
    case CondId::match:
      if (!eval_args()) return false;
      if (!eval_match(a[0], a[1], r)) return false;
      break;
    case CondId::match_domain: case CondId::match_local_part: case CondId::match_address:
    case CondId::match_ip: case CondId::inlist: case CondId::inlisti:
      if (!eval_args()) return false;
      if (!eval_list_match(cond.id, a[0], a[1], r)) return false;
      break;
    case CondId::and_: case CondId::or_: {
      bool is_and = cond.id == CondId::and_;
      r = is_and;
      for (const CondNode& sub : cond.subs) {
        bool sr = false;
        if (!eval_condition(sub, sr)) {
          return decorate(" inside \"" + cond.name + "{...}\" condition");
        }
        if (sr != is_and) {
          r = sr;
          break;
        }
      }
      break;
    }
    case CondId::forall: case CondId::forany: case CondId::forall_json:
    case CondId::forany_json: case CondId::forall_jsons: case CondId::forany_jsons:
      if (!eval_args()) return false;
      if (!eval_iterate(cond, a[0], r)) return false;
      break;
    case CondId::first_delivery:
    case CondId::queue_running:
      r = false;
      break;
    case CondId::pwcheck: case CondId::radius:
      return error("support for \"" + cond.name + "\" not compiled");
    case CondId::inbound_srs:
      if (!eval_args()) return false;
      if (!eval_inbound_srs(a[0], a[1], r)) return false;
      break;
    case CondId::acl:
      if (!eval_args()) return false;
      if (!eval_acl_condition(a, r)) return false;
      break;
    case CondId::ldapauth: case CondId::pam: case CondId::saslauthd:
      return error("the \"" + cond.name + "\" condition is not yet supported by Corvid");
  }
  result = cond.negated ? !r : r;
  return true;
}

// acl {{name}{arg}...}: true when the ACL accepts, false when it denies;
// $value is its message either way.
bool Evaluator::eval_acl_condition(std::vector<TString>& a, bool& r) {
  std::string name = a[0].text;
  a.erase(a.begin());
  std::optional<AclCall> call = ctx_.call_acl(name, std::move(a));
  if (!call) return error("ACLs cannot be run from this expansion");
  switch (call->outcome) {
    case AclCall::Outcome::accept:
    case AclCall::Outcome::deny:
      r = call->outcome == AclCall::Outcome::accept;
      value = TString(call->message);
      return true;
    case AclCall::Outcome::defer:
      return forced_fail("\"acl\" condition deferred");
    case AclCall::Outcome::error:
      break;
  }
  return error("ERROR from acl \"" + name + "\"");
}

bool Evaluator::eval_def(const CondNode& cond, bool& r) {
  TString v;
  if (cond.word_is_header) {
    r = ctx_.header(cond.word, cond.header_mode, v);
    return true;
  }
  if (cond.word == "value") {
    r = value.has_value() && !value->text.empty();
    return true;
  }
  if (cond.word == "item") {
    r = item.has_value() && !item->text.empty();
    return true;
  }
  if (ctx_.variable(cond.word, v) == VarStatus::unknown) {
    return error("unknown variable \"" + cond.word + "\" after \"def:\"");
  }
  r = !v.text.empty();
  return true;
}

bool Evaluator::eval_match(const TString& subject, const TString& pattern, bool& r) {
  std::string err;
  auto re = lookup::Regex::compile(pattern.text, false, err);
  if (re == nullptr) {
    // The shared wrapper appends " while compiling <pattern>"; Exim's
    // ${if match} names the pattern first instead.
    err = err.substr(0, err.rfind(" while compiling "));
    return error("regular expression error in \"" + pattern.text + "\": " + err);
  }
  std::vector<std::string> caps;
  r = re->match(subject.text, &caps);
  if (r) {
    numeric.clear();
    for (auto& c : caps) numeric.emplace_back(std::move(c), subject.tainted);
  }
  return true;
}

bool Evaluator::eval_list_match(CondId id, const TString& subject, const TString& list, bool& r) {
  lists::Outcome o;
  switch (id) {
    case CondId::match_domain: o = lists::match_domain(subject.text, list.text, ctx_); break;
    case CondId::match_local_part:
      o = lists::match_localpart(subject.text, list.text, ctx_, true);
      break;
    case CondId::match_address:
      o = lists::match_address(subject.text, list.text, ctx_, true);
      break;
    case CondId::match_ip:
      if (!subject.text.empty() && !is_ip(subject.text, 0)) {
        return error("\"" + subject.text + "\" is not an IP address");
      }
      o = lists::match_host(lists::Host{subject.text, {}}, list.text, ctx_);
      break;
    default:
      o = lists::match_string(subject.text, list.text, id == CondId::inlisti);
      break;
  }
  if (o.match == lists::Match::defer) {
    return error("unable to complete match against \"" + list.text + "\": " + o.error);
  }
  r = o.match == lists::Match::yes;
  // $value for the yes/no strings: what matched (for match_ip only lookup
  // data), or nothing.
  value.reset();
  if (r) {
    std::string v = id == CondId::match_ip ? o.lookup_data.value_or("") : o.value;
    value = TString(std::move(v), subject.tainted || list.tainted);
  }
  if (r && id != CondId::match_address && !o.captures.empty()) {
    numeric.clear();
    for (auto& c : o.captures) numeric.emplace_back(c, subject.tainted);
  }
  return true;
}

bool Evaluator::eval_iterate(const CondNode& cond, const TString& list, bool& r) {
  bool is_all = cond.id == CondId::forall || cond.id == CondId::forall_json ||
                cond.id == CondId::forall_jsons;
  bool json = cond.id != CondId::forall && cond.id != CondId::forany;
  bool strip = cond.id == CondId::forall_jsons || cond.id == CondId::forany_jsons;
  std::vector<std::string> items;
  if (json) {
    auto doc = nlohmann::json::parse(list.text, nullptr, false);
    if (doc.is_discarded() || !doc.is_array()) {
      return error("\"" + cond.name + "\" requires a JSON array");
    }
    for (const auto& el : doc) {
      items.push_back(strip && el.is_string() ? el.get<std::string>() : el.dump());
    }
  } else {
    items = lists::split_list(list.text);
  }
  // Exim gives false for an empty list with either condition.
  r = false;
  auto saved_item = item;
  bool ok = true;
  for (size_t i = 0; i < items.size(); ++i) {
    item = TString(items[i], list.tainted);
    bool sr = false;
    if (!eval_condition(cond.subs.front(), sr)) {
      ok = decorate(" inside \"" + cond.name + "\" condition");
      break;
    }
    r = sr;
    if (sr != is_all) break;
  }
  item = std::move(saved_item);
  return ok;
}

}  // namespace corvid::expand
