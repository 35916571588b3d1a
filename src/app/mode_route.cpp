// -bt / -bv output, line for line as Exim 4.96 writes it:
//
//   user@test.example
//     router = localuser, transport = local_delivery
//   x@remote.example
//     router = smarthost, transport = remote_smtp
//     host 192.0.2.1 [192.0.2.1] port=2525
//   a@b is undeliverable: Unrouteable address
//   c@d cannot be resolved at this time: <why>
//   mail to e@f is discarded
//   alias@test.example -> /var/mail/file
//     transport = address_file
//
// with "    <-- parent" lines under addresses a redirection generated and
// "   [duplicate, would not be delivered]" after a repeated one. -bv says
// "verified" / "failed to verify: why" / "cannot be resolved at this time:
// why"; it follows a redirection only to a single new address (one to
// several is a list, and verified as such).
// Exit status: 2 if an address failed, 1 if one could not be routed now.
#include "app/mode_route.hpp"

#include <iostream>

#include "route/route.hpp"
#include "util/strings.hpp"

namespace corvid::app {
namespace {

// An address as the user gave it (before a router took an affix off).
const std::string& shown(const route::Address& a) {
  return a.unstripped.empty() ? a.address : a.unstripped;
}

void print_parents(const route::RoutingRun& run, const route::Address& a) {
  for (int p = a.parent; p >= 0; p = run.addresses[static_cast<size_t>(p)].parent) {
    std::cout << "    <-- " << shown(run.addresses[static_cast<size_t>(p)]) << '\n';
  }
}

// Returns 0, 1 (deferred) or 2 (failed) for this leaf.
int print_leaf(const route::RoutingRun& run, size_t i) {
  const route::Address& a = run.addresses[i];
  using route::Outcome;
  switch (a.outcome) {
    case Outcome::routed:
      std::cout << shown(a) << (a.duplicate ? "   [duplicate, would not be delivered]" : "")
                << '\n';
      print_parents(run, a);
      std::cout << "  router = " << a.router << ", transport = "
                << (a.transport.empty() ? "unset" : a.transport) << '\n';
      for (const route::Host& h : a.hosts) {
        std::cout << "  host " << h.name << " [" << h.address << "]";
        if (h.mx >= 0) std::cout << " MX=" << h.mx;
        if (h.port != 0) std::cout << " port=" << h.port;
        if (h.secure) std::cout << " ad";
        std::cout << '\n';
      }
      return 0;
    case Outcome::file:
    case Outcome::pipe: {
      const route::Address& parent = run.addresses[static_cast<size_t>(a.parent)];
      std::cout << shown(parent) << " -> " << shown(a) << '\n';
      print_parents(run, parent);
      std::cout << "  transport = " << a.transport << '\n';
      return 0;
    }
    case Outcome::discarded:
      std::cout << "mail to " << shown(a) << " is discarded\n";
      print_parents(run, a);
      return 0;
    case Outcome::failed:
      std::cout << shown(a) << " is undeliverable: " << a.message << '\n';
      print_parents(run, a);
      return 2;
    case Outcome::deferred:
      std::cout << shown(a) << " cannot be resolved at this time: " << a.message << '\n';
      print_parents(run, a);
      return 1;
    case Outcome::redirected:
      return 0;
  }
  return 0;
}

int verify_one(const route::RoutingRun& run, size_t top) {
  const route::Address& a = run.addresses[top];
  bool ok = false, deferred = false;
  std::string why;
  std::vector<size_t> found = route::leaves(run, top);
  if (found.empty()) ok = true;  // a list: verified without its members
  for (size_t l : found) {
    const route::Address& leaf = run.addresses[l];
    if (leaf.outcome == route::Outcome::failed) {
      if (why.empty()) why = leaf.message;
    } else if (leaf.outcome == route::Outcome::deferred) {
      deferred = true;
      if (why.empty()) why = leaf.message;
    } else {
      ok = true;
    }
  }
  if (ok) {
    std::cout << a.address << " verified\n";
    return 0;
  }
  if (deferred) {
    std::cout << a.address << " cannot be resolved at this time: " << why << '\n';
    return 1;
  }
  std::cout << a.address << " failed to verify: " << why << '\n';
  return 2;
}

}  // namespace

int run_bt(const CommandLine& cl, const Loaded& loaded, bool verify) {
  route::RouteContext ctx(loaded.config);
  ctx.verifying = verify;
  std::vector<std::string> inputs = cl.args;
  if (inputs.empty()) {
    for (std::string line; std::getline(std::cin, line);) {
      std::string t(util::trim(line));
      if (!t.empty()) inputs.push_back(t);
    }
  }
  int status = 0;
  route::RoutingRun run;  // one run: an address repeated later is a duplicate
  for (const std::string& text : inputs) {
    size_t logged = run.log_lines.size();
    route::Address a = route::make_address(text, ctx);
    a.key = text;
    size_t top = route::route_address(std::move(a), ctx, run);
    for (size_t i = logged; i < run.log_lines.size(); ++i) {
      std::cerr << "LOG: MAIN\n  " << run.log_lines[i] << '\n';
    }
    int rc = 0;
    if (verify) {
      rc = verify_one(run, top);
    } else {
      // Exim reports what failed, was deferred or discarded as it routes,
      // and what was routed afterwards.
      std::vector<size_t> all = route::leaves(run, top);
      for (int pass = 0; pass < 2; ++pass) {
        for (size_t l : all) {
          route::Outcome o = run.addresses[l].outcome;
          bool early = o == route::Outcome::failed || o == route::Outcome::deferred ||
                       o == route::Outcome::discarded;
          if (early == (pass == 0)) rc = std::max(rc, print_leaf(run, l));
        }
      }
    }
    status = std::max(status, rc);
  }
  return status;
}

}  // namespace corvid::app
