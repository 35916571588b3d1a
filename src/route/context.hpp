// The expansion Context of routing: the configuration's variables plus
// those of the address being routed ($local_part, $domain, $domain_data,
// $local_part_data, $address_data, $home, $sender_address ...), and host
// names through Corvid's resolver for host lists.
#pragma once

#include <memory>
#include <string>

#include "config/config_context.hpp"
#include "route/address.hpp"
#include "spool/header_file.hpp"

namespace corvid::route {

class RouteContext final : public expand::Context {
 public:
  explicit RouteContext(std::shared_ptr<const config::Config> config);

  const config::Config& config() const { return *config_; }
  const config::ConfigContext& base() const { return base_; }
  // The address whose routing expansions now concern (nullptr: none).
  const Address* current = nullptr;
  std::string sender;        // $sender_address
  bool verifying = false;    // -bv / verify = : verify_only routers run
  std::string router_name;   // $router_name
  // The message being delivered, for $h_ variables (nullptr: none).
  const spool::HeaderFile* message = nullptr;

  expand::VarStatus variable(std::string_view name, TString& out) const override;
  bool header(std::string_view name, expand::HeaderMode mode, TString& out) const override;
  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const override {
    return base_.named_list(kind, name);
  }
  bool expand_list(std::string_view text, std::string& out, std::string& error) const override;
  std::string primary_hostname() const override { return base_.primary_hostname(); }
  lists::NamedListCache* named_list_cache() const override { return base_.named_list_cache(); }
  std::vector<std::string> host_addresses(std::string_view name) const override;

  // Expands a driver option (nullopt: unset). `forced` tells a forced
  // failure from an error; both return false with `error` set.
  bool expand_option(const config::DriverInstance& d, std::string_view name,
                     std::optional<std::string>& out, bool& forced, std::string& error) const;

 private:
  std::shared_ptr<const config::Config> config_;
  config::ConfigContext base_;
};

}  // namespace corvid::route
