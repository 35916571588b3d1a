// The configuration reader: turns the text of the configuration file into
// logical lines, doing what Exim does before any option is looked at —
// comments, continuation lines, macro definition and substitution, the
// .ifdef family and .include / .include_if_exists.
//
// Sans-I/O: included files are fetched through an IncludeReader callback,
// so tests and the fuzz target feed text directly.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/load_error.hpp"
#include "config/macros.hpp"

namespace corvid::config {

// Returns the contents of `path`, or nullopt when it cannot be opened.
using IncludeReader = std::function<std::optional<std::string>(const std::string& path)>;

struct LogicalLine {
  std::string text;  // trimmed, continuations joined, macros substituted
  std::string file;
  int line = 0;  // physical line where the logical line started
  bool macro_definition = false;
};

// Reads `text` (named `name` in messages, and the base for relative
// .include paths). Macro definitions update `macros` and are also returned
// as lines (flagged) so that -bP config can show them.
std::optional<LoadError> read_config(std::string_view text, std::string_view name,
                                     MacroTable& macros, const IncludeReader& include_reader,
                                     std::vector<LogicalLine>& out);

}  // namespace corvid::config
