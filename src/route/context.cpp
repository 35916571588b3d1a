#include "route/context.hpp"

#include "dns/host_names.hpp"
#include "expand/expansion.hpp"
#include "util/strings.hpp"

namespace corvid::route {

RouteContext::RouteContext(std::shared_ptr<const config::Config> config)
    : config_(config), base_(std::move(config)) {}

expand::VarStatus RouteContext::variable(std::string_view n, TString& out) const {
  auto put = [&](std::string v, bool tainted = false) {
    out = TString(std::move(v), tainted);
    return expand::VarStatus::found;
  };
  if (n == "sender_address") return put(sender, true);
  if (n == "router_name") return put(router_name);
  if (current != nullptr) {
    if (n == "local_part") return put(current->local_part, true);
    if (n == "domain") return put(current->domain, true);
    if (n == "domain_data") return put(current->domain_data);
    if (n == "local_part_data") return put(current->local_part_data);
    if (n == "address_data") return put(current->address_data);
    if (n == "home" && current->home) return put(*current->home);
    if (n == "local_part_prefix") return put(current->prefix, current->prefix_tainted);
    if (n == "local_part_suffix") return put(current->suffix, current->suffix_tainted);
    if (n == "local_part_prefix_v") return put(current->prefix_v, true);
    if (n == "local_part_suffix_v") return put(current->suffix_v, true);
  }
  return base_.variable(n, out);
}

bool RouteContext::header(std::string_view name, expand::HeaderMode, TString& out) const {
  if (message == nullptr) return false;
  for (const spool::HeaderLine& h : message->headers) {
    if (h.type == spool::kHeaderDeleted) continue;
    size_t colon = h.text.find(':');
    if (colon == std::string::npos) continue;
    std::string_view n = util::trim_right(std::string_view(h.text).substr(0, colon));
    if (!util::iequals(n, name)) continue;
    std::string value = h.text.substr(colon + 1);
    while (!value.empty() && value.back() == '\n') value.pop_back();
    out = TString(std::string(util::trim_left(value)), true);
    return true;
  }
  return false;
}

bool RouteContext::expand_list(std::string_view text, std::string& out, std::string& error) const {
  return expand::expand_to(text, *this, out, error);
}

std::vector<std::string> RouteContext::host_addresses(std::string_view name) const {
  return dns::find_addresses(name).addresses;
}

bool RouteContext::expand_option(const config::DriverInstance& d, std::string_view name,
                                 std::optional<std::string>& out, bool& forced,
                                 std::string& error) const {
  forced = false;
  out.reset();
  const config::OptionValue* v = d.option(name);
  if (v == nullptr || !v->is_set) return true;
  if (!v->expansion) {
    out = v->text;
    return true;
  }
  expand::Result r = expand::expand(*v->expansion, *this);
  if (r.ok()) {
    out = r.value.text;
    return true;
  }
  forced = r.status == expand::Status::forced_fail;
  error = r.message;
  return false;
}

}  // namespace corvid::route
