// The information modes: -bP (print configuration values, as Exim's -bP
// does) and -bV (print the version block and the configuration file used).
// Both run after the configuration has loaded; they write to stdout and
// return the process exit status.
#pragma once

#include <ostream>

#include "app/command_line.hpp"
#include "config/config.hpp"

namespace corvid::app {

int run_bP(const CommandLine& cl, const config::Config& config);
int run_bV(const CommandLine& cl, const config::Config& config);

// The same, writing to `out` (for tests). `admin` decides whether values
// set with "hide" are shown.
int print_bP(const CommandLine& cl, const config::Config& config, std::ostream& out, bool admin);
void print_bV(const config::Config& config, std::ostream& out);

}  // namespace corvid::app
