// The queue modes: -bp (and -bpu, -bpr, -bpru, -bpa), -bpc, and the
// per-message -Mrm, -Mvh, -Mvb, -Mvl. Each reads the spool named by
// spool_directory / split_spool_directory, writes what Exim 4.96 writes
// to stdout, and returns Exim's exit status (1 when any message failed).
// The message ids are cl.args. Nothing is logged yet.
#pragma once

#include <ostream>

#include "app/command_line.hpp"
#include "spool/layout.hpp"
#include "config/config.hpp"

namespace corvid::app {

// The spool as the configuration places it (spool_directory expanded).
std::string spool_directory(const config::Config& config);
spool::SpoolLayout layout_of(const config::Config& config);

int run_bp(const CommandLine& cl, const config::Config& config);   // -bp -bpu -bpr -bpru -bpa
int run_bpc(const CommandLine& cl, const config::Config& config);  // -bpc
int run_Mrm(const CommandLine& cl, const config::Config& config);
int run_Mvh(const CommandLine& cl, const config::Config& config);
int run_Mvb(const CommandLine& cl, const config::Config& config);
int run_Mvl(const CommandLine& cl, const config::Config& config);

// The same, writing to `out` (for tests).
int print_queue(const CommandLine& cl, const config::Config& config, std::ostream& out);
int print_queue_count(const CommandLine& cl, const config::Config& config, std::ostream& out);

}  // namespace corvid::app
