#include "auth/server.hpp"

#include "auth/mechanisms.hpp"

namespace corvid::auth {

namespace {

bool set(const config::DriverInstance& instance, std::string_view option) {
  const config::OptionValue* v = instance.option(option);
  return v != nullptr && v->is_set;
}

}  // namespace

bool has_server(const config::DriverInstance& instance) {
  if (instance.driver == "plaintext") return set(instance, "server_condition");
  if (instance.driver == "cram_md5") return set(instance, "server_secret");
  return false;
}

std::unique_ptr<ServerMechanism> make_server(const config::DriverInstance& instance,
                                             ServerContext& context) {
  if (instance.driver == "plaintext") return make_plaintext(instance, context);
  if (instance.driver == "cram_md5") return make_cram_md5(instance, context);
  return nullptr;
}

}  // namespace corvid::auth
