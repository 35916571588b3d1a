// Changing queued messages from the command line: `-Mf id...` freezes,
// `-Mt id...` thaws, `-Mar id address...` adds recipients, `-Mmd id
// address...` marks recipients delivered; each says what it did as Exim
// does and logs it ("frozen by root", ...).
#pragma once

#include "app/command_line.hpp"
#include "app/modes.hpp"

namespace corvid::app {

int run_edit(const CommandLine& cl, const Loaded& loaded);

}  // namespace corvid::app
