// The server side of SMTP AUTH mechanisms, as Exim's authenticators
// define them (`begin authenticators`): plaintext (PLAIN, LOGIN and any
// other prompt-driven mechanism, decided by server_condition) and
// cram_md5 (server_secret). Sans I/O: the SMTP session sends each
// challenge and feeds back each response line; base64 is handled here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace corvid::auth {

// What a mechanism needs from the session it runs in.
class ServerContext {
 public:
  virtual ~ServerContext() = default;
  // Sets $auth1, $auth2, ... for the expansions that follow.
  virtual void set_auth_values(std::vector<std::string> values) = 0;
  enum class Expanded { ok, forced_fail, error };
  // Expands a driver option against the session.
  virtual Expanded expand(const config::OptionValue& option, std::string& out,
                          std::string& error) = 0;
  virtual std::string primary_hostname() const = 0;
};

struct Step {
  enum class Kind {
    challenge,   // send "334 " + base64(text) and call respond()
    ok,          // 235
    fail,        // 535 Incorrect authentication data
    defer,       // 435 (an expansion failed)
    cancelled,   // the client sent "*": 501 Authentication cancelled
    bad_base64,  // 501 Invalid base64 data
  };
  Kind kind = Kind::fail;
  std::string text;   // the challenge (not yet encoded)
  std::string error;  // why, for defer
};

class ServerMechanism {
 public:
  virtual ~ServerMechanism() = default;
  // `initial`: the initial response as sent (base64, "=" for empty), if any.
  virtual Step start(const std::optional<std::string>& initial) = 0;
  virtual Step respond(std::string_view line) = 0;
};

// True when the instance has its server side configured (server_condition
// for plaintext, server_secret for cram_md5), i.e. it may be advertised.
bool has_server(const config::DriverInstance& instance);

// A conversation for `instance`; nullptr for a driver without a server
// side in Corvid.
std::unique_ptr<ServerMechanism> make_server(const config::DriverInstance& instance,
                                             ServerContext& context);

// Base64 as SMTP AUTH uses it (no line breaks); decode gives nullopt on
// malformed input.
std::string base64_encode(std::string_view in);
std::optional<std::string> base64_decode(std::string_view in);

}  // namespace corvid::auth
