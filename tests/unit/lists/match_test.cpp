// Domain, local-part, address, host and string list matching, table
// driven; doubtful cases were checked with exim4 -be (4.96) and the answer
// it gave is what is written here.
#include "lists/match.hpp"

#include <gtest/gtest.h>

#include <map>

#include "../lookup/test_dir.hpp"

namespace corvid::lists {
namespace {

using corvid::testing::TempDir;

class TestEnv : public Env {
 public:
  std::map<std::pair<Kind, std::string>, NamedList> lists;
  std::map<std::string, std::string> names;                  // ip -> name
  std::map<std::string, std::vector<std::string>> addresses;  // name -> ips
  mutable NamedListCache cache;
  bool use_cache = false;
  mutable int expansions = 0;

  void add(Kind k, const std::string& name, const std::string& text) {
    lists[{k, name}] = NamedList{k, name, text};
  }
  const NamedList* named_list(Kind kind, std::string_view name) const override {
    auto it = lists.find({kind, std::string(name)});
    return it == lists.end() ? nullptr : &it->second;
  }
  bool expand_list(std::string_view text, std::string& out, std::string& error) const override {
    ++expansions;
    if (text == "FORCEFAIL") {
      return false;
    }
    if (text == "BADEXPAND") {
      error = "bad expansion";
      return false;
    }
    out.assign(text);
    return true;
  }
  std::optional<std::string> host_name(std::string_view ip) const override {
    auto it = names.find(std::string(ip));
    return it == names.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  std::vector<std::string> host_addresses(std::string_view name) const override {
    auto it = addresses.find(std::string(name));
    return it == addresses.end() ? std::vector<std::string>{} : it->second;
  }
  std::string primary_hostname() const override { return "my.host"; }
  std::vector<std::string> interface_addresses() const override { return {"127.0.0.1", "::1"}; }
  NamedListCache* named_list_cache() const override { return use_cache ? &cache : nullptr; }
};

const char* str(Match m) { return m == Match::yes ? "y" : m == Match::no ? "n" : "defer"; }

struct Case {
  const char* subject;
  const char* list;
  const char* want;  // "y", "n" or "defer"
};

class Lists : public ::testing::Test {
 protected:
  void SetUp() override {
    env.add(Kind::domain, "d", "a.com : *.b.com : ^x(\\d+)\\.c : +e");
    env.add(Kind::domain, "e", "e.com");
    env.add(Kind::domain, "loop1", "+loop2");
    env.add(Kind::domain, "loop2", "+loop1");
    env.add(Kind::domain, "neg", "!a.b");
    env.add(Kind::domain, "forced", "FORCEFAIL");
    env.add(Kind::domain, "bad", "BADEXPAND");
    env.add(Kind::host, "h", "<; 1.2.3.0/24 ; ::1");
    env.add(Kind::address, "al", "x@y.z");
    env.add(Kind::localpart, "lp", "postmaster");
    dom = dir.write("domains", "lit.com\n!not.wild.com\n*.wild.com  # comment\n\n");
    file = dir.write("f", "a.com: data-a\n*.p.com: pp\n*: star\n");
    addrs = dir.write("al", "u@b.c:\n*@d.c: ok\n");
    atat = dir.write("at", "b.c: !postmaster : *x : >more\nmore: ^\\d+$ : spam\n");
    nets = dir.write("n",
                     "1.2.3.0/24: net24\n2001.0db8.0000.0000.0000.0000.0000.0000/32: v6dot\n"
                     "2001.0db8.0000.0000.0000.0000.0000.0001: v6full\n");
    ipf = dir.write("ip", "1.2.3.4: one\n\"2001:db8::/32\": v6\n");
    hostnames = dir.write("hn", "good.example: yes\n");
  }
  std::string sub(const std::string& s) {
    std::string out = s;
    const std::pair<const char*, const std::string*> vars[] = {
        {"DOM", &dom}, {"FILE", &file}, {"ADDRS", &addrs}, {"ATAT", &atat},
        {"NETS", &nets}, {"IPF", &ipf}, {"HNF", &hostnames}};
    for (const auto& [name, value] : vars) {
      for (size_t p; (p = out.find(name)) != std::string::npos;) {
        out.replace(p, std::string_view(name).size(), *value);
      }
    }
    return out;
  }
  TempDir dir;
  TestEnv env;
  std::string dom, file, addrs, atat, nets, ipf, hostnames;
};

TEST_F(Lists, Domains) {
  const Case cases[] = {
      {"a.com", "+d", "y"},        {"X12.c", "+d", "y"},         {"q.b.com", "+d", "y"},
      {"e.com", "+d", "y"},        {"A.COM", "a.com", "y"},      {"b.com", "*.b.com", "n"},
      {"donkey.ex", "*key.ex", "y"}, {"x.y", "*", "y"},          {"my.host", "@", "y"},
      {"other", "@", "n"},         {"a.b", "!a.b", "n"},         {"c.b", "!a.b", "y"},
      {"a.b", "!a.b : *.b", "n"},  {"x.b", "!a.b : *.b", "y"},   {"x.y", "!a.b : *.b", "n"},
      {"x.y", "+neg : *.b", "y"},  {"x", " : x", "y"},            {"x", "! x", "n"},
      {"x", "!+e", "y"},           {"e.com", "!+e", "n"},         {"", ":", "y"},
      {"[127.0.0.1]", "@[]", "y"}, {"[1.2.3.4]", "@[]", "n"},    {"[IPv6:::1]", "@[]", "y"},
      {"a.b", "@mx_any", "defer"}, {"x", "+nosuch", "defer"},     {"x", "+loop1", "defer"},
      {"x", "+forced", "n"},       {"x", "+bad", "defer"},        {"a.b", "^(", "defer"},
      {"x", "nosuch;/x", "defer"}, {"a.com", "lsearch;FILE", "y"}, {"A.COM", "lsearch;FILE", "y"},
      {"q.p.com", "lsearch;FILE", "n"}, {"q.p.com", "partial-lsearch;FILE", "y"},
      {"zz", "lsearch*;FILE", "y"},  {"lit.com", "DOM", "y"},      {"q.wild.com", "DOM", "y"},
      {"not.wild.com", "DOM", "n"},  {"comment", "DOM", "n"},      {"not.wild.com", "!DOM", "y"},
      {"x", "/nonexistent/file", "defer"}, {"a:b", "<; a:b ; c", "y"}, {"a:b", "a::b", "y"},
  };
  for (const auto& c : cases) {
    EXPECT_STREQ(str(match_domain(c.subject, sub(c.list), env).match), c.want)
        << c.subject << " in " << c.list;
  }
}

TEST_F(Lists, DomainOutcomeDetails) {
  Outcome o = match_domain("X12.c", "^x(\\d+)\\.c", env);
  ASSERT_EQ(o.captures.size(), 2u);
  EXPECT_EQ(o.captures[1], "12");
  o = match_domain("donkey.ex", "*key.ex", env);
  EXPECT_EQ(o.captures, (std::vector<std::string>{"donkey.ex", "don"}));
  o = match_domain("a.com", sub("lsearch;FILE"), env);
  EXPECT_EQ(o.lookup_data, "data-a");
  EXPECT_EQ(o.value, "data-a");
  o = match_domain("my.host", "@", env);
  EXPECT_EQ(o.value, "my.host");
  o = match_domain("x", "+nosuch", env);
  EXPECT_EQ(o.error, "");  // Exim logs the reason and reports none
  EXPECT_EQ(o.log_message, "unknown named domain list \"+nosuch\"");
  EXPECT_EQ(defer_message("+nosuch", o), "unable to complete match against \"+nosuch\": ");
  o = match_domain("x", "nosuch;/x", env);
  EXPECT_EQ(o.error, "unknown lookup type \"nosuch\"");
  o = match_domain("a.b", "^(", env);
  EXPECT_EQ(o.error,
            "regular expression error: missing closing parenthesis at offset 2 while compiling ^(");
  // A lookup defer shows the driver's text, without ${lookup}'s prefix.
  o = match_domain("a.b", sub("iplsearch;IPF"), env);
  EXPECT_EQ(defer_message("L", o),
            "unable to complete match against \"L\": \"a.b\" is not a valid iplsearch key (an "
            "IP address, with optional CIDR mask, is wanted): in a host list, use net-iplsearch "
            "as the search type");
  o = match_domain("x", "/nonexistent/file", env);
  EXPECT_EQ(o.error, "failed to open /nonexistent/file when checking \"/nonexistent/file\": "
                     "No such file or directory");
}

// $value after a match, as exim4 -be prints it.
TEST_F(Lists, Values) {
  const std::pair<const char*, const char*> domains[] = {
      {"q.b.com", "*.b.com"}, {"E.COM", "e.com"}, {"X1.c", "^x(\\d+)\\.c"}, {"[127.0.0.1]", "@[]"},
  };
  for (const auto& [subject, want] : domains) {
    EXPECT_EQ(match_domain(subject, "+d : @[]", env).value, want) << subject;
  }
  EXPECT_EQ(match_domain("a.b", "!x", env).value, "");  // matched by the final "!"
  EXPECT_EQ(match_localpart("Postmaster", "+lp", env).value, "postmaster");
  EXPECT_EQ(match_localpart("xyz", "*yz", env).value, "*yz");
  EXPECT_EQ(match_localpart("A.COM", sub("lsearch;FILE"), env).value, "data-a");
  const std::pair<const char*, const char*> addresses[] = {
      {"User@b.com", "*@b.@b.com"},       // Exim's composition, quirks and all
      {"ab@b.com", "*@@b.com"},           {"abcdefghijklmnopq@b.com", "*@b.com@b.com"},
      {"root@e.com", "root@e.com"},       {"x@b.c", ""},  // regex
      {"q@z.b.com", "@*.b.com"},          {"v@a.com", "*@data-a"},
  };
  for (const auto& [subject, want] : addresses) {
    EXPECT_EQ(match_address(subject, sub("*@b.com : root@+e : ^x@ : *.b.com : *@lsearch;FILE"),
                            env).value,
              want)
        << subject;
  }
  EXPECT_EQ(match_address("xx@b.c", sub("@@lsearch;ATAT"), env).value, "*x");
  EXPECT_EQ(match_address("u@b.c", sub("lsearch;ADDRS"), env).value, "");
  EXPECT_EQ(match_host(Host{"1.2.3.4", ""}, "1.2.3.0/24", env).value, "");
  EXPECT_EQ(match_host(Host{"1.2.3.4", ""}, sub("iplsearch;IPF"), env).value, "one");
  EXPECT_EQ(match_ip("1.2.3.4", sub("+ignore_unknown : x.y : iplsearch;IPF"), env).value, "one");
}

TEST_F(Lists, NamedListCache) {
  env.use_cache = true;
  EXPECT_EQ(match_domain("a.com", "+d", env).match, Match::yes);
  int after_first = env.expansions;
  EXPECT_EQ(match_domain("a.com", "+d", env).match, Match::yes);
  EXPECT_EQ(env.expansions, after_first);  // answered from the cache
  EXPECT_EQ(match_domain("zz.com", "+d", env).match, Match::no);
}

TEST_F(Lists, LocalParts) {
  struct LCase {
    const char* subject;
    const char* list;
    bool caseless;
    const char* want;
  };
  const LCase cases[] = {
      {"AB", "ab", true, "y"},       {"AB", "ab", false, "n"},      {"ab", "*B", true, "y"},
      {"ab", "^A", true, "y"},       {"ab", "^A", false, "n"},      {"ab", "@", true, "n"},
      {"@", "@", true, "y"},         {"AB", "+caseful : ab", true, "n"},
      {"postmaster", "+lp", true, "y"}, {"a.com", "lsearch;FILE", true, "y"},
      {"x", "!x", true, "n"},        {"y", "!x", true, "y"},
      // Caseless by default: the subject is lower-cased (also for lookup
      // keys) until "+caseful".
      {"Postmaster", "+lp", true, "y"}, {"A.COM", "lsearch;FILE", true, "y"},
      {"AB", "+caseful : ^a : AB", true, "y"}, {"AB", "+caseful : ^a", true, "n"},
  };
  for (const auto& c : cases) {
    EXPECT_STREQ(str(match_localpart(c.subject, sub(c.list), env, c.caseless).match), c.want)
        << c.subject << " in " << c.list;
  }
}

TEST_F(Lists, Addresses) {
  const Case cases[] = {
      {"a@b.c", "@b.c", "n"},          {"a@b.c", "a@", "n"},
      {"a@b.c", "A@B.C", "y"},         {"A@b.c", "a@b.c", "y"},
      {"a@b.c", "+caseful:A@b.c", "n"}, {"a@b.c", "*@*.c", "y"},
      {"a@b.c", "b.c", "y"},           {"a@b.c", "*.c", "y"},
      {"a@b.c", "^A@", "y"},           {"a@b.c", "a@^b", "y"},
      {"a@B.C", "a@b.c", "y"},         {"", ":", "y"},
      {"a@b.c", ":", "n"},             {"a@b.c", "a@+e", "n"},
      {"a@e.com", "a@+e", "y"},        {"x@y.z", "+al", "y"},
      {"u@b.c", "lsearch;ADDRS", "y"}, {"v@d.c", "lsearch*@;ADDRS", "y"},
      {"v@d.c", "lsearch;ADDRS", "n"}, {"v@d.c", "*@lsearch;ADDRS", "n"},
      {"v@a.com", "*@lsearch;FILE", "y"}, {"a@b.c", "a@b@c", "n"},
      {"xx@b.c", "@@lsearch;ATAT", "y"}, {"postmaster@b.c", "@@lsearch;ATAT", "n"},
      {"123@b.c", "@@lsearch;ATAT", "y"}, {"spam@b.c", "@@lsearch;ATAT", "y"},
      {"zz@b.c", "@@lsearch;ATAT", "n"}, {"zz@q.q", "@@lsearch;ATAT", "n"},
      {"", "@@lsearch;ATAT", "n"},     {"", "lsearch;ADDRS", "n"},
      {"", "^$", "y"},
  };
  for (const auto& c : cases) {
    EXPECT_STREQ(str(match_address(c.subject, sub(c.list), env, true).match), c.want)
        << c.subject << " in " << c.list;
  }
  EXPECT_STREQ(str(match_address("A@b.c", "a@b.c", env, false).match), "n");
  // The defaults are caseless, as ${if match_address} and match_local_part.
  EXPECT_EQ(match_address("User@example.com", "user@example.com", env).match, Match::yes);
  EXPECT_EQ(match_address("User@Example.com", "+caseful : user@example.com", env).match,
            Match::no);
  EXPECT_EQ(match_address("User@Example.com", "+caseful : User@example.com", env).match,
            Match::yes);
  EXPECT_EQ(match_address("User@Example.com", "+caseful : ^user@", env).match, Match::no);
  EXPECT_EQ(match_localpart("Postmaster", "postmaster", env).match, Match::yes);
}

TEST_F(Lists, Hosts) {
  env.names["5.6.7.8"] = "mail.friend.example";
  env.addresses["friend.example"] = {"9.9.9.9"};
  env.addresses["my.host"] = {"10.0.0.1"};
  struct HCase {
    const char* ip;
    const char* list;
    const char* want;
  };
  const HCase cases[] = {
      {"1.2.3.4", "1.2.3.0/24", "y"},       {"1.2.4.4", "1.2.3.0/24", "n"},
      {"::1", "<; ::1/128", "y"},           {"1.2.3.4", "1.2.3.4/40", "y"},
      {"1.2.3.4", "*", "y"},                {"", "*", "y"},
      {"", ":", "y"},                       {"1.2.3.4", ":", "n"},
      {"::ffff:1.2.3.4", "1.2.3.4", "y"},   {"1.2.3.4", "<; ::ffff:1.2.3.4", "y"},
      {"127.0.0.1", "@[]", "y"},            {"1.2.3.4", "@[]", "n"},
      {"1.2.3.4", "!1.2.3.4", "n"},         {"1.2.3.4", "!1.2.3.5", "y"},
      {"1.2.3.4", "+h", "y"},               {"::1", "+h", "y"},
      {"1.2.3.4", "net24-lsearch;NETS", "y"}, {"1.2.4.4", "net24-lsearch;NETS", "n"},
      {"2001:db8::1", "net32-lsearch;NETS", "y"}, {"2001:db8::1", "net-lsearch;NETS", "y"},
      {"1.2.3.4", "net-iplsearch;IPF", "y"}, {"2001:db8::9", "net-iplsearch;IPF", "y"},
      {"1.2.3.4", "iplsearch;IPF", "y"},    {"1.2.3.5", "iplsearch;IPF", "n"},
      {"1.2.3.4", "net24-iplsearch;IPF", "defer"},
      {"5.6.7.8", "*.friend.example", "y"}, {"5.6.7.8", "^mail\\.", "y"},
      {"1.2.3.4", "*.friend.example", "n"},  // name unknown: list fails
      {"1.2.3.4", "*.friend.example : 1.2.3.4", "n"},
      {"1.2.3.4", "+ignore_unknown : *.friend.example : 1.2.3.4", "y"},
      {"1.2.3.4", "+include_unknown : *.friend.example", "y"},
      {"1.2.3.4", "1.2.3.4 : *.friend.example", "y"},
      {"9.9.9.9", "friend.example", "y"},   {"9.9.9.8", "friend.example", "n"},
      {"9.9.9.8", "unknown.example", "n"},  {"10.0.0.1", "@", "y"},
      {"127.0.0.1", "localhost", "n"},  // names resolve only through the Env
      {"1.2.3.4", "lsearch;HNF", "n"},
      {"", "1.2.3.4", "n"},                 {"", "!1.2.3.4", "y"},
      {"", "<; ^a ; ; 5.6.7.8", "y"},       {"", "<; friend.example ; ; 5.6.7.8", "y"},
      {"1.2.3.4", "+ignore_defer : nosuch;x : 1.2.3.4", "y"},
      {"1.2.3.4", "+include_defer : nosuch;x", "y"},
      {"1.2.3.4", "nosuch;x", "defer"},
  };
  for (const auto& c : cases) {
    EXPECT_STREQ(str(match_host(Host{c.ip, ""}, sub(c.list), env).match), c.want)
        << c.ip << " in " << c.list;
  }
  EXPECT_EQ(match_host(Host{"1.1.1.1", "good.example"}, sub("lsearch;HNF"), env).match,
            Match::yes);
}

// ${if match_ip}: only addresses; names are unknown without asking the Env
// (which here could resolve them); single-key lookups are keyed on the IP.
TEST_F(Lists, MatchIp) {
  env.names["5.6.7.8"] = "mail.friend.example";
  env.addresses["friend.example"] = {"9.9.9.9"};
  const Case cases[] = {
      {"", ":1.2.3.4", "y"},                {"", "1.2.3.4", "n"},
      {"", "*", "y"},                       {"", "!1.2.3.4", "y"},
      {"", "^abc", "n"},                    {"", "lsearch;FILE", "n"},
      {"1.2.3.4", "1.2.3.0/24", "y"},       {"1.2.3.4", "@[]", "n"},
      {"9.9.9.9", "friend.example", "n"},   {"5.6.7.8", "*.friend.example", "n"},
      {"9.9.9.9", "friend.example : 9.9.9.9", "n"},
      {"9.9.9.9", "+ignore_unknown : friend.example : 9.9.9.9", "y"},
      {"1.2.3.4", "+include_unknown : some.name", "y"},
      {"1.2.3.4", "1.2.3.4/abc : 1.2.3.4", "n"},
      {"1.2.3.4", "lsearch;NETS : 1.2.3.4", "y"},
      {"1.2.3.4", "iplsearch;IPF", "y"},   {"1.2.3.4", "net24-lsearch;NETS", "y"},
      {"10.1.2.3", "+h : 10.1.2.3", "y"},
  };
  for (const auto& c : cases) {
    EXPECT_STREQ(str(match_ip(c.subject, sub(c.list), env).match), c.want)
        << c.subject << " in " << c.list;
  }
  std::string keyed = dir.write("keyed", "1.2.3.4: by ip\n");
  EXPECT_EQ(match_ip("1.2.3.4", "lsearch;" + keyed, env).value, "by ip");
}

TEST(ListsString, Inlist) {
  EXPECT_EQ(match_string("a", "A:b", false).match, Match::no);
  EXPECT_EQ(match_string("a", "A:b", true).match, Match::yes);
  EXPECT_EQ(match_string("a", "*", false).match, Match::no);
  EXPECT_EQ(match_string("a", "!a", false).match, Match::no);
  EXPECT_EQ(match_string("a:b", "<; a:b", false).match, Match::yes);
}

}  // namespace
}  // namespace corvid::lists
