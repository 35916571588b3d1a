// The manualroute router: the first route_list rule whose domain pattern
// matches (or the expanded route_data) gives a host list and options;
// hosts are IP literals or names ("host:port" for another port; "::" in
// the list stands for that colon), looked up "byname" (/etc/hosts, then
// DNS) unless "bydns" is given.
#include "lists/list_reader.hpp"
#include "lists/match.hpp"
#include "route/hosts.hpp"
#include "route/router.hpp"
#include "util/strings.hpp"

namespace corvid::route {
namespace {

using Kind = RouterResult::Kind;

// "pattern hostlist options" -> its words, a quoted host list kept whole.
std::vector<std::string> words(std::string_view rule) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < rule.size()) {
    while (i < rule.size() && (rule[i] == ' ' || rule[i] == '\t' || rule[i] == '\n')) ++i;
    if (i >= rule.size()) break;
    if (rule[i] == '"') {
      size_t close = rule.find('"', i + 1);
      out.emplace_back(rule.substr(i + 1, close == std::string_view::npos ? std::string_view::npos
                                                                           : close - i - 1));
      i = close == std::string_view::npos ? rule.size() : close + 1;
      continue;
    }
    size_t end = rule.find_first_of(" \t\n", i);
    out.emplace_back(rule.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
    i = end == std::string_view::npos ? rule.size() : end;
  }
  return out;
}

}  // namespace

RouterResult route_manualroute(const config::DriverInstance& r, Address& a, RouteContext& ctx) {
  RouterResult out;
  std::vector<std::string> rule;
  std::optional<std::string> data;
  bool forced = false;
  std::string error;
  if (!ctx.expand_option(r, "route_data", data, forced, error)) {
    if (forced) return out;
    out.kind = Kind::defer;
    out.message = "failed to expand route_data: " + error;
    return out;
  }
  if (data) {
    if (util::trim(*data).empty()) return out;  // decline
    rule = words(*data);
    rule.insert(rule.begin(), "*");
  } else {
    // (Only what the configuration set: the option table's default is a
    // display placeholder.)
    const config::OptionValue* rl = r.option("route_list");
    std::string list = rl != nullptr && rl->configured ? rl->text : "";
    for (const std::string& text : lists::split_list(list, ';')) {
      std::vector<std::string> w = words(text);
      if (w.empty()) continue;
      if (lists::match_domain(a.domain, w[0], ctx).match == lists::Match::yes) {
        rule = std::move(w);
        break;
      }
    }
    if (rule.empty()) return out;  // no rule for this domain: decline
  }
  bool dns_only = false;
  for (size_t i = 2; i < rule.size(); ++i) dns_only = dns_only || rule[i] == "bydns";
  if (!router_transport(r, ctx, out)) return out;
  if (rule.size() > 1) {
    for (const std::string& item : lists::split_list(rule[1])) {
      auto [name, port] = host_and_port(item);
      Resolve res = resolve_host(name, dns_only, port, -1, out.hosts);
      if (res == Resolve::again) {
        out.kind = Kind::defer;
        out.message = "host lookup for " + name + " did not complete";
        return out;
      }
      if (res == Resolve::not_found) {
        out.kind = Kind::defer;
        out.message = "lookup of host \"" + name + "\" failed in " + r.name + " router";
        return out;
      }
    }
  }
  out.kind = Kind::accept;
  return apply_self(r, a, std::move(out), ctx);
}

}  // namespace corvid::route
