// Routing without the network: accept, redirect and manualroute with IP
// hosts (dnslookup and the rest are compared with Exim in
// tests/integration/test_routing_vs_exim.py).
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "route/route.hpp"

namespace corvid::route {
namespace {

std::shared_ptr<const config::Config> load() {
  auto r = config::load_text(
      "qualify_domain = test.example\n"
      "domainlist local_domains = test.example\n"
      "begin routers\n"
      "aliases:\n  driver = redirect\n  domains = +local_domains\n"
      "  data = ${if eq{$local_part}{list}{a, b@other.example, |cat, /tmp/f}{}}\n"
      "  file_transport = t\n  pipe_transport = t\n"
      "users:\n  driver = accept\n  domains = +local_domains\n"
      "  local_parts = a : c\n  transport = t\n"
      "manual:\n  driver = manualroute\n"
      "  route_list = other.example \"198.51.100.1 : 198.51.100.2::2525\"\n  transport = t\n"
      "begin transports\nt:\n  driver = smtp\n",
      "<test>", {}, nullptr);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().render());
  return r.config();
}

TEST(Route, AddressesAreQualifiedAndKeepTheirCase) {
  RouteContext ctx(load());
  Address a = make_address("Root", ctx);
  EXPECT_EQ(a.address, "Root@test.example");
  Address b = make_address("u@Mixed.Example", ctx);
  EXPECT_EQ(b.address, "u@Mixed.Example");
  EXPECT_EQ(b.domain, "mixed.example");
}

TEST(Route, RedirectAcceptAndManualroute) {
  RouteContext ctx(load());
  RoutingRun run;
  size_t top = route_address(make_address("list@test.example", ctx), ctx, run);
  EXPECT_EQ(run.addresses[top].outcome, Outcome::redirected);
  std::vector<size_t> l = leaves(run, top);
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(run.addresses[l[0]].address, "a@test.example");
  EXPECT_EQ(run.addresses[l[0]].router, "users");
  EXPECT_EQ(run.addresses[l[1]].hosts.size(), 2u);
  EXPECT_EQ(run.addresses[l[1]].hosts[1].port, 2525);
  EXPECT_EQ(run.addresses[l[2]].outcome, Outcome::pipe);
  EXPECT_EQ(run.addresses[l[3]].outcome, Outcome::file);
  size_t other = route_address(make_address("zz@test.example", ctx), ctx, run);
  EXPECT_EQ(run.addresses[other].outcome, Outcome::failed);
  EXPECT_EQ(run.addresses[other].message, "Unrouteable address");
}

}  // namespace
}  // namespace corvid::route

namespace corvid::route {
namespace {

// The shapes of the embedded default configuration: no_more on a router
// whose domains do not match does not stop routing; a missing .forward
// declines; check_local_user sets $local_part_data.
TEST(Route, PreconditionsSkipWithoutNoMoreAndMissingFileDeclines) {
  auto r = config::load_text(
      "domainlist local_domains = test.example\n"
      "qualify_domain = test.example\n"
      "begin routers\n"
      "remote:\n  driver = manualroute\n  domains = ! +local_domains\n"
      "  route_list = * 198.51.100.1\n  transport = t\n  no_more\n"
      "forward:\n  driver = redirect\n  check_local_user\n"
      "  file = /nonexistent/dir/.forward\n"
      "user:\n  driver = accept\n  check_local_user\n"
      "  condition = ${if eq{$local_part_data}{root}}\n  transport = t\n"
      "begin transports\nt:\n  driver = appendfile\n  file = /dev/null\n",
      "<test>", {}, nullptr);
  ASSERT_TRUE(r.ok()) << r.error().render();
  RouteContext ctx(r.config());
  RoutingRun run;
  size_t top = route_address(make_address("root@test.example", ctx), ctx, run);
  EXPECT_EQ(run.addresses[top].outcome, Outcome::routed);
  EXPECT_EQ(run.addresses[top].router, "user");
}

}  // namespace
}  // namespace corvid::route
