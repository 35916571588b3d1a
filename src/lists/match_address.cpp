// Address lists (senders, recipients, addresslist): items are matched
// against "local@domain" with the domain lower-cased and the local part
// compared caselessly until "+caseful" (or from the start when the caller
// says caseful). Item forms, in the order Exim tries them:
//   ""                 the empty address (bounce sender)
//   ^regex             the whole address
//   @@type;file        domain looked up; its data is a local-part list,
//                      chained by a final ">key" item (at most 50 links)
//   type;file          the whole address looked up (no partial matching;
//                      "*@" defaults work)
//   local@domainitem   local part (literal or "*suffix") and a domain-list
//                      item (wildcard, regex, lookup, +named domain list)
//   domainitem         a literal or "*suffix" domain: as "*@domainitem"
#include <algorithm>

#include "lists/list_reader.hpp"
#include "lists/match_internal.hpp"
#include "util/strings.hpp"

namespace corvid::lists {

namespace {

using detail::Item;
using detail::Walk;

constexpr int kMaxChain = 50;

struct Parts {
  std::string local, domain;
};

std::optional<Parts> split(std::string_view address) {
  auto at = address.rfind('@');
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  return Parts{std::string(address.substr(0, at)), std::string(address.substr(at + 1))};
}

// True when "type;..." names a lookup for the whole address: any '@'
// before the ';' must be the "*@" of the lookup type.
bool is_whole_address_lookup(std::string_view item, size_t semi) {
  std::string_view type = item.substr(0, semi);
  type = type.substr(0, type.find(','));
  if (type.ends_with("*@")) {
    type.remove_suffix(2);
  }
  return type.find('@') == std::string_view::npos;
}

// Walks the local-part list found by an "@@" lookup.
Item match_at_at_list(std::string_view list, const Parts& parts, Walk& w, Outcome& out,
                      std::string& chain) {
  std::vector<std::string> items = split_list(list);
  chain.clear();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string_view item = items[i];
    if (i + 1 == items.size() && item.starts_with(">")) {
      chain.assign(util::trim(item.substr(1)));
      return Item::no;
    }
    bool negated = !item.empty() && item[0] == '!';
    if (negated) {
      item = util::trim_left(item.substr(1));
    }
    Walk sub = w;
    sub.kind = Kind::localpart;
    Item r = detail::match_localpart_item(item, parts.local, sub, out);
    if (r == Item::defer) {
      return r;
    }
    if (r == Item::yes) {
      return negated ? Item::no : Item::yes;  // a negative match ends the search
    }
  }
  return Item::no;
}

Item match_at_at(std::string_view item, std::string_view address, Walk& w, Outcome& out) {
  auto parts = split(address);
  auto semi = detail::lookup_semicolon(item);
  if (!parts || !semi) {
    return Item::no;
  }
  std::string error;
  auto spec = lookup::parse_spec(item.substr(0, *semi), error);
  if (!spec) {
    out.error = error;
    return Item::defer;
  }
  std::string_view file = util::trim(item.substr(*semi + 1));
  std::string key = parts->domain;
  for (int link = 0; link < kMaxChain && !key.empty(); ++link) {
    lookup::Result r = lookup::run(*spec, key, file);
    if (r.status == lookup::Status::defer) {
      out.error = r.reason;
      return Item::defer;
    }
    if (r.status == lookup::Status::not_found) {
      return Item::no;
    }
    std::string chain;
    Outcome item_out;
    Item m = match_at_at_list(r.value.text, *parts, w, item_out, chain);
    if (m != Item::no || chain.empty() || !spec->driver->single_key()) {
      out = item_out;  // $value: the local-part item that matched
      return m;
    }
    key = chain;
  }
  return Item::no;
}

bool local_matches(std::string_view pattern, std::string_view local, bool caseless) {
  if (!pattern.empty() && pattern[0] == '*') {
    std::string_view tail = pattern.substr(1);
    return local.size() >= tail.size() &&
           (caseless ? util::iequals(local.substr(local.size() - tail.size()), tail)
                     : local.substr(local.size() - tail.size()) == tail);
  }
  return caseless ? util::iequals(pattern, local) : pattern == local;
}

// `item` is "local@domainitem" (at: the '@') or a bare domain item (at:
// npos, the local part then being "*").
Item match_split_item(std::string_view item, size_t at, std::string_view address, Walk& w,
                      Outcome& out) {
  bool bare = at == std::string_view::npos;
  std::string_view local_pat = bare ? std::string_view("*") : item.substr(0, at);
  std::string_view domain_pat = bare ? item : item.substr(at + 1);
  auto parts = split(address);
  if (!parts || !local_matches(local_pat, parts->local, w.caseless)) {
    return Item::no;
  }
  Item r = detail::match_domain_item(domain_pat, parts->domain, w, out);
  if (r == Item::yes) {
    // Exim's $value here is as many bytes of the item as the subject's
    // local part is long (none for a bare domain), '@', and the value of
    // the domain match: "*@ex@example.com" for User@example.com against
    // "*@example.com". Odd, but it is what Exim 4.96 gives.
    size_t n = bare ? 0 : std::min(parts->local.size(), item.size());
    out.value = std::string(item.substr(0, n)) + "@" + out.value;
  }
  return r;
}

Item match_address_item(std::string_view item, std::string_view address, Walk& w, Outcome& out) {
  if (item.empty()) {
    return address.empty() ? Item::yes : Item::no;
  }
  if (item[0] == '^') {
    Item r = detail::match_regex(item, address, w.caseless, out);
    out.value.clear();  // Exim leaves $value empty for a whole-address regex
    return r;
  }
  if (item.starts_with("@@")) {
    return address.empty() ? Item::no : match_at_at(item.substr(2), address, w, out);
  }
  auto semi = detail::lookup_semicolon(item);
  if (semi && is_whole_address_lookup(item, *semi)) {
    std::string key = w.caseless ? util::lower(address) : std::string(address);
    return detail::match_lookup(item, *semi, key, out, false);
  }
  if (address.empty()) {
    return Item::no;
  }
  return match_split_item(item, item.find('@'), address, w, out);
}

// The subject as Exim compares it: domain lower-cased; local part too
// while matching is caseless (the original is kept for "+caseful").
std::string normalise(std::string_view address) {
  auto at = address.rfind('@');
  if (at == std::string_view::npos) {
    return std::string(address);
  }
  return std::string(address.substr(0, at + 1)) + util::lower(address.substr(at + 1));
}

}  // namespace

Outcome match_address(std::string_view address, std::string_view list, const Env& env,
                      bool caseless) {
  std::string subject = normalise(address);
  Walk w{Kind::address, env, subject};
  w.caseless = caseless;
  return detail::walk(list, w, [&subject](std::string_view item, Walk& ww, Outcome& out) {
    return match_address_item(item, subject, ww, out);
  });
}

}  // namespace corvid::lists
