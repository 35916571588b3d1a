// SMTP command recognition; expectations from `exim4 -bh` (4.96).
#include "smtp/proto/command.hpp"

#include <gtest/gtest.h>

#include <string>

namespace corvid::smtp::proto {
namespace {

struct Case {
  std::string line;
  Verb verb;
  std::string argument;
};

TEST(Command, Table) {
  const Case cases[] = {
      {"MAIL FROM:<a@b.c>", Verb::mail, "<a@b.c>"},
      {"mail from:<a@b.c> size=100", Verb::mail, "<a@b.c> size=100"},
      {"MAIL FROM: <a@b.c>  ", Verb::mail, "<a@b.c>"},
      {"MAIL FROM:", Verb::mail, ""},
      {"MAIL FROM", Verb::unknown, ""},
      {"MAIL", Verb::unknown, ""},
      {"MAIL TO:<a@b.c>", Verb::unknown, ""},
      {"MAIL  FROM:<a@b.c>", Verb::unknown, ""},
      {"MAIL FROM :<a@b.c>", Verb::unknown, ""},
      {" MAIL FROM:<a@b.c>", Verb::unknown, ""},
      {"MAIL\tFROM:<a@b.c>", Verb::unknown, ""},
      {"RCPT TO:<x@y.z>", Verb::rcpt, "<x@y.z>"},
      {"rcpt to:x@y.z", Verb::rcpt, "x@y.z"},
      {"RCPT TO", Verb::unknown, ""},
      {"RCPT FROM:<x@y.z>", Verb::unknown, ""},
      {"HELO", Verb::helo, ""},
      {"HELO a b", Verb::helo, "a b"},
      {"ehlo x.y", Verb::ehlo, "x.y"},
      {"EHLO\tx", Verb::ehlo, "x"},
      {"DATA", Verb::data, ""},
      {"DATA x", Verb::data, "x"},
      {"BDAT 10 LAST", Verb::bdat, "10 LAST"},
      {"RSET", Verb::rset, ""},
      {"noop", Verb::noop, ""},
      {"NOOP x", Verb::noop, "x"},
      {"NOOPX", Verb::unknown, ""},
      {"QUIT", Verb::quit, ""},
      {"VRFY x", Verb::vrfy, "x"},
      {"EXPN x", Verb::expn, "x"},
      {"HELP", Verb::help, ""},
      {"ETRN #q", Verb::etrn, "#q"},
      {"STARTTLS", Verb::starttls, ""},
      {"AUTH PLAIN AGIA", Verb::auth, "PLAIN AGIA"},
      {"ATRN", Verb::atrn, ""},
      {"XYZZY", Verb::unknown, ""},
      {"", Verb::unknown, ""},
  };
  for (const Case& c : cases) {
    Command cmd = parse_command(c.line);
    EXPECT_EQ(cmd.verb, c.verb) << c.line;
    EXPECT_EQ(cmd.argument, c.argument) << c.line;
    EXPECT_FALSE(cmd.contains_nul) << c.line;
  }
}

TEST(Command, Nul) {
  Command cmd = parse_command(std::string("NO\0OP", 5));
  EXPECT_TRUE(cmd.contains_nul);
  EXPECT_EQ(cmd.verb, Verb::unknown);
}

TEST(Command, VerbNames) {
  EXPECT_EQ(verb_name(Verb::mail), "MAIL FROM");
  EXPECT_EQ(verb_name(Verb::rcpt), "RCPT TO");
  EXPECT_EQ(verb_name(Verb::ehlo), "EHLO");
  EXPECT_EQ(verb_name(Verb::unknown), "");
}

}  // namespace
}  // namespace corvid::smtp::proto
