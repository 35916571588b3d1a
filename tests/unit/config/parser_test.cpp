// Tests for the section parser and the Config object: main options, named
// lists, ACLs, drivers, retry/rewrite, errors (config/config.hpp).
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace corvid::config {
namespace {

using testing::error_of;
using testing::load;
using testing::main_text;

std::string err(int line, const std::string& msg) {
  return "Exim configuration error in line " + std::to_string(line) + " of /etc/test.conf:\n  " +
         msg;
}

TEST(Parser, MainOptionValues) {
  struct Case {
    const char* text;
    const char* option;
    const char* expect;  // main_option_text
  } cases[] = {
      {"", "accept_8bitmime", "true"},
      {"no_accept_8bitmime\n", "accept_8bitmime", "false"},
      {"not_accept_8bitmime\n", "accept_8bitmime", "false"},
      {"accept_8bitmime = false\n", "accept_8bitmime", "false"},
      {"accept_8bitmime = YES\n", "accept_8bitmime", "true"},
      {"accept_8bitmime =\n", "accept_8bitmime", "true"},
      {"prdr_enable\n", "prdr_enable", "true"},
      {"smtp_accept_max = 010\n", "smtp_accept_max", "8"},
      {"dns_retry = 0x10\n", "dns_retry", "16"},
      {"bounce_return_size_limit = 2048\n", "bounce_return_size_limit", "2K"},
      {"", "bounce_return_size_limit", "100K"},
      {"check_spool_space = 2048\n", "check_spool_space", "2M"},
      {"auto_thaw = 90m\n", "auto_thaw", "1h30m"},
      {"", "callout_positive_expire", "1d"},
      {"deliver_queue_load_max = 1.5\n", "deliver_queue_load_max", "1.5"},
      {"queue_only_load = 2\n", "queue_only_load", "2.0"},
      {"", "deliver_queue_load_max", ""},
      {"qualify_domain = \"a\\tb\"\n", "qualify_domain", "a\\tb"},
      {"message_size_limit = ${if eq{1}{1}{10M}{20M}}\n", "message_size_limit",
       "${if eq{1}{1}{10M}{20M}}"},
      {"", "message_size_limit", "50M"},
      {"never_users = root:mail\n", "never_users", "root:mail"},
      {"proxy_required_hosts = 10.0.0.1\n", "hosts_proxy", "10.0.0.1"},
      {"tpda_event_action = ${acl{ev}}\n", "event_action", "${acl{ev}}"},
      {"return_size_limit = 1M\n", "bounce_return_size_limit", "1M"},
      {"", "proxy_protocol_timeout", "3s"},
      {"", "spf_guess", "v=spf1 a/24 mx/24 ptr ?all"},
      {"", "pipelining_connect_advertise_hosts", "*"},
      {"", "smtputf8_advertise_hosts", "*"},
      {"", "dkim_verify_hashes", "sha256:sha512"},
      {"dmarc_forensic_enable\n", "dmarc_forensic_enable", "true"},
      {"", "no_such_option", "<unknown>"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(main_text(load(c.text), c.option), c.expect) << c.text << " / " << c.option;
  }
}

TEST(Parser, MainOptionLinesAsBp) {
  auto r = load("hide mysql_servers = secret\nno_prdr_enable\n");
  ASSERT_TRUE(r);
  const Config& c = *r.config();
  EXPECT_EQ(c.main_option_line("mysql_servers", true), "mysql_servers = secret");
  EXPECT_EQ(c.main_option_line("mysql_servers", false), "mysql_servers = <value not displayable>");
  EXPECT_EQ(c.main_option_line("prdr_enable"), "no_prdr_enable");
  EXPECT_EQ(c.main_option_line("accept_8bitmime"), "accept_8bitmime");
  EXPECT_EQ(c.main_option_line("never_users"), "never_users =");
  EXPECT_EQ(c.main_option_line("acl_smtp_rcpt"), "acl_smtp_rcpt = ");
  EXPECT_EQ(c.main_option_line("no_such"), std::nullopt);
}

TEST(Parser, TypedAccessors) {
  auto r = load(
      "smtp_accept_max = 30\nauto_thaw = 1h\nqueue_only_load = 2.5\n"
      "check_spool_space = 20M\nqueue_only\n");
  ASSERT_TRUE(r);
  const Config& c = *r.config();
  EXPECT_EQ(c.int_option("smtp_accept_max"), 30);
  EXPECT_EQ(c.time_option("auto_thaw"), std::chrono::seconds(3600));
  EXPECT_EQ(c.fixed_option("queue_only_load"), 2.5);
  EXPECT_EQ(c.int_option("check_spool_space"), 20LL * 1024 * 1024);
  EXPECT_EQ(c.bool_option("queue_only"), true);
  EXPECT_EQ(c.bool_option("smtp_accept_max"), std::nullopt);
  EXPECT_EQ(c.string_option("spool_directory"), "/var/spool/corvid");
  EXPECT_EQ(c.string_option("acl_smtp_rcpt"), std::nullopt);
  EXPECT_TRUE(c.option_configured("queue_only"));
  EXPECT_FALSE(c.option_configured("queue_smtp_domains"));
  EXPECT_EQ(c.int_option("message_size_limit"), std::nullopt);  // an expanded string
}

TEST(Parser, MainOptionErrors) {
  struct Case {
    const char* text;
    std::string expect;
  } cases[] = {
      {"foo = 1\n", err(1, "main option \"foo\" unknown")},
      {"no_foo\n", err(1, "main option \"no_foo\" unknown")},
      {"accept_8bitmime = maybe\n",
       err(1, "\"maybe\" is not a valid value for the \"accept_8bitmime\" option")},
      {"accept_8bitmime = yes no\n",
       err(1, "extra characters follow \"yes\" for boolean option accept_8bitmime")},
      {"no_accept_8bitmime = no\n",
       err(1, "extra characters follow boolean option no_accept_8bitmime")},
      {"smtp_accept_max = abc\n", err(1, "integer expected for smtp_accept_max")},
      {"smtp_accept_max = 10x\n",
       err(1, "extra characters follow integer value for smtp_accept_max")},
      {"auto_thaw = 1x\n", err(1, "invalid time value for auto_thaw")},
      {"deliver_queue_load_max = abc\n",
       err(1, "fixed-point number expected for deliver_queue_load_max")},
      {"no_smtp_accept_max\n", err(1, "negation prefix applied to a non-boolean option")},
      {"smtp_accept_max\n", err(1, "unexpected end of line (data missing) after smtp_accept_max")},
      {"qualify_domain 5\n", err(1, "missing \"=\" after qualify_domain")},
      {"qualify_domain = \"abc\n",
       err(1, "missing quote at end of string value for qualify_domain")},
      {"\naccept_8bitmime = true\naccept_8bitmime = false\n",
       err(3, "\"accept_8bitmime\" option set for the second time")},
      {"hosts_proxy = a\nproxy_required_hosts = b\n",
       err(2, "\"hosts_proxy\" option set for the second time")},
      {"begin foo\n", err(1, "\"foo\" is not a known configuration section name")},
      {"begin routers\nbegin routers\n",
       err(2, "\"routers\" section is repeated in the configuration file")},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(error_of(c.text), c.expect) << c.text;
  }
}

TEST(Parser, NamedLists) {
  auto r = load(
      "domainlist local_domains = @ : \\\n  example.com\nhostlist relay = 127.0.0.1\n"
      "hide addresslist aa = x@y\nlocalpartlist lp = postmaster\n"
      "domainlist relay = other\n");
  ASSERT_TRUE(r);
  const Config& c = *r.config();
  const lists::NamedList* d = c.named_list(lists::Kind::domain, "local_domains");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->text, "@ : example.com");
  EXPECT_EQ(c.named_list(lists::Kind::host, "relay")->text, "127.0.0.1");
  EXPECT_EQ(c.named_list(lists::Kind::domain, "relay")->text, "other");
  EXPECT_EQ(c.named_list(lists::Kind::address, "aa")->text, "x@y");
  EXPECT_TRUE(c.named_list_any("aa")->hidden);
  EXPECT_EQ(c.named_list(lists::Kind::localpart, "lp")->text, "postmaster");
  EXPECT_EQ(c.named_list(lists::Kind::host, "local_domains"), nullptr);
  EXPECT_EQ(error_of("domainlist x = a\ndomainlist x = b\n"),
            err(2, "duplicate name \"x\" for a named domain list"));
  EXPECT_EQ(error_of("hostlist h\n"), err(1, "missing '=' after \"h\""));
}

TEST(Parser, Acls) {
  auto r = load(
      "begin acl\n\nacl_check_rcpt:\n  accept hosts = :\n  deny domains = +local\n"
      "       local_parts = ^[.]\n       message = Restricted\n  require verify = "
      "sender\n\nFOO = 1\nacl_check_data:\n  accept\n");
  ASSERT_TRUE(r) << r.error().render();
  const Config& c = *r.config();
  ASSERT_EQ(c.acls().size(), 2u);
  const Acl* a = c.acl("acl_check_rcpt");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->line, 3);
  ASSERT_EQ(a->statements.size(), 3u);
  EXPECT_EQ(a->statements[0].text, "accept hosts = :");
  EXPECT_EQ(a->statements[1].text,
            "deny domains = +local\nlocal_parts = ^[.]\nmessage = Restricted");
  EXPECT_EQ(a->statements[1].line, 5);
  EXPECT_EQ(a->statements[2].line, 8);
  EXPECT_EQ(c.acl("acl_check_data")->statements.at(0).text, "accept");
  EXPECT_EQ(error_of("begin acl\na:\n accept\na:\n deny\n"),
            err(4, "there are two ACLs called \"a\""));
  EXPECT_EQ(error_of("begin acl\n accept\n"), err(2, "missing or malformed ACL name"));
}

TEST(Parser, Drivers) {
  auto r = load(
      "begin routers\nr1:\n  driver = dnslookup\n  transport = t1\n  no_more\n  dsn_lasthop\n"
      "r2:\n  driver = redirect\n  data = x\nbegin transports\nt1:\n  driver = smtp\n"
      "  hosts_require_tls = *\n  hosts_try_dane = *\n  hosts_require_ocsp = *\n"
      "  socks_proxy = 127.0.0.1\n  hosts_pipe_connect = *\n  hosts_try_prdr = *\n"
      "  dkim_domain = example.com\n  arc_sign = x\n  event_action = ${acl{e}}\n"
      "t2:\n  driver = appendfile\n  mode = 644\nbegin authenticators\nplain:\n  driver = "
      "plaintext\n"
      "  public_name = PLAIN\n");
  ASSERT_TRUE(r) << r.error().render();
  const Config& c = *r.config();
  ASSERT_EQ(c.routers().size(), 2u);
  EXPECT_EQ(c.routers()[0].name, "r1");
  EXPECT_EQ(c.routers()[0].driver, "dnslookup");
  EXPECT_EQ(c.routers()[0].bool_option("more"), false);
  EXPECT_EQ(c.routers()[0].bool_option("dsn_lasthop"), true);
  EXPECT_EQ(c.routers()[0].option_text("log_as_local"), "false");
  EXPECT_EQ(c.routers()[1].string_option("data"), "x");
  EXPECT_EQ(c.transports().size(), 2u);
  const DriverInstance* t1 = c.instance(DriverKind::transport, "t1");
  ASSERT_NE(t1, nullptr);
  EXPECT_EQ(t1->string_option("hosts_require_tls"), "*");
  EXPECT_EQ(t1->option_text("retry_use_local_part"), "false");
  EXPECT_EQ(c.instance(DriverKind::transport, "t2")->option_text("mode"), "0644");
  EXPECT_EQ(c.instance(DriverKind::transport, "t2")->option_text("retry_use_local_part"), "true");
  EXPECT_EQ(c.authenticators().at(0).string_option("public_name"), "PLAIN");
  EXPECT_EQ(c.instance(DriverKind::router, "nope"), nullptr);
  auto lines = c.routers()[0].display_lines();
  EXPECT_NE(std::find(lines.begin(), lines.end(), "no_more"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "driver = dnslookup"), lines.end());
}

TEST(Parser, DriverErrors) {
  struct Case {
    const char* text;
    std::string expect;
  } cases[] = {
      {"begin routers\nr1:\n  domains = a\n", err(2, "no driver defined for router \"r1\"")},
      {"begin routers\nr1:\n  driver = nosuch\n",
       err(3, "router r1: cannot find router driver \"nosuch\"")},
      {"begin transports\nt1:\n  driver = nosuch\n",
       err(3, "transport t1: cannot find transport driver \"nosuch\"")},
      {"begin authenticators\na:\n  driver = nosuch\n",
       err(3, "authenticator a: cannot find authenticator driver \"nosuch\"")},
      {"begin routers\nr1:\n driver = accept\nr1:\n driver = accept\n",
       err(4, "there are two routers called \"r1\"")},
      {"begin routers\nr1:\n driver = accept\n bogus = 1\n", err(4, "option \"bogus\" unknown")},
      {"begin transports\nt1:\n driver = smtp\n bogus = 1\n", err(4, "option \"bogus\" unknown")},
      {"begin routers\nr1:\n data = x\n driver = redirect\n",
       err(3,
           "option \"data\" unknown (\"driver\" must be specified before any private "
           "options)")},
      {"begin routers\n driver = accept\n", err(2, "router name missing")},
      {"begin routers\nr1 : driver = accept\n", err(2, "extra characters follow driver name r1")},
      {"begin transports\nt:\n driver = appendfile\n mode = 9\n",
       err(4, "octal integer expected for mode")},
      {"begin routers\nr:\n driver = accept\n more = maybe\n",
       err(4, "\"maybe\" is not a valid value for the \"more\" option")},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(error_of(c.text), c.expect) << c.text;
  }
  // An expanded boolean may hold an expansion.
  EXPECT_EQ(error_of("begin routers\nr:\n driver = accept\n more = ${if eq{a}{b}}\n"), "");
}

TEST(Parser, RetryRewriteLocalScan) {
  auto r = load(
      "begin retry\n* * F,2h,15m; G,16h,1h,1.5; F,4d,6h\n\nbegin rewrite\n"
      "*@foo bar@baz\n\nbegin local_scan\nsomething = 1\n");
  ASSERT_TRUE(r);
  const Config& c = *r.config();
  ASSERT_EQ(c.retry_rules().size(), 1u);
  EXPECT_EQ(c.retry_rules()[0].text, "* * F,2h,15m; G,16h,1h,1.5; F,4d,6h");
  EXPECT_EQ(c.retry_rules()[0].line, 2);
  ASSERT_EQ(c.rewrite_rules().size(), 1u);
  EXPECT_EQ(c.rewrite_rules()[0].line, 5);
  EXPECT_EQ(c.local_scan_lines().size(), 1u);
}

TEST(Parser, UnsupportedOptionsUsed) {
  auto r = load(
      "tls_ocsp_file = /x.der\ntls_certificate = x\nbegin routers\nr:\n"
      "  driver = accept\n  transport = t\nbegin transports\nt:\n  driver = smtp\n"
      "  hosts_try_dane = *\n");
  ASSERT_TRUE(r);
  auto used = r.config()->unsupported_options_used();
  auto has = [&](const std::string& s) {
    return std::find(used.begin(), used.end(), s) != used.end();
  };
  EXPECT_TRUE(has("/etc/test.conf:1 tls_ocsp_file")) << ::testing::PrintToString(used);
  EXPECT_TRUE(has("/etc/test.conf:2 tls_certificate"));
  EXPECT_TRUE(has("/etc/test.conf:10 hosts_try_dane (transport t)"));
  EXPECT_TRUE(has("/etc/test.conf:8 smtp transport driver (transport t)"));
  // Routing exists: the accept router and its options are supported.
  EXPECT_FALSE(has("/etc/test.conf:6 transport (router r)"));
  EXPECT_FALSE(has("/etc/test.conf:4 accept router driver (router r)"));
  EXPECT_FALSE(has("/etc/test.conf:5 driver (router r)"));
}

TEST(Parser, SourcePathAndLines) {
  auto r = load("FOO = bar\nqualify_domain = FOO\n", {}, {}, "/x/y.conf");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.config()->source_path(), "/x/y.conf");
  ASSERT_EQ(r.config()->lines().size(), 2u);
  EXPECT_TRUE(r.config()->lines()[0].macro_definition);
  EXPECT_EQ(r.config()->lines()[1].text, "qualify_domain = bar");
}

TEST(Parser, ErrorRenderWithoutLine) {
  LoadError e{"", 0, "non-existent configuration file(s): /x"};
  EXPECT_EQ(e.render(), "Exim configuration error:\n  non-existent configuration file(s): /x");
  auto r = load_file("/nonexistent/corvid.conf", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "non-existent configuration file(s): /nonexistent/corvid.conf");
}

}  // namespace
}  // namespace corvid::config
