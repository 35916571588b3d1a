#include "route/router.hpp"

#include <sys/stat.h>

#include <cctype>

#include <ifaddrs.h>
#include <netdb.h>
#include <pwd.h>

#include "dns/host_names.hpp"
#include "lists/list_reader.hpp"
#include "lists/match.hpp"
#include "util/strings.hpp"

namespace corvid::route {
namespace {

using Kind = RouterResult::Kind;

RouterResult result(Kind k, std::string message = {}) {
  RouterResult r;
  r.kind = k;
  r.message = std::move(message);
  return r;
}

RouterResult skipped() {
  RouterResult r;
  r.skipped = true;
  return r;
}

// A list option: matched when unset; defer on a lookup that could not
// complete. `data` gets the matching item's data ($domain_data ...).
std::optional<RouterResult> check_list(const config::DriverInstance& r, std::string_view option,
                                       RouteContext& ctx, const std::string& subject,
                                       std::string* data,
                                       lists::Outcome (*match)(std::string_view, std::string_view,
                                                               const lists::Env&)) {
  std::optional<std::string> list;
  bool forced = false;
  std::string error;
  if (!ctx.expand_option(r, option, list, forced, error)) {
    return result(Kind::defer, "failed to expand \"" + std::string(option) + "\": " + error);
  }
  if (!list) return std::nullopt;
  lists::Outcome o = match(subject, *list, ctx);
  if (o.match == lists::Match::defer) return result(Kind::defer, lists::defer_message(*list, o));
  if (o.match == lists::Match::no) return skipped();
  if (data != nullptr) *data = o.value;
  return std::nullopt;
}

lists::Outcome match_local_part(std::string_view s, std::string_view l, const lists::Env& e) {
  return lists::match_localpart(s, l, e);
}
lists::Outcome match_sender(std::string_view s, std::string_view l, const lists::Env& e) {
  return lists::match_address(s, l, e);
}

bool truthy(std::string_view v) {
  v = util::trim(v);
  return !(v.empty() || v == "0" || util::iequals(v, "no") || util::iequals(v, "false"));
}

}  // namespace

bool router_transport(const config::DriverInstance& r, RouteContext& ctx, RouterResult& out) {
  std::optional<std::string> t;
  bool forced = false;
  std::string error;
  if (!ctx.expand_option(r, "transport", t, forced, error)) {
    out = result(Kind::defer, "failed to expand transport for " + r.name + " router: " + error);
    return false;
  }
  if (t && !t->empty()) {
    if (ctx.config().instance(config::DriverKind::transport, *t) == nullptr) {
      out = result(Kind::defer, "transport \"" + *t + "\" not found in " + r.name + " router");
      return false;
    }
    out.transport = *t;
  }
  return true;
}

bool is_local_address(const RouteContext& ctx, const std::string& ip) {
  // local_interfaces, or (when it listens everywhere) every interface.
  std::string li = ctx.config().string_option("local_interfaces").value_or("");
  std::vector<std::string> locals;
  bool any = li.empty();
  for (const std::string& item : lists::split_list(li)) {
    // "ip" or "ip.port" (Exim's form for a port on an interface).
    std::string addr = item;
    if (!dns::same_address(addr, addr)) addr = item.substr(0, item.rfind('.'));
    if (addr == "0.0.0.0" || addr == "::0" || addr == "::") any = true;
    locals.push_back(addr);
  }
  if (any) {
    ifaddrs* ifs = nullptr;
    if (getifaddrs(&ifs) == 0) {
      for (ifaddrs* i = ifs; i != nullptr; i = i->ifa_next) {
        if (i->ifa_addr == nullptr) continue;
        int fam = i->ifa_addr->sa_family;
        if (fam != AF_INET && fam != AF_INET6) continue;
        char buf[NI_MAXHOST];
        socklen_t len = fam == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        if (getnameinfo(i->ifa_addr, len, buf, sizeof buf, nullptr, 0, NI_NUMERICHOST) == 0) {
          std::string a = buf;
          locals.push_back(a.substr(0, a.find('%')));
        }
      }
      freeifaddrs(ifs);
    }
  }
  for (const std::string& l : locals) {
    if (dns::same_address(l, ip)) return true;
  }
  return false;
}

RouterResult apply_self(const config::DriverInstance& r, const Address& a, RouterResult routed,
                        RouteContext& ctx, std::string why) {
  bool self = false;
  for (const Host& h : routed.hosts) self = self || (!h.address.empty() && is_local_address(ctx, h.address));
  if (!self) return routed;
  std::string how = r.string_option("self").value_or("freeze");
  if (how == "pass" || how == "decline") return result(Kind::decline);
  if (how == "send") return routed;
  if (how == "fail") return result(Kind::fail, why);
  RouterResult d = result(Kind::defer, why);
  d.log_message = why + ": " + a.domain + " (while routing <" + a.address + ">)";
  return d;
}

// local_part_prefix / local_part_suffix: the first item that the local
// part begins (ends) with is taken off it for this router; a "*" at the
// outer end of an item matches anything. Without a match the router is
// skipped unless the affix is optional.
bool strip_affixes(const config::DriverInstance& r, Address& a) {
  for (bool prefix : {true, false}) {
    const char* option = prefix ? "local_part_prefix" : "local_part_suffix";
    const config::OptionValue* v = r.option(option);
    if (v == nullptr || !v->configured) continue;
    const std::string* list = &v->text;
    bool found = false;
    const std::string lp = util::lower(a.local_part);
    for (const std::string& raw : lists::split_list(*list)) {
      std::string item = util::lower(raw);
      bool wild = prefix ? item.starts_with('*') : item.ends_with('*');
      std::string fixed = wild ? (prefix ? item.substr(1) : item.substr(0, item.size() - 1)) : item;
      size_t len = 0;
      if (wild) {
        // The shortest local part that leaves something: the first (last)
        // occurrence of the fixed part.
        size_t at = prefix ? lp.find(fixed) : lp.rfind(fixed);
        if (at == std::string::npos) continue;
        len = prefix ? at + fixed.size() : lp.size() - at;
      } else if (prefix ? lp.starts_with(fixed) : lp.ends_with(fixed)) {
        len = fixed.size();
      } else {
        continue;
      }
      if (len >= a.local_part.size()) continue;  // nothing would be left
      std::string affix = prefix ? a.local_part.substr(0, len)
                                 : a.local_part.substr(a.local_part.size() - len);
      std::string variable = wild ? (prefix ? affix.substr(0, affix.size() - fixed.size())
                                            : affix.substr(fixed.size()))
                                  : "";
      if (a.unstripped.empty()) a.unstripped = a.address;
      a.local_part = prefix ? a.local_part.substr(len)
                            : a.local_part.substr(0, a.local_part.size() - len);
      (prefix ? a.prefix : a.suffix) = affix;
      (prefix ? a.prefix_v : a.suffix_v) = variable;
      (prefix ? a.prefix_tainted : a.suffix_tainted) = wild;
      a.address = a.local_part + "@" + a.domain;
      found = true;
      break;
    }
    bool optional = r.bool_option(prefix ? "local_part_prefix_optional"
                                         : "local_part_suffix_optional")
                        .value_or(false);
    if (!found && !optional) return false;
  }
  return true;
}

RouterResult run_router(const config::DriverInstance& r, Address& a, RouteContext& ctx) {
  ctx.current = &a;
  ctx.router_name = r.name;
  // verify_only routers run only when verifying; no_verify ones only when not.
  if (r.bool_option("verify_only").value_or(false) && !ctx.verifying) return skipped();
  if (ctx.verifying && !r.bool_option("verify").value_or(true)) return skipped();
  if (!strip_affixes(r, a)) return skipped();
  if (auto d = check_list(r, "domains", ctx, a.domain, &a.domain_data, lists::match_domain)) {
    return *d;
  }
  if (auto d = check_list(r, "local_parts", ctx, a.local_part, &a.local_part_data,
                          match_local_part)) {
    return *d;
  }
  if (r.bool_option("check_local_user").value_or(false)) {
    passwd* pw = getpwnam(a.local_part.c_str());
    if (pw == nullptr) return skipped();
    a.home = pw->pw_dir;
    // The login name is trusted data ($local_part_data), as in Exim.
    a.local_part_data = pw->pw_name;
  }
  if (auto d = check_list(r, "senders", ctx, ctx.sender, nullptr, match_sender)) return *d;
  std::optional<std::string> cond;
  bool forced = false;
  std::string error;
  std::optional<std::string> files;
  if (!ctx.expand_option(r, "require_files", files, forced, error)) {
    if (!forced) return result(Kind::defer, "failed to expand require_files: " + error);
  } else if (files) {
    // Each file must exist ("!" before it: must not); a relative name is
    // an error.
    for (const std::string& item : lists::split_list(*files)) {
      bool negated = item.starts_with('!');
      std::string path = negated ? item.substr(1) : item;
      if (path.empty() || path.front() != '/') {
        return result(Kind::defer, "require_files: \"" + path + "\" is not absolute");
      }
      struct stat st {};
      if ((::stat(path.c_str(), &st) == 0) == negated) return skipped();
    }
  }
  if (!ctx.expand_option(r, "condition", cond, forced, error)) {
    if (!forced) return result(Kind::defer, "failed to expand condition for " + r.name + ": " + error);
    return skipped();
  }
  if (cond && !truthy(*cond)) return skipped();
  std::optional<std::string> data;
  if (!ctx.expand_option(r, "address_data", data, forced, error)) {
    if (forced) return result(Kind::decline);
    return result(Kind::defer, "failed to expand address_data: " + error);
  }
  if (data) a.address_data = *data;

  if (r.driver == "accept") return route_accept(r, a, ctx);
  if (r.driver == "redirect") return route_redirect(r, a, ctx);
  if (r.driver == "manualroute") return route_manualroute(r, a, ctx);
  if (r.driver == "dnslookup") return route_dnslookup(r, a, ctx);
  if (r.driver == "ipliteral") return route_ipliteral(r, a, ctx);
  return result(Kind::defer, r.driver + " router (" + r.name + ") is not yet supported by Corvid");
}

}  // namespace corvid::route
