// The command-line modes. Each takes the parsed command line and the loaded
// configuration and returns the process exit status.
#pragma once

#include <memory>

#include "acl/acl.hpp"
#include "app/command_line.hpp"
#include "config/config.hpp"

namespace corvid::app {

// The configuration and its compiled ACLs, loaded once by main() (an ACL
// error is a configuration error, reported at load as Exim reports it).
struct Loaded {
  std::shared_ptr<const config::Config> config;
  std::shared_ptr<const acl::AclSet> acls;
};

// -be: expansion testing, as `exim -be`.
int run_be(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
