#include "rewrite/rewrite.hpp"

#include <gtest/gtest.h>

#include "config/config_context.hpp"

namespace corvid::rewrite {
namespace {

struct Loaded {
  std::shared_ptr<const config::Config> config;
  std::shared_ptr<const RuleSet> rules;
  std::optional<config::LoadError> error;
};

Loaded load(const std::string& rules) {
  config::LoadResult r = config::load_text("qualify_domain = test.example\nbegin rewrite\n" + rules,
                                           "test.conf", {}, config::read_file_contents);
  Loaded out;
  out.config = r.config();
  out.rules = RuleSet::of(*out.config, &out.error);
  return out;
}

std::string rw(const Loaded& l, const std::string& address, unsigned field,
               std::vector<std::string>* log = nullptr) {
  config::ConfigContext ctx(l.config);
  return rewrite_address(*l.rules, address, field, ctx, [&](const std::string& t) {
    if (log != nullptr) log->push_back(t);
  });
}

TEST(Rewrite, WildcardsCaptureWhatTheyMatched) {
  Loaded l = load("*-request@lists.example  $1-owner@$domain\nsomeone@*.example  x@$1.example\n");
  ASSERT_TRUE(l.rules);
  EXPECT_EQ(rw(l, "ann-request@lists.example", kTo), "ann-owner@lists.example");
  EXPECT_EQ(rw(l, "someone@mail.example", kEnvelopeFrom), "x@mail.example");
  EXPECT_EQ(rw(l, "other@mail.example", kEnvelopeFrom), "other@mail.example");
}

TEST(Rewrite, FlagsSayWhereARuleApplies) {
  Loaded l = load("*@a.example  $1@b.example  F\n");
  EXPECT_EQ(rw(l, "u@a.example", kEnvelopeFrom), "u@b.example");
  EXPECT_EQ(rw(l, "u@a.example", kEnvelopeTo), "u@a.example");
  EXPECT_EQ(rw(l, "u@a.example", kFrom), "u@a.example");
}

TEST(Rewrite, RepeatsWithRAndStopsWithQ) {
  Loaded r = load("\\N^x(.*)@a.example$\\N  $1@a.example  R\n");
  EXPECT_EQ(rw(r, "xxxu@a.example", kTo), "u@a.example");
  Loaded q = load("*@a.example  $1@b.example  q\n*@b.example  $1@c.example\n");
  EXPECT_EQ(rw(q, "u@a.example", kTo), "u@b.example");
  EXPECT_EQ(rw(q, "u@b.example", kTo), "u@c.example");
}

TEST(Rewrite, UnqualifiedResultsAreRefused) {
  Loaded l = load("*@a.example  plain\n");
  std::vector<std::string> log;
  EXPECT_EQ(rw(l, "u@a.example", kTo, &log), "u@a.example");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0], "Rewrite of u@a.example yielded unqualified address \"plain\"");
}

TEST(Rewrite, HeaderAddressesAreReplacedInPlace) {
  Loaded l = load("*@old.example  $1@new.example\n");
  config::ConfigContext ctx(l.config);
  auto out = rewrite_header(*l.rules, "To: A <a@old.example>, b@x.example (c)\n", kTo, ctx,
                            [](const std::string&) {});
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "To: A <a@new.example>, b@x.example (c)\n");
  EXPECT_FALSE(rewrite_header(*l.rules, "To: b@x.example\n", kTo, ctx, [](const std::string&) {}));
  EXPECT_EQ(header_field("Reply-To: x\n"), static_cast<unsigned>(kReplyTo));
  EXPECT_EQ(header_field("Subject: x\n"), 0u);
}

TEST(Rewrite, UnknownFlagIsAConfigurationError) {
  Loaded l = load("a@b c@d e\n");
  EXPECT_FALSE(l.rules);
  ASSERT_TRUE(l.error);
  EXPECT_EQ(l.error->line, 3);
  EXPECT_EQ(l.error->message,
            "unknown rewrite flag character 'e' (could be missing quotes round replacement item)");
}

}  // namespace
}  // namespace corvid::rewrite
