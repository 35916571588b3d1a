// Options that Exim expands at use are parsed into expansion trees once, at
// load; a syntax error in one does not stop the load (Exim only reports it
// when the option is used).
#include <gtest/gtest.h>

#include "config/config.hpp"

namespace corvid::config {
namespace {

TEST(ExpansionOptions, CompiledOnceAtLoad) {
  auto r = load_text("smtp_banner = ${primary_hostname} ESMTP ${lc:CORVID}\n", "<t>", {},
                     nullptr);
  ASSERT_TRUE(r.ok()) << r.error().render();
  const OptionValue* v = r.config()->main().value("smtp_banner");
  ASSERT_NE(v, nullptr);
  ASSERT_NE(v->expansion, nullptr);
  EXPECT_TRUE(v->expansion->ok());
  EXPECT_EQ(v->expansion->source(), "${primary_hostname} ESMTP ${lc:CORVID}");
}

TEST(ExpansionOptions, PlainTextNeedsNoTree) {
  auto r = load_text("smtp_banner = plain banner\n", "<t>", {}, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config()->main().value("smtp_banner")->expansion, nullptr);
}

TEST(ExpansionOptions, SyntaxErrorIsKeptForUse) {
  auto r = load_text("smtp_banner = ${if eq{a}\n", "<t>", {}, nullptr);
  ASSERT_TRUE(r.ok());
  const OptionValue* v = r.config()->main().value("smtp_banner");
  ASSERT_NE(v->expansion, nullptr);
  EXPECT_FALSE(v->expansion->ok());
  EXPECT_EQ(v->expansion->parse_error(), "missing 2nd string in {} after \"eq\"");
}

}  // namespace
}  // namespace corvid::config
