// Reply formatting; EHLO layout as `exim4 -bh` (4.96) printed it.
#include "smtp/proto/reply.hpp"

#include <gtest/gtest.h>

namespace corvid::smtp::proto {
namespace {

struct Case {
  int code;
  std::string text;
  std::string enhanced;
  std::string expect;
};

TEST(Reply, Table) {
  const Case cases[] = {
      {250, "OK", "", "250 OK\r\n"},
      {550, "no such user", "5.1.1", "550 5.1.1 no such user\r\n"},
      {550, "one\ntwo", "", "550-one\r\n550 two\r\n"},
      {550, "one\ntwo\nthree", "5.7.1", "550-5.7.1 one\r\n550-5.7.1 two\r\n550 5.7.1 three\r\n"},
      {250, "trailing\n", "", "250 trailing\r\n"},
      {250, "", "", "250 \r\n"},
      {250, "a\n\nb", "", "250-a\r\n250-\r\n250 b\r\n"},
      {221, "x\r", "", "221 x\r\n"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(format_reply(c.code, c.text, c.enhanced), c.expect) << c.text;
  }
}

TEST(Reply, EhloAsExim) {
  EhloFeatures f;
  f.greeting = "test.ex Hello x [1.2.3.4]";
  f.size_limit = 52428800;
  f.dsn = f.etrn = f.vrfy = f.expn = f.pipe_connect = f.chunking = f.starttls = f.prdr =
      f.smtputf8 = true;
  f.auth_mechanisms = {"PLAIN"};
  EXPECT_EQ(format_ehlo(f),
            "250-test.ex Hello x [1.2.3.4]\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n250-DSN\r\n"
            "250-ETRN\r\n250-VRFY\r\n250-EXPN\r\n250-PIPELINING\r\n250-PIPECONNECT\r\n"
            "250-AUTH PLAIN\r\n250-CHUNKING\r\n250-STARTTLS\r\n250-PRDR\r\n250-SMTPUTF8\r\n"
            "250 HELP\r\n");
  EhloFeatures minimal;
  minimal.greeting = "h Hello y [::1]";
  minimal.eight_bit_mime = false;
  minimal.pipelining = false;
  EXPECT_EQ(format_ehlo(minimal), "250-h Hello y [::1]\r\n250-SIZE\r\n250 HELP\r\n");
}

}  // namespace
}  // namespace corvid::smtp::proto
