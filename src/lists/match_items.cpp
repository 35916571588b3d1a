// Item matchers for domain and local-part lists, and the pieces every list
// kind shares: regex items, "*suffix" items and lookup items ("type;rest").
// See match.hpp for the rules and match_internal.hpp for the interface.
#include "lists/match_internal.hpp"
#include "lookup/ip.hpp"
#include "lookup/regex.hpp"
#include "util/strings.hpp"

namespace corvid::lists::detail {

namespace {

bool equals(std::string_view a, std::string_view b, bool caseless) {
  return caseless ? util::iequals(a, b) : a == b;
}

// "@[]": the domain is an address literal of one of our interfaces.
Item match_local_literal(std::string_view domain, const Env& env) {
  if (domain.size() < 3 || domain.front() != '[' || domain.back() != ']') {
    return Item::no;
  }
  std::string_view inner = domain.substr(1, domain.size() - 2);
  if (util::starts_with_i(inner, "ipv6:")) {
    inner.remove_prefix(5);
  }
  auto addr = ip::parse(inner);
  if (!addr) {
    return Item::no;
  }
  for (const auto& iface : env.interface_addresses()) {
    auto a = ip::parse(iface);
    if (a && ip::unmap(*a) == ip::unmap(*addr)) {
      return Item::yes;
    }
  }
  return Item::no;
}

}  // namespace

Item match_regex(std::string_view pattern, std::string_view subject, bool caseless, Outcome& out) {
  std::string error;
  auto re = lookup::Regex::compile(pattern, caseless, error);
  if (!re) {
    out.error = "regular expression error: " + error;
    return Item::defer;
  }
  if (!re->match(subject, &out.captures)) {
    out.captures.clear();
    return Item::no;
  }
  out.value.assign(pattern);
  return Item::yes;
}

Item match_star(std::string_view pattern, std::string_view subject, bool caseless, Outcome& out) {
  std::string_view tail = pattern.substr(1);
  if (subject.size() < tail.size() ||
      !equals(subject.substr(subject.size() - tail.size()), tail, caseless)) {
    return Item::no;
  }
  out.captures = {std::string(subject),
                  std::string(subject.substr(0, subject.size() - tail.size()))};
  out.value.assign(pattern);
  return Item::yes;
}

std::optional<size_t> lookup_semicolon(std::string_view item) {
  size_t semi = item.find(';');
  if (semi == std::string_view::npos || semi == 0 || item[0] == '^') {
    return std::nullopt;
  }
  for (size_t i = 0; i < semi; ++i) {
    if (util::is_space(item[i])) {
      return std::nullopt;
    }
  }
  return semi;
}

Item match_lookup(std::string_view item, size_t semi, std::string_view key, Outcome& out,
                  bool allow_partial) {
  std::string error;
  auto spec = lookup::parse_spec(item.substr(0, semi), error);
  if (!spec) {
    out.error = error;
    return Item::defer;
  }
  if (!allow_partial) {
    spec->partial_min = -1;
  }
  std::string_view rest = util::trim(item.substr(semi + 1));
  lookup::Result r =
      spec->driver->single_key() ? lookup::run(*spec, key, rest) : lookup::run(*spec, "", rest);
  if (r.status == lookup::Status::defer) {
    out.error = r.reason;
    return Item::defer;
  }
  if (r.status == lookup::Status::not_found) {
    return Item::no;
  }
  out.lookup_data = r.value.text;
  out.value = r.value.text;
  return Item::yes;
}

Item match_domain_item(std::string_view item, std::string_view domain, Walk& w, Outcome& out) {
  if (item == "@") {
    std::string primary = w.env.primary_hostname();
    out.value = primary;
    return !primary.empty() && util::iequals(primary, domain) ? Item::yes : Item::no;
  }
  if (item == "@[]") {
    out.value = "@[]";
    return match_local_literal(domain, w.env);
  }
  if (item.starts_with("@mx_")) {
    out.error = std::string(item) + ": MX-based domain matching is not supported yet";
    return Item::defer;
  }
  if (!item.empty() && item[0] == '+') {
    Walk sub = w;
    sub.kind = Kind::domain;
    return match_named(
        item.substr(1), sub,
        [domain](std::string_view i, Walk& ww, Outcome& o) {
          return match_domain_item(i, domain, ww, o);
        },
        out);
  }
  if (!item.empty() && item[0] == '^') {
    return match_regex(item, domain, true, out);
  }
  if (!item.empty() && item[0] == '*') {
    return match_star(item, domain, true, out);
  }
  if (auto semi = lookup_semicolon(item)) {
    return match_lookup(item, *semi, domain, out);
  }
  out.value.assign(item);
  return util::iequals(item, domain) ? Item::yes : Item::no;
}

Item match_localpart_item(std::string_view item, std::string_view local, Walk& w, Outcome& out) {
  if (!item.empty() && item[0] == '^') {
    return match_regex(item, local, w.caseless, out);
  }
  if (!item.empty() && item[0] == '*') {
    return match_star(item, local, w.caseless, out);
  }
  if (auto semi = lookup_semicolon(item)) {
    // The subject is lower-cased until "+caseful" (the keys of case-
    // sensitive lookups such as dsearch must be in lower case).
    return match_lookup(item, *semi, w.caseless ? util::lower(local) : std::string(local), out);
  }
  out.value.assign(item);
  return equals(item, local, w.caseless) ? Item::yes : Item::no;
}

}  // namespace corvid::lists::detail
