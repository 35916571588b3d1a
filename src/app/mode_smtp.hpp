// The SMTP modes of the command line: -bd/-bdf, -bs, -bh.
#pragma once

#include <memory>

#include "app/command_line.hpp"
#include "app/modes.hpp"
#include "smtp/server/session.hpp"

namespace corvid::app {

// What every way of receiving shares: the logger, the spool store (one that
// writes nothing for -bh) and the ratelimit database.
bool make_services(const Loaded& loaded, bool host_checking, smtp::ServerServices& out,
                   std::string& error);

int run_bd(const CommandLine& cl, const Loaded& loaded);
int run_bs(const CommandLine& cl, const Loaded& loaded);
int run_bh(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
