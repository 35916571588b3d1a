// A configuration load failure: where it happened and what went wrong, in
// Exim's words. render() gives the text Exim writes (without its timestamp);
// the binary prints it to stderr and exits with status 1.
#pragma once

#include <string>

namespace corvid::config {

struct LoadError {
  std::string file;  // the file as named on the command line or in .include
  int line = 0;      // 0 when no line applies
  std::string message;

  // "Exim configuration error in line 3 of /tmp/bad.conf:\n  main option
  // \"foo\" unknown" (no trailing newline).
  std::string render() const;
};

}  // namespace corvid::config
