// Delivery from the command line: `-M id...` delivers those messages now
// (frozen or not, retry time or not), `-q` runs the queue once (addresses
// not yet due for a retry wait, frozen messages stay), `-qf` tries every
// address, `-qff` frozen messages too.
#pragma once

#include "app/command_line.hpp"
#include "app/modes.hpp"

namespace corvid::app {

int run_deliver(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
