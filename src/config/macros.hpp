// Configuration macros: the built-in ones Corvid defines (_HAVE_*,
// _DRIVER_*, _OPT_*, _LOG_* ...), those given with -D on the command line,
// and those the file defines ("NAME = value", "NAME == value").
//
// Substitution follows Exim: each line is scanned for each macro in the
// order the macros were first defined; replacement text is not rescanned
// for the same macro but is for later ones. A -D definition makes the
// file's definitions of that name be ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::config {

struct Macro {
  enum class Origin { builtin, command_line, file };
  std::string name;
  std::string value;
  Origin origin = Origin::file;
};

class MacroTable {
 public:
  // A table holding Corvid's built-in macros.
  static MacroTable with_builtins();

  void add_builtin(std::string name, std::string value = "y");
  // -D NAME[=value]. Returns an error message for a bad name.
  std::optional<std::string> define_command_line(std::string_view name, std::string_view value);
  // A definition from the file; `redefine` for "==". Returns an error
  // message (Exim wording) or nullopt.
  std::optional<std::string> define_from_file(std::string_view name, std::string_view value,
                                              bool redefine);

  // Substitutes macros in `line` from offset `from` on. True when any
  // substitution took place (which is what .ifdef tests).
  bool substitute(std::string& line, std::size_t from = 0) const;

  const Macro* find(std::string_view name) const;
  const std::vector<Macro>& all() const { return macros_; }

 private:
  std::vector<Macro> macros_;
  std::size_t first_user_ = 0;  // builtins come first
};

// The names of Corvid's built-in feature macros (without values).
std::vector<std::string> builtin_macro_names();

}  // namespace corvid::config
