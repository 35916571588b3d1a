// -brw: how the rewrite rules change an address in each place it can
// appear (sender:, from:, to:, cc:, bcc:, reply-to:, env-from:, env-to:),
// as `exim -brw` prints it.
#pragma once

#include "app/command_line.hpp"
#include "app/modes.hpp"

namespace corvid::app {

int run_brw(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
