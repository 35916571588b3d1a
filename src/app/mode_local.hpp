// Local submission, as sendmail and Exim take it: `corvid [-t] [-i]
// [-f sender] [-F name] [address...]` (or -bm) reads a message on standard
// input and puts it on the queue.
#pragma once

#include "app/command_line.hpp"
#include "app/modes.hpp"

namespace corvid::app {

int run_bm(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
