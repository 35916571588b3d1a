// Configuration-time ACL errors, with the texts exim4 4.96 -bV printed for
// the same ACLs (probed with "exim4 -C bad.conf -bV"; the line numbers here
// count "begin acl" as line 1).
#include <gtest/gtest.h>

#include "acl/compiler.hpp"
#include "fake_session.hpp"

namespace corvid::acl::testing {
namespace {

struct ErrorCase {
  const char* acl;
  int line;
  const char* message;
};

class CompileErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(CompileErrorTest, MatchesExim) {
  const ErrorCase& c = GetParam();
  auto r = load(std::string("a:\n") + c.acl + "\n");
  ASSERT_TRUE(std::holds_alternative<config::LoadError>(r)) << c.acl;
  const config::LoadError& e = std::get<config::LoadError>(r);
  EXPECT_EQ(e.message, c.message);
  EXPECT_EQ(e.line, c.line);
}

INSTANTIATE_TEST_SUITE_P(
    Exim, CompileErrorTest,
    ::testing::Values(
        ErrorCase{"  accept foo = bar", 3,
                  "error in ACL: unknown ACL condition/modifier in \"accept foo = bar\""},
        ErrorCase{"  foo", 3, "error in ACL: unknown ACL verb \"foo\" in \"foo\""},
        ErrorCase{"  deny/xx", 3, "error in ACL: unknown ACL condition/modifier in \"deny/xx\""},
        ErrorCase{"  accept Hosts = x", 3,
                  "error in ACL: unknown ACL condition/modifier in \"accept Hosts = x\""},
        ErrorCase{"  accept hosts", 3, "error in ACL: \"=\" missing after ACL \"hosts\" condition"},
        ErrorCase{"  accept hosts bar", 3,
                  "error in ACL: \"=\" missing after ACL \"hosts\" condition"},
        ErrorCase{"  accept message", 3,
                  "error in ACL: \"=\" missing after ACL \"message\" modifier"},
        ErrorCase{"  accept !message = x", 3,
                  "error in ACL: ACL error: negation is not allowed with \"message\""},
        ErrorCase{"  accept !control = freeze", 3,
                  "error in ACL: ACL error: negation is not allowed with \"control\""},
        ErrorCase{"  warn !set acl_m1 = 1", 3,
                  "error in ACL: ACL error: negation is not allowed with \"set\""},
        ErrorCase{"  accept !endpass", 3,
                  "error in ACL: ACL error: negation is not allowed with \"endpass\""},
        ErrorCase{"  deny endpass", 3,
                  "error in ACL: ACL error: \"endpass\" is not allowed with \"deny\""},
        ErrorCase{"  warn endpass", 3,
                  "error in ACL: ACL error: \"endpass\" is not allowed with \"warn\""},
        ErrorCase{"  accept set foo = 1", 3,
                  "error in ACL: invalid variable name after \"set\" in ACL modifier \"set foo = "
                  "1\" (must start \"acl_c\" or \"acl_m\")"},
        ErrorCase{"  accept set acl_c = 1", 3,
                  "error in ACL: invalid variable name after \"set\" in ACL modifier \"set acl_c "
                  "= 1\" (digit or underscore must follow acl_c or acl_m)"},
        ErrorCase{"  accept set acl_m-x = 1", 3,
                  "error in ACL: invalid variable name after \"set\" in ACL modifier \"set "
                  "acl_m-x = 1\" (digit or underscore must follow acl_c or acl_m)"},
        ErrorCase{"  accept set acl_c_x 1", 3,
                  "error in ACL: \"=\" missing after ACL \"set\" modifier"},
        ErrorCase{"  accept dmarc_statusx = x", 3,
                  "error in ACL: unknown ACL condition/modifier in \"accept dmarc_statusx = x\""},
        ErrorCase{"  accept demime = x", 3,
                  "error in ACL: unknown ACL condition/modifier in \"accept demime = x\""},
        ErrorCase{"  accept\n  hosts = 1.2.3.4\n  bogus = 1", 5,
                  "error in ACL: unknown ACL condition/modifier in \"bogus = 1\""}));

TEST(Compiler, AcceptsWhatEximAccepts) {
  for (const char* text :
       {"  accept endpass = x", "  accept endpass", "  accept set acl_c_ = 1",
        "  accept set acl_m1 = 1", "  accept set  acl_m_1  =  x", "  accept control = nonsense",
        "  accept verify = bogus", "  accept seen = 1h", "  accept spf = pass",
        "  accept dkim_status = pass", "  accept queue = x", "  accept udpsend = x",
        "  accept  hosts=1.2.3.4", "  accept hosts == 1", "  accept ! hosts = x",
        "  accept condition = ${if", "  accept acl = nosuch", "  accept\tendpass\n  hosts = x",
        "  accept dcc = x", "  accept dmarc_status = x"}) {
    auto r = load(std::string("a:\n") + text + "\n");
    EXPECT_FALSE(std::holds_alternative<config::LoadError>(r)) << text;
  }
}

TEST(Compiler, StatementsAndItems) {
  auto set = load_ok("a:\n  accept hosts = 1.2.3.4\n    !domains = +local\n    endpass\n"
                     "    set acl_m_x = $domain\n  deny\n");
  const CompiledAcl* a = set->named("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->statements.size(), 2u);
  const Statement& s = a->statements[0];
  EXPECT_EQ(s.verb, Verb::accept);
  EXPECT_TRUE(s.has_endpass);
  ASSERT_EQ(s.items.size(), 4u);
  EXPECT_EQ(s.items[1].id(), Cond::domains);
  EXPECT_TRUE(s.items[1].negated);
  EXPECT_EQ(s.items[1].text, "+local");
  EXPECT_EQ(s.items[3].variable, "acl_m_x");
  EXPECT_EQ(s.items[3].text, "$domain");
  EXPECT_EQ(a->statements[1].verb, Verb::deny);
}

TEST(Compiler, InlineText) {
  CompileResult r = compile_text("accept hosts = 1.2.3.4\n# c\ndeny message = a \\\n  b\n", "x",
                                 "inline");
  ASSERT_TRUE(std::holds_alternative<AclPtr>(r));
  const CompiledAcl& a = *std::get<AclPtr>(r);
  ASSERT_EQ(a.statements.size(), 2u);
  EXPECT_EQ(a.statements[1].items[0].text, "a b");
  CompileResult bad = compile_text("nosuch", "nosuch", "inline");
  ASSERT_TRUE(std::holds_alternative<CompileFailure>(bad));
  EXPECT_EQ(std::get<CompileFailure>(bad).message, "unknown ACL verb \"nosuch\" in \"nosuch\"");
  // Exim says this for "Accept" in the ACL section too; the config reader
  // currently takes such a line for a macro definition, so it is checked
  // here on the ACL compiler alone.
  CompileResult upper = compile_text("Accept", "u", "inline");
  ASSERT_TRUE(std::holds_alternative<CompileFailure>(upper));
  EXPECT_EQ(std::get<CompileFailure>(upper).message, "unknown ACL verb \"Accept\" in \"Accept\"");
}

TEST(Names, TablesAreInEnumOrder) {
  for (int i = 0; i <= static_cast<int>(Cond::verify); ++i) {
    EXPECT_EQ(static_cast<int>(cond_info(static_cast<Cond>(i)).id), i);
  }
  for (int i = 0; i <= static_cast<int>(Control::utf8_downconvert); ++i) {
    EXPECT_EQ(static_cast<int>(control_info(static_cast<Control>(i)).id), i);
  }
  EXPECT_EQ(find_control("queue_only")->id, Control::queue);
  EXPECT_EQ(find_control("requiretls"), nullptr);
}

}  // namespace
}  // namespace corvid::acl::testing
