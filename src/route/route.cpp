#include "route/route.hpp"

#include <algorithm>
#include <cctype>

#include "config/values.hpp"
#include "route/router.hpp"
#include "util/strings.hpp"

namespace corvid::route {
namespace {

constexpr int kMaxDepth = 100;  // a redirection loop stops here

// The router's `unseen` (an expanded boolean) for the address it routed.
bool unseen(const config::DriverInstance& r, Address& a, RouteContext& ctx) {
  const config::OptionValue* v = r.option("unseen");
  if (v == nullptr || !v->configured) return false;
  std::optional<std::string> text;
  bool forced = false;
  std::string error;
  ctx.current = &a;
  bool ok = ctx.expand_option(r, "unseen", text, forced, error);
  ctx.current = nullptr;
  if (!ok || !text) return false;
  // A plain "unseen" line sets it; an expansion must give true or yes.
  if (text->empty() && !v->expansion) return true;
  return config::parse_bool_word(util::trim(*text)).value_or(false);
}

// The router's headers_add lines (expanded once, then taken line by line)
// and headers_remove names, after those of the routers before it.
void add_router_headers(const config::DriverInstance& r, Address& a, RouteContext& ctx) {
  std::optional<std::string> text;
  bool forced = false;
  std::string error;
  ctx.current = &a;
  if (ctx.expand_option(r, "headers_add", text, forced, error) && text) {
    for (size_t start = 0; start < text->size();) {
      size_t nl = text->find('\n', start);
      std::string line = text->substr(start, nl == std::string::npos ? nl : nl - start);
      start = nl == std::string::npos ? text->size() : nl + 1;
      if (!line.empty()) a.headers_add.push_back(line + "\n");
    }
  }
  if (ctx.expand_option(r, "headers_remove", text, forced, error) && text && !text->empty()) {
    a.headers_remove += (a.headers_remove.empty() ? "" : " : ") + *text;
  }
  ctx.current = nullptr;
}

void route_one(size_t index, RouteContext& ctx, RoutingRun& run, int depth,
               size_t first_router = 0) {
  const auto& routers = ctx.config().routers();
  // The last router considered (skipped ones too) gives the message when
  // none routes the address (cannot_route_message).
  const config::DriverInstance* last = nullptr;
  for (size_t ri = first_router; ri < routers.size(); ++ri) {
    const config::DriverInstance& r = routers[ri];
    last = &r;
    Address a = run.addresses[index];  // a copy: children may grow the vector
    const Address before = a;          // for an unseen router's copy
    RouterResult res = run_router(r, a, ctx);
    ctx.current = nullptr;
    if (!res.log_message.empty()) run.log_lines.push_back(res.log_message);
    using Kind = RouterResult::Kind;
    if (res.kind == Kind::decline) {
      if (!res.skipped && !r.bool_option("more").value_or(true)) break;
      continue;
    }
    a.router = r.name;
    if (res.kind == Kind::accept || res.kind == Kind::redirect) {
      // errors_to before headers_add and the transport, as in Exim; a
      // forced failure leaves the one the address had.
      std::optional<std::string> errors;
      bool forced = false;
      std::string error;
      ctx.current = &a;
      if (!ctx.expand_option(r, "errors_to", errors, forced, error) && !forced) {
        res = RouterResult{};
        res.kind = Kind::defer;
        res.message = "failed to expand \"" + r.string_option("errors_to").value_or("") +
                      "\" in " + r.name + " router: " + error;
      } else if (errors) {
        a.errors_to = *errors;
        a.errors_to_set = true;
      }
      ctx.current = nullptr;
    }
    if (res.kind == Kind::accept || res.kind == Kind::redirect) add_router_headers(r, a, ctx);
    switch (res.kind) {
      case Kind::accept:
        a.outcome = Outcome::routed;
        a.transport = res.transport;
        a.hosts = res.hosts;
        a.dsn_lasthop = r.bool_option("dsn_lasthop").value_or(false);
        break;
      case Kind::fail:
        a.outcome = Outcome::failed;
        a.message = res.message;
        break;
      case Kind::defer:
        a.outcome = Outcome::deferred;
        a.message = res.message;
        break;
      case Kind::discard:
        a.outcome = Outcome::discarded;
        break;
      case Kind::redirect:
        a.outcome = Outcome::redirected;
        break;
      case Kind::decline:
        break;
    }
    run.addresses[index] = a;
    // unseen: the address also goes on, as it was, to the routers after
    // this one. As in Exim, it becomes the parent of two: that copy (first)
    // and the address as this router routed it.
    const bool also_on = (res.kind == Kind::accept || res.kind == Kind::redirect) &&
                         depth < kMaxDepth && unseen(r, a, ctx);
    auto continue_copy = [&] {
      Address copy = before;
      copy.parent = static_cast<int>(index);
      copy.key = before.key + "\x01unseen";  // not a duplicate of the routed one
      copy.dsn_flags = 0;
      copy.orcpt.clear();
      run.addresses.push_back(copy);
      route_one(run.addresses.size() - 1, ctx, run, depth + 1, ri + 1);
    };
    if (also_on && res.kind == Kind::accept) {
      Address routed = a;
      run.addresses[index] = before;
      run.addresses[index].outcome = Outcome::redirected;
      run.addresses[index].router = r.name;
      continue_copy();
      routed.parent = static_cast<int>(index);
      run.addresses.push_back(routed);
      return;
    }
    if (also_on) continue_copy();
    if (res.kind != Kind::redirect) {
      // An address routed already in this run is a duplicate.
      if (a.outcome == Outcome::routed) {
        for (size_t i = 0; i < index; ++i) {
          const Address& other = run.addresses[i];
          if (other.outcome == Outcome::routed && other.key == a.key && !other.duplicate) {
            run.addresses[index].duplicate = true;
            break;
          }
        }
      }
      return;
    }
    // Verifying: a redirection to several addresses (a list) counts as
    // verified there; only a single new address is followed.
    if (ctx.verifying && res.children.size() > 1) return;
    for (const RouterResult::Child& c : res.children) {
      Address child;
      child.parent = static_cast<int>(index);
      child.router = r.name;
      if (c.outcome == Outcome::file || c.outcome == Outcome::pipe) {
        child.address = c.text;
        child.outcome = c.outcome;
        child.transport = c.transport;
        child.errors_to = a.errors_to;
        child.errors_to_set = a.errors_to_set;
        run.addresses.push_back(child);
        continue;
      }
      child = make_address(c.text, ctx);
      child.parent = static_cast<int>(index);
      // What the parent's routers add and remove applies to its children,
      // and so does where its errors go.
      child.headers_add = a.headers_add;
      child.headers_remove = a.headers_remove;
      child.errors_to = a.errors_to;
      child.errors_to_set = a.errors_to_set;
      child.key = child.local_part + "@" + child.domain;
      run.addresses.push_back(child);
      size_t ci = run.addresses.size() - 1;
      if (depth >= kMaxDepth) {
        run.addresses[ci].outcome = Outcome::deferred;
        run.addresses[ci].message = "too many levels of redirection";
        continue;
      }
      route_one(ci, ctx, run, depth + 1);
    }
    return;
  }
  Address& a = run.addresses[index];
  a.outcome = Outcome::failed;
  a.message = "Unrouteable address";
  if (last != nullptr) {
    std::optional<std::string> text;
    bool forced = false;
    std::string error;
    ctx.current = &a;
    if (ctx.expand_option(*last, "cannot_route_message", text, forced, error) && text) {
      a.message = *text;
    }
    ctx.current = nullptr;
  }
}

}  // namespace

Address make_address(const std::string& text, const RouteContext& ctx) {
  Address a;
  size_t at = text.rfind('@');
  if (at == std::string::npos) {
    a.local_part = text;
    a.domain = ctx.base().qualify_recipient();
  } else {
    a.local_part = text.substr(0, at);
    a.domain = text.substr(at + 1);
  }
  // Shown as given; matched in lower case.
  a.address = a.local_part + "@" + a.domain;
  std::transform(a.domain.begin(), a.domain.end(), a.domain.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return a;
}

size_t route_address(Address address, RouteContext& ctx, RoutingRun& run) {
  if (address.key.empty()) address.key = address.address;
  run.addresses.push_back(std::move(address));
  size_t index = run.addresses.size() - 1;
  route_one(index, ctx, run, 0);
  return index;
}

std::vector<size_t> leaves(const RoutingRun& run, size_t index) {
  if (run.addresses[index].outcome != Outcome::redirected) return {index};
  std::vector<size_t> out;
  for (size_t i = index + 1; i < run.addresses.size(); ++i) {
    if (run.addresses[i].parent == static_cast<int>(index)) {
      for (size_t l : leaves(run, i)) out.push_back(l);
    }
  }
  return out;
}

}  // namespace corvid::route
