// Delivery from the command line: `-M id...` delivers those messages now
// (frozen or not), `-q` runs the queue once, `-qf` forcing every message.
#pragma once

#include "app/command_line.hpp"
#include "app/modes.hpp"

namespace corvid::app {

int run_deliver(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
