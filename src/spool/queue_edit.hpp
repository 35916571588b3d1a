// Changing a queued message from the command line, as Exim's -Mf, -Mt,
// -Mar and -Mmd do: under the message's lock, its -H file read, changed
// and written back atomically. Each answers with Exim's text for the
// terminal and the lines for the main log ("frozen by root", ...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spool/layout.hpp"

namespace corvid::spool {

struct EditResult {
  bool ok = true;
  std::string text;                    // for standard output
  std::vector<std::string> log_lines;  // for the main log, after the message id
};

// `user` is who asks (the log says "... by <user>").
EditResult freeze_message(const SpoolLayout& layout, std::string_view id, std::string_view user);
EditResult thaw_message(const SpoolLayout& layout, std::string_view id, std::string_view user);
// -Mar: the addresses must be fully qualified.
EditResult add_recipients(const SpoolLayout& layout, std::string_view id,
                          const std::vector<std::string>& addresses, std::string_view user);
// -Mmd: every address must be a recipient, or nothing changes.
EditResult mark_delivered(const SpoolLayout& layout, std::string_view id,
                          const std::vector<std::string>& addresses, std::string_view user);

}  // namespace corvid::spool
