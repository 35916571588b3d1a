// The command-line modes. Each takes the parsed command line and the loaded
// configuration and returns the process exit status.
#pragma once

#include <memory>

#include "app/command_line.hpp"
#include "config/config.hpp"

namespace corvid::app {

// -be: expansion testing, as `exim -be`.
int run_be(const CommandLine& cl, std::shared_ptr<const config::Config> config);

}  // namespace corvid::app
