// Builds the process's DNS resolver from the configuration (dns_servers,
// dns_retrans, dns_retry) and installs it for every module to use.
#pragma once

#include <optional>

#include "config/config.hpp"
#include "config/load_error.hpp"

namespace corvid::app {

// nullopt on success; otherwise the error to report as a configuration
// error (file and line of the offending option).
std::optional<config::LoadError> install_dns(const config::Config& config);

}  // namespace corvid::app
