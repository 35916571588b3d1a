// The SMTP modes of the command line: -bd/-bdf, -bs, -bh.
#pragma once

#include <memory>

#include "app/command_line.hpp"
#include "app/modes.hpp"

namespace corvid::app {

int run_bd(const CommandLine& cl, const Loaded& loaded);
int run_bs(const CommandLine& cl, const Loaded& loaded);
int run_bh(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
