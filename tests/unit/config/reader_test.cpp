// Tests for the configuration reader: comments, continuations, macros,
// .ifdef and .include (config/reader.hpp), through load_text.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace corvid::config {
namespace {

using testing::error_of;
using testing::load;
using testing::main_text;

struct Case {
  const char* name;
  const char* text;
  const char* expect;  // value of qualify_domain, or the rendered error
};

void run_cases(const Case* begin, const Case* end,
               const std::map<std::string, std::string>& files = {}) {
  for (const Case* c = begin; c != end; ++c) {
    EXPECT_EQ(main_text(load(c->text, files), "qualify_domain"), c->expect) << c->name;
  }
}

TEST(Reader, CommentsAndContinuations) {
  const Case cases[] = {
      {"comment", "# a comment\n   # indented\nqualify_domain = x\n", "x"},
      {"hash inside value", "qualify_domain = a#b\n", "a#b"},
      {"continuation", "qualify_domain = a \\\n   b\n", "a b"},
      {"continuation no space", "qualify_domain = a\\\n   b\n", "ab"},
      {"trailing space after backslash", "qualify_domain = a \\  \n b\n", "a b"},
      {"comment inside continuation", "qualify_domain = a \\\n# c\n   b\n", "a b"},
      {"blank line ends continuation", "qualify_domain = a \\\n\nprimary_hostname = b\n", "a"},
      {"continuation joins next option", "qualify_domain = a \\\nprimary_hostname = c\n",
       "a primary_hostname = c"},
      {"backslash at eof", "qualify_domain = a\\\\", "a\\"},
      {"crlf", "qualify_domain = x\r\n", "x"},
      {"spaces around =", "qualify_domain=x\n", "x"},
  };
  run_cases(std::begin(cases), std::end(cases));
}

TEST(Reader, Macros) {
  const Case cases[] = {
      {"simple", "FOO = x\nqualify_domain = FOO\n", "x"},
      {"inside words", "FOO = x\nqualify_domain = aFOOb\n", "axb"},
      {"mixed case name", "Foo = 1\nqualify_domain = Foo\n", "1"},
      {"definition order", "ABC = 2\nAB = 1\nqualify_domain = ABC AB\n", "2 1"},
      {"value substituted at definition", "FOO = bar\nBAR = FOO\nqualify_domain = BAR\n", "bar"},
      {"redefine", "FOO = x\nFOO == FOO y\nqualify_domain = FOO\n", "x y"},
      {"continued value", "FOO = a \\\n  b\nqualify_domain = FOO\n", "a b"},
      {"empty macro line ignored", "EMPTY =\nEMPTY\nqualify_domain = z\n", "z"},
      {"macro makes a line", "QD = qualify_domain = m\nQD\n", "m"},
      {"builtin", "qualify_domain = _HAVE_DANE\n", "y"},
      {"defined in a section", "begin acl\nFOO = 1\n", "<unset>"},
      {"substring error", "AB = 1\nABC = 2\n",
       "Exim configuration error in line 2 of /etc/test.conf:\n  \"ABC\" cannot be defined as a "
       "macro because previously defined macro \"AB\" is a substring"},
      {"already defined", "E = q\nE = r\n",
       "Exim configuration error in line 2 of /etc/test.conf:\n  macro \"E\" is already defined "
       "(use \"==\" if you want to redefine it)"},
      {"redefine undefined", "FOO==x\n",
       "Exim configuration error in line 1 of /etc/test.conf:\n  can't redefine an undefined "
       "macro \"FOO\""},
      {"malformed", "FOO\n",
       "Exim configuration error in line 1 of /etc/test.conf:\n  malformed macro definition"},
  };
  for (const Case& c : cases) {
    auto r = load(c.text);
    std::string got =
        r ? r.config()->string_option("qualify_domain").value_or("<unset>") : r.error().render();
    EXPECT_EQ(got, c.expect) << c.name;
  }
}

TEST(Reader, CommandLineMacrosOverrideFile) {
  auto r = load("FOO = x\nFOO == FOO y\nqualify_domain = FOO\n", {}, {{"FOO", "cmd"}});
  EXPECT_EQ(main_text(r, "qualify_domain"), "cmd");
  auto empty = load("FOO = x\nqualify_domain = [FOO]\n", {}, {{"FOO", ""}});
  EXPECT_EQ(main_text(empty, "qualify_domain"), "[]");
  auto bad = load("", {}, {{"1X", "a"}});
  EXPECT_FALSE(bad.ok());
}

TEST(Reader, Conditionals) {
  const Case cases[] = {
      {"ifdef true", "A = 1\n.ifdef A\nqualify_domain = yes\n.else\nqualify_domain = no\n.endif\n",
       "yes"},
      {"ifdef false", ".ifdef A\nqualify_domain = yes\n.else\nqualify_domain = no\n.endif\n", "no"},
      {"ifndef", ".ifndef NOPE\nqualify_domain = yes\n.endif junk\n", "yes"},
      {"substring of a macro", "AAA = 1\n.ifdef AA\nqualify_domain = yes\n.endif\n", "<unknown>"},
      {"elifdef",
       ".ifdef _HAVE_NOPE\nqualify_domain = a\n.elifdef _HAVE_TLS\nqualify_domain = "
       "b\n.else\nqualify_domain = c\n.endif\n",
       "b"},
      {"elifndef", ".ifdef X\nqualify_domain = a\n.elifndef Y\nqualify_domain = b\n.endif\n", "b"},
      {"nested skip",
       ".ifdef NOPE\n.ifdef X\n.else\nqualify_domain = inner\n.endif\n.else\n"
       "qualify_domain = outer\n.endif\n",
       "outer"},
      {"nested taken",
       "A = 1\n.ifdef A\n.ifdef B\nqualify_domain = b\n.else\nqualify_domain = "
       "notb\n.endif\n.endif\n",
       "notb"},
      {"indented directives",
       "  .ifdef NOPE\nqualify_domain = x\n  .else\nqualify_domain = ok\n"
       ".endif\n",
       "ok"},
      {"skipped definitions", ".ifdef NOPE\nFOO = 1\n.endif\nqualify_domain = FOO\n", "FOO"},
      {"missing endif", ".ifdef FOO\nx=1\n",
       "Exim configuration error in line 2 of /etc/test.conf:\n  Unexpected end of "
       "configuration file: .endif missing"},
      {"stray endif", ".endif\n",
       "Exim configuration error in line 1 of /etc/test.conf:\n  .endif without matching .ifdef"},
      {"stray else", ".else\n",
       "Exim configuration error in line 1 of /etc/test.conf:\n  .else without matching .ifdef"},
      {"stray elifdef", ".elifdef X\n",
       "Exim configuration error in line 1 of /etc/test.conf:\n  .elifdef without matching "
       ".ifdef"},
      {"unknown directive", ".bogus\n",
       "Exim configuration error in line 1 of /etc/test.conf:\n  option setting expected: "
       ".bogus"},
  };
  for (const Case& c : cases) {
    auto r = load(c.text);
    std::string got = r ? (r.config()->option_configured("qualify_domain")
                               ? *r.config()->string_option("qualify_domain")
                               : "<unknown>")
                        : r.error().render();
    if (std::string(c.name) == "substring of a macro") {
      got = r && r.config()->option_configured("qualify_domain") ? "yes" : "<unknown>";
      // "AA" is not a macro, but .ifdef tests whether any substitution took
      // place in the line: "AA" holds no "AAA", so nothing is defined.
    }
    EXPECT_EQ(got, c.expect) << c.name;
  }
  // "AAA" defined: ".ifdef AAA" and also ".ifdef xAAAx" are true.
  EXPECT_EQ(
      main_text(load("AAA = 1\n.ifdef xAAAx\nqualify_domain = y\n.endif\n"), "qualify_domain"),
      "y");
}

TEST(Reader, Includes) {
  std::map<std::string, std::string> files = {
      {"/etc/rel.conf", "qualify_domain = fromrel\n"},
      {"/abs/a.conf", "qualify_domain = fromabs\n"},
      {"/abs/value.txt", "continued\n"},
      {"/abs/nested.conf", ".include inner.conf\n"},
      {"/abs/inner.conf", "qualify_domain = inner\n"},
      {"/abs/usesmacro.conf", "qualify_domain = FOO\n"},
      {"/abs/bad.conf", "\nbogus = 1\n"},
  };
  const Case cases[] = {
      {"absolute", ".include /abs/a.conf\n", "fromabs"},
      {"quoted", ".include \"/abs/a.conf\"\n", "fromabs"},
      {"relative to including file", ".include rel.conf\n", "fromrel"},
      {"nested relative", ".include /abs/nested.conf\n", "inner"},
      {"if_exists present", ".include_if_exists /abs/a.conf\n", "fromabs"},
      {"if_exists absent", ".include_if_exists /nope\nqualify_domain = ok\n", "ok"},
      {"macro visible in include", "FOO = m\n.include /abs/usesmacro.conf\n", "m"},
      {"inside continuation", "qualify_domain = a \\\n.include /abs/value.txt\n", "a continued"},
      {"missing", "\n.include /nonexist/x\n",
       "Exim configuration error in line 2 of /etc/test.conf:\n  failed to open included "
       "configuration file /nonexist/x"},
      {"if_exists relative", ".include_if_exists rel.conf\n",
       "Exim configuration error in line 1 of /etc/test.conf:\n  .include specifies a "
       "non-absolute path \"rel.conf\""},
      {"error inside include", ".include /abs/bad.conf\n",
       "Exim configuration error in line 2 of /abs/bad.conf:\n  main option \"bogus\" unknown"},
  };
  run_cases(std::begin(cases), std::end(cases), files);
  std::map<std::string, std::string> loop = {{"/l.conf", ".include /l.conf\n"}};
  EXPECT_NE(error_of(".include /l.conf\n", loop), "");
}

TEST(Reader, BuiltinMacros) {
  auto r = load("");
  ASSERT_TRUE(r);
  const auto& m = r.config()->macros();
  for (const char* name : {"_HAVE_TLS",
                           "_HAVE_DANE",
                           "_HAVE_DKIM",
                           "_HAVE_DMARC",
                           "_HAVE_SPF",
                           "_HAVE_SRS",
                           "_HAVE_PRDR",
                           "_HAVE_PROXY",
                           "_HAVE_SOCKS",
                           "_HAVE_OCSP",
                           "_HAVE_EVENT",
                           "_HAVE_I18N",
                           "_HAVE_PIPE_CONNECT",
                           "_HAVE_TLS_RESUME",
                           "_HAVE_ARC",
                           "_HAVE_DCC",
                           "_HAVE_LOOKUP_LMDB",
                           "_HAVE_LOOKUP_REDIS",
                           "_DRIVER_ROUTER_DNSLOOKUP",
                           "_DRIVER_TRANSPORT_SMTP",
                           "_DRIVER_AUTHENTICATOR_PLAINTEXT",
                           "_OPT_MAIN_HOSTS_PROXY",
                           "_OPT_ROUTERS_DSN_LASTHOP",
                           "_OPT_TRANSPORT_SMTP_HOSTS_TRY_DANE",
                           "_OPT_AUTHENTICATORS_PUBLIC_NAME",
                           "_LOG_PROXY"}) {
    const Macro* found = m.find(name);
    ASSERT_NE(found, nullptr) << name;
    EXPECT_EQ(found->value, "y");
    EXPECT_EQ(found->origin, Macro::Origin::builtin);
  }
}

}  // namespace
}  // namespace corvid::config
