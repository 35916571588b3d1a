// The cram_md5 authenticator's server side (RFC 2195): the challenge is
// "<pid.time@primary_hostname>", the answer "user hex-digest"; $auth1 is
// the user, server_secret is expanded with it (a forced failure fails, an
// error defers) and the digest must be HMAC-MD5(secret, challenge).
#include <openssl/hmac.h>
#include <unistd.h>

#include <cctype>
#include <chrono>

#include "auth/mechanisms.hpp"

namespace corvid::auth {
namespace {

std::string hmac_md5_hex(std::string_view key, std::string_view text) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_md5(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), out, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex += kHex[out[i] >> 4];
    hex += kHex[out[i] & 15];
  }
  return hex;
}

class CramMd5 final : public ServerMechanism {
 public:
  CramMd5(const config::DriverInstance& instance, ServerContext& context)
      : instance_(instance), context_(context) {}

  Step start(const std::optional<std::string>& initial) override {
    // CRAM-MD5 has no initial response.
    if (initial && !initial->empty()) return Step{Step::Kind::bad_base64, {}, {}};
    auto now = std::chrono::system_clock::now().time_since_epoch();
    challenge_ = "<" + std::to_string(getpid()) + "." +
                 std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) +
                 "@" + context_.primary_hostname() + ">";
    return Step{Step::Kind::challenge, challenge_, {}};
  }

  Step respond(std::string_view line) override {
    if (line == "*") return Step{Step::Kind::cancelled, {}, {}};
    std::optional<std::string> clear = base64_decode(line);
    if (!clear) return Step{Step::Kind::bad_base64, {}, {}};
    size_t space = clear->rfind(' ');
    if (space == std::string::npos || clear->size() - space - 1 != 32) {
      return Step{Step::Kind::fail, {}, {}};
    }
    std::string user = clear->substr(0, space);
    std::string digest = clear->substr(space + 1);
    for (char& c : digest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    context_.set_auth_values({user});
    const config::OptionValue* secret = instance_.option("server_secret");
    if (secret == nullptr || !secret->is_set) return Step{Step::Kind::fail, {}, {}};
    std::string key, error;
    switch (context_.expand(*secret, key, error)) {
      case ServerContext::Expanded::forced_fail:
        return Step{Step::Kind::fail, {}, {}};
      case ServerContext::Expanded::error:
        return Step{Step::Kind::defer, {}, error};
      case ServerContext::Expanded::ok:
        break;
    }
    return hmac_md5_hex(key, challenge_) == digest ? Step{Step::Kind::ok, {}, {}}
                                                   : Step{Step::Kind::fail, {}, {}};
  }

 private:
  const config::DriverInstance& instance_;
  ServerContext& context_;
  std::string challenge_;
};

}  // namespace

std::unique_ptr<ServerMechanism> make_cram_md5(const config::DriverInstance& instance,
                                               ServerContext& context) {
  return std::make_unique<CramMd5>(instance, context);
}

}  // namespace corvid::auth
