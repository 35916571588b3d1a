#include "app/dns_setup.hpp"

#include "dns/resolver.hpp"
#include "lists/list_reader.hpp"

namespace corvid::app {

std::optional<config::LoadError> install_dns(const config::Config& config) {
  dns::ResolverSettings s;
  const config::OptionValue* servers = config.main().value("dns_servers");
  if (servers != nullptr && servers->is_set) {
    for (const std::string& item : lists::split_list(servers->text)) {
      if (!dns::server_spec(item)) {
        return config::LoadError{servers->file, servers->line,
                                 "dns_servers: \"" + item +
                                     "\" is not an IP address (optionally followed by "
                                     ".port)"};
      }
      s.servers.push_back(item);
    }
  }
  // Exim's dns_retrans / dns_retry bound how long a lookup may take (the
  // resolver's own defaults when unset: 5s, 2 tries).
  auto retrans = config.time_option("dns_retrans").value_or(std::chrono::seconds(0));
  auto retry = config.int_option("dns_retry").value_or(0);
  if (retrans.count() > 0) s.timeout = retrans;
  if (retry > 0) s.tries = static_cast<int>(retry);
  std::string error;
  std::shared_ptr<dns::Resolver> r = dns::Resolver::create(s, error);
  if (!r) {
    // No resolv.conf (a minimal container) is not fatal: lookups then
    // defer with the reason, as they would with an unreachable server.
    return std::nullopt;
  }
  dns::install_resolver(std::move(r));
  return std::nullopt;
}

}  // namespace corvid::app
