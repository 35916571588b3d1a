// -brt: which retry rule applies to a domain or address (and, optionally,
// an error name), printed as `exim -brt` prints it.
#pragma once

#include "app/command_line.hpp"
#include "app/modes.hpp"

namespace corvid::app {

int run_brt(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
