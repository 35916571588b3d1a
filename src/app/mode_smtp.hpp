// The SMTP modes of the command line: -bd/-bdf, -bs, -bh.
#pragma once

#include <memory>

#include "app/command_line.hpp"
#include "config/config.hpp"

namespace corvid::app {

int run_bd(const CommandLine& cl, std::shared_ptr<const config::Config> config);
int run_bs(const CommandLine& cl, std::shared_ptr<const config::Config> config);
int run_bh(const CommandLine& cl, std::shared_ptr<const config::Config> config);

}  // namespace corvid::app
