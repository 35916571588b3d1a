// "dnslists =": DNS black (and white) lists, as Exim 4.96 checks them.
//
// Each item is "[txt-domain,]domain[[!]=|==|&|=&addresses][/keys]", or one
// of +include_unknown / +exclude_unknown / +defer_unknown, which say what
// a lookup that fails temporarily means for the items after it (default:
// not listed, with a log line). Without keys the client's address is
// looked up, reversed; each key that is an IP address is reversed too.
// An A record outside 127.0.0.0/8 is discarded (with a log line) unless
// the item restricts the values itself. On a match $dnslist_domain,
// $dnslist_matched (the key, not reversed), $dnslist_value (every address,
// ", "-separated) and $dnslist_text (the first TXT string) are set.
// Queries go through the Session's dns_lookup() hook, never elsewhere.
#include <arpa/inet.h>

#include "acl/eval.hpp"
#include "dns/reverse.hpp"
#include "lists/list_reader.hpp"
#include "util/strings.hpp"

namespace corvid::acl::detail {
namespace {

enum class Unknown { listed, not_listed, defer };

struct ItemSpec {
  std::string domain;      // where the A records are looked up
  std::string txt_domain;  // what $dnslist_domain shows and TXT comes from
  std::string keys;        // after '/', empty: the client's address
  std::string iplist;      // after '=' / '&'
  bool has_iplist = false;
  bool bitmask = false;
  bool negated = false;  // "!=" / "!&"
  bool all = false;      // "==" / "=&"
};

ItemSpec parse_item(std::string_view item) {
  ItemSpec s;
  size_t slash = item.find('/');
  if (slash != std::string_view::npos) {
    s.keys = std::string(item.substr(slash + 1));
    item = item.substr(0, slash);
  }
  size_t op = item.find('=');
  if (op == std::string_view::npos) {
    op = item.find('&');
    s.bitmask = op != std::string_view::npos;
  }
  std::string_view domains = item;
  if (op != std::string_view::npos) {
    s.has_iplist = true;
    domains = item.substr(0, op);
    if (!domains.empty() && domains.back() == '!') {
      s.negated = true;
      domains.remove_suffix(1);
    }
    std::string_view rest = item.substr(op + 1);
    if (!s.bitmask && !rest.empty() && (rest.front() == '=' || rest.front() == '&')) {
      s.bitmask = rest.front() == '&';
      s.all = true;
      rest.remove_prefix(1);
    }
    s.iplist = std::string(rest);
  }
  size_t comma = domains.find(',');
  s.domain = std::string(comma == std::string_view::npos ? domains : domains.substr(comma + 1));
  s.txt_domain = std::string(domains.substr(0, comma));
  return s;
}

std::optional<std::uint32_t> ipv4(const std::string& s) {
  in_addr a{};
  if (inet_pton(AF_INET, s.c_str(), &a) != 1) return std::nullopt;
  return ntohl(a.s_addr);
}

bool in_127(const std::string& s) {
  std::optional<std::uint32_t> v = ipv4(s);
  return v && (*v >> 24) == 127;
}

struct Ctx {
  Frame& f;
  Unknown unknown = Unknown::not_listed;
};

// One lookup of "prefix.domain": ok (listed), fail or defer.
Rc check_one(Ctx& c, const std::string& domain, const std::string& txt_domain,
             const std::string& key, const std::string& prefix, const ItemSpec* restrict) {
  std::string query = prefix + "." + domain;
  DnsAnswer a = c.f.session.dns_lookup(query, DnsType::a);
  if (a.status == DnsStatus::not_available || a.status == DnsStatus::defer) {
    static constexpr const char* kSay[] = {"assumed in list", "assumed not in list",
                                           "returned DEFER"};
    LogTargets t;
    t.dnslist_defer = true;
    c.f.session.log_write("DNS list lookup defer (probably timeout) for " + query + ": " +
                              kSay[static_cast<int>(c.unknown)],
                          t, false);
    return c.unknown == Unknown::listed       ? Rc::ok
           : c.unknown == Unknown::not_listed ? Rc::fail
                                              : Rc::defer;
  }
  if (a.status != DnsStatus::found || a.records.empty()) return Rc::fail;
  auto discard_note = [&](const std::string& addr) {
    c.f.session.log_write("DNS list lookup for " + key + " at " + domain + " returned " + addr +
                              "; not in 127.0/8 and discarded",
                          LogTargets{}, false);
  };
  if (restrict != nullptr && restrict->has_iplist) {
    std::vector<std::string> listed = lists::split_list(restrict->iplist, ',');
    bool stopped = false;
    for (const std::string& rec : a.records) {
      bool matched = false;
      if (!restrict->bitmask) {
        for (const std::string& l : listed) matched = matched || util::trim(l) == rec;
      } else {
        std::uint32_t mask = 0;
        if (std::optional<std::uint32_t> v = ipv4(rec)) {
          if ((*v >> 24) != 127) {
            discard_note(rec);
          } else {
            mask = *v;
          }
        }
        for (const std::string& l : listed) {
          std::optional<std::uint32_t> want = ipv4(std::string(util::trim(l)));
          matched = matched || (want && (*want & mask) == *want);
        }
      }
      // "any" stops at the first match, "all" at the first mismatch.
      if (restrict->all ? !matched : matched) {
        stopped = true;
        break;
      }
    }
    bool listed_now = restrict->all ? !stopped : stopped;
    if (restrict->negated) listed_now = !listed_now;
    if (!listed_now) return Rc::fail;
  } else {
    bool ok = false;
    for (const std::string& rec : a.records) {
      if (in_127(rec)) {
        ok = true;
        break;
      }
      discard_note(rec);
    }
    if (!ok) return Rc::fail;
  }
  // The TXT record comes from the first domain when two are given, which
  // also checks that the host is listed there.
  if (txt_domain != domain) return check_one(c, txt_domain, txt_domain, key, prefix, nullptr);
  std::string value;
  for (const std::string& rec : a.records) value += (value.empty() ? "" : ", ") + rec;
  DnsAnswer txt = c.f.session.dns_lookup(query, DnsType::txt);
  Variables& v = c.f.session.acl_variables();
  v.set_side("dnslist_value", TString(value, true));
  v.set_side("dnslist_text",
             TString(txt.status == DnsStatus::found && !txt.records.empty() ? txt.records[0] : "",
                     true));
  return Rc::ok;
}

void set_match(Frame& f, const std::string& domain, const std::string& key) {
  Variables& v = f.session.acl_variables();
  v.set_side("dnslist_domain", TString(domain));
  v.set_side("dnslist_matched", TString(key, true));
}

}  // namespace

Rc eval_dnslists(Frame& f, const std::string& arg) {
  Ctx c{f};
  lists::ListReader items(arg);
  for (std::string item; items.next(item);) {
    if (item.empty()) continue;
    if (item.front() == '+') {
      if (item == "+include_unknown") c.unknown = Unknown::listed;
      else if (item == "+exclude_unknown") c.unknown = Unknown::not_listed;
      else if (item == "+defer_unknown") c.unknown = Unknown::defer;
      else f.session.log_write("unknown item in dnslist (ignored): " + item, LogTargets{}, false);
      continue;
    }
    ItemSpec s = parse_item(item);
    if (s.keys.empty()) {
      if (f.session.where() == Where::not_smtp || f.session.where() == Where::not_smtp_start) {
        f.log_msg = "cannot test auto-keyed dnslists condition in " +
                    std::string(where_name(f.session.where())) + " ACL";
        return Rc::error;
      }
      std::string ip = f.session.host().address;
      if (ip.empty()) return Rc::fail;  // can never match
      Rc rc = check_one(c, s.domain, s.txt_domain, ip, dns::reversed_address(ip).value_or(ip), &s);
      if (rc == Rc::ok) set_match(f, s.txt_domain, ip);
      if (rc != Rc::fail) return rc;
      continue;
    }
    bool deferred = false;
    lists::ListReader keys(s.keys);
    for (std::string key; keys.next(key);) {
      std::string prefix = dns::reversed_address(key).value_or(key);
      Rc rc = check_one(c, s.domain, s.txt_domain, key, prefix, &s);
      if (rc == Rc::ok) {
        set_match(f, s.txt_domain, key);
        return Rc::ok;
      }
      deferred = deferred || rc == Rc::defer;
    }
    if (deferred) return Rc::defer;
  }
  return Rc::fail;
}

}  // namespace corvid::acl::detail
