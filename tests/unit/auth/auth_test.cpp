// Authenticator mechanisms, driven without a network: base64, plaintext
// prompts and server_condition, cram_md5's challenge and digest. The SMTP
// side is compared with Exim in tests/integration/test_smtp_vs_exim.py.
#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include "auth/server.hpp"
#include "config/config.hpp"
#include "config/config_context.hpp"
#include "expand/expansion.hpp"

namespace corvid::auth {
namespace {

// Expands against the configuration's variables plus $auth1..
class FakeContext final : public ServerContext {
 public:
  explicit FakeContext(std::shared_ptr<const config::Config> c) : base_(std::move(c)) {}
  std::vector<std::string> values;
  void set_auth_values(std::vector<std::string> v) override { values = std::move(v); }
  Expanded expand(const config::OptionValue& option, std::string& out, std::string& error) override {
    std::string text = option.text;
    for (size_t i = 0; i < 3; ++i) {
      std::string var = "$auth" + std::to_string(i + 1);
      for (size_t p; (p = text.find(var)) != std::string::npos;) {
        text.replace(p, var.size(), i < values.size() ? values[i] : "");
      }
    }
    expand::Result r = expand::expand_string(text, base_);
    if (r.ok()) {
      out = r.value.text;
      return Expanded::ok;
    }
    error = r.message;
    return r.status == expand::Status::forced_fail ? Expanded::forced_fail : Expanded::error;
  }
  std::string primary_hostname() const override { return "mx.test.example"; }

 private:
  config::ConfigContext base_;
};

std::shared_ptr<const config::Config> load() {
  auto r = config::load_text(
      "begin authenticators\n"
      "plain:\n  driver = plaintext\n  public_name = PLAIN\n  server_prompts = :\n"
      "  server_condition = ${if and{{eq{$auth2}{user}}{eq{$auth3}{secret}}}}\n"
      "login:\n  driver = plaintext\n  public_name = LOGIN\n"
      "  server_prompts = Username:: : Password::\n"
      "  server_condition = ${if eq{$auth1:$auth2}{user:secret}{yes}{maybe}}\n"
      "cram:\n  driver = cram_md5\n  server_secret = ${if eq{$auth1}{user}{secret}fail}\n"
      "client:\n  driver = plaintext\n  client_send = x\n",
      "<test>", {}, nullptr);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().render());
  return r.config();
}

TEST(Base64, RoundTripAndRefusal) {
  EXPECT_EQ(base64_encode(std::string("\0user\0secret", 12)), "AHVzZXIAc2VjcmV0");
  EXPECT_EQ(base64_decode("AHVzZXIAc2VjcmV0"), std::string("\0user\0secret", 12));
  EXPECT_EQ(base64_decode("dXNlcg=="), "user");
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_FALSE(base64_decode("DENYME"));  // not whole groups of four
  EXPECT_FALSE(base64_decode("!!!!"));
  EXPECT_FALSE(base64_decode("dX=lcg=="));
}

TEST(Plaintext, PlainWithInitialResponse) {
  auto config = load();
  FakeContext ctx(config);
  const config::DriverInstance& plain = config->authenticators()[0];
  EXPECT_TRUE(has_server(plain));
  EXPECT_FALSE(has_server(config->authenticators()[3]));
  auto m = make_server(plain, ctx);
  EXPECT_EQ(m->start(std::string("AHVzZXIAc2VjcmV0")).kind, Step::Kind::ok);
  EXPECT_EQ(ctx.values, (std::vector<std::string>{"", "user", "secret"}));
  m = make_server(plain, ctx);
  Step s = m->start(std::nullopt);
  ASSERT_EQ(s.kind, Step::Kind::challenge);
  EXPECT_EQ(s.text, "");
  EXPECT_EQ(m->respond(base64_encode(std::string("\0user\0wrong", 11))).kind, Step::Kind::fail);
  EXPECT_EQ(make_server(plain, ctx)->start(std::string("=")).kind, Step::Kind::fail);
  EXPECT_EQ(make_server(plain, ctx)->start(std::string("!!!")).kind, Step::Kind::bad_base64);
}

TEST(Plaintext, LoginPromptsCancelAndDefer) {
  auto config = load();
  FakeContext ctx(config);
  const config::DriverInstance& login = config->authenticators()[1];
  auto m = make_server(login, ctx);
  Step s = m->start(std::nullopt);
  EXPECT_EQ(s.text, "Username:");
  s = m->respond(base64_encode("user"));
  EXPECT_EQ(s.text, "Password:");
  EXPECT_EQ(m->respond(base64_encode("secret")).kind, Step::Kind::ok);
  m = make_server(login, ctx);
  EXPECT_EQ(m->start(base64_encode("user")).text, "Password:");  // first prompt answered
  EXPECT_EQ(m->respond("*").kind, Step::Kind::cancelled);
  m = make_server(login, ctx);
  m->start(std::nullopt);
  m->respond(base64_encode("user"));
  Step d = m->respond(base64_encode("other"));
  EXPECT_EQ(d.kind, Step::Kind::defer);  // server_condition gave "maybe"
  EXPECT_EQ(d.error, "maybe");
}

TEST(CramMd5, ChallengeAndDigest) {
  auto config = load();
  FakeContext ctx(config);
  const config::DriverInstance& cram = config->authenticators()[2];
  auto m = make_server(cram, ctx);
  Step s = m->start(std::nullopt);
  ASSERT_EQ(s.kind, Step::Kind::challenge);
  EXPECT_EQ(s.text.front(), '<');
  EXPECT_NE(s.text.find("@mx.test.example>"), std::string::npos);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_md5(), "secret", 6, reinterpret_cast<const unsigned char*>(s.text.data()), s.text.size(),
       mac, &len);
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    char b[3];
    std::snprintf(b, sizeof b, "%02X", mac[i]);  // upper case is accepted too
    hex += b;
  }
  EXPECT_EQ(m->respond(base64_encode("user " + hex)).kind, Step::Kind::ok);
  m = make_server(cram, ctx);
  m->start(std::nullopt);
  EXPECT_EQ(m->respond(base64_encode("nobody " + hex)).kind, Step::Kind::fail);  // forced fail
  m = make_server(cram, ctx);
  m->start(std::nullopt);
  EXPECT_EQ(m->respond(base64_encode("user short")).kind, Step::Kind::fail);
  EXPECT_EQ(make_server(cram, ctx)->start(std::string("eA==")).kind, Step::Kind::bad_base64);
}

}  // namespace
}  // namespace corvid::auth
