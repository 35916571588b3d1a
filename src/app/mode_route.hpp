// Address testing, as `exim -bt` and `exim -bv` do it: route each address
// given (or read from standard input) and say what would happen.
#pragma once

#include "app/command_line.hpp"
#include "app/modes.hpp"

namespace corvid::app {

int run_bt(const CommandLine& cl, const Loaded& loaded, bool verify);

}  // namespace corvid::app
