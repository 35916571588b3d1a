// A rendered log entry: the text of one mainlog line (no timestamp, no
// newline) and the logs it goes to. Every event type renders to a Line; the
// Logger adds the timestamp prefix and writes it.
#pragma once

#include <cstdint>
#include <string>

namespace corvid::log {

enum Target : std::uint8_t {
  to_main = 1,
  to_reject = 2,
  to_panic = 4,
};

struct Line {
  std::string text;
  std::uint8_t targets = to_main;
  // Written after `text` in the reject log only: the envelope and header
  // block of a DATA-time rejection, each line ending "\n".
  std::string reject_extra;
};

}  // namespace corvid::log
