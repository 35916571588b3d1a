// Configuration macros; see macros.hpp.
#include "config/macros.hpp"

#include "config/load_error.hpp"
#include "util/strings.hpp"

namespace corvid::config {

std::string LoadError::render() const {
  std::string out = "Exim configuration error";
  if (line > 0) {
    out += " in line " + std::to_string(line) + " of " + file;
  }
  return out + ":\n  " + message;
}

MacroTable MacroTable::with_builtins() {
  MacroTable t;
  for (auto& name : builtin_macro_names()) {
    t.add_builtin(std::move(name));
  }
  return t;
}

void MacroTable::add_builtin(std::string name, std::string value) {
  macros_.insert(macros_.begin() + std::ptrdiff_t(first_user_),
                 Macro{std::move(name), std::move(value), Macro::Origin::builtin});
  ++first_user_;
}

std::optional<std::string> MacroTable::define_command_line(std::string_view name,
                                                           std::string_view value) {
  bool ok = !name.empty() && util::is_alpha(name[0]);
  for (char c : name) {
    ok = ok && (util::is_alnum(c) || c == '_');
  }
  if (!ok) {
    return "-D must be followed by a macro name: " + std::string(name);
  }
  for (Macro& m : macros_) {
    if (m.origin != Macro::Origin::builtin && m.name == name) {
      m.value.assign(util::trim(value));
      return std::nullopt;
    }
  }
  macros_.push_back(
      Macro{std::string(name), std::string(util::trim(value)), Macro::Origin::command_line});
  return std::nullopt;
}

std::optional<std::string> MacroTable::define_from_file(std::string_view name,
                                                        std::string_view value, bool redefine) {
  for (std::size_t i = first_user_; i < macros_.size(); ++i) {
    Macro& m = macros_[i];
    if (m.name == name) {
      if (m.origin == Macro::Origin::command_line) {
        return std::nullopt;  // -D wins over the file
      }
      if (!redefine) {
        return "macro \"" + std::string(name) +
               "\" is already defined (use \"==\" if you want to redefine it)";
      }
      m.value.assign(value);
      return std::nullopt;
    }
  }
  if (redefine) {
    return "can't redefine an undefined macro \"" + std::string(name) + "\"";
  }
  for (std::size_t i = first_user_; i < macros_.size(); ++i) {
    if (name.find(macros_[i].name) != std::string_view::npos) {
      return "\"" + std::string(name) + "\" cannot be defined as a macro because previously " +
             "defined macro \"" + macros_[i].name + "\" is a substring";
    }
  }
  macros_.push_back(Macro{std::string(name), std::string(value), Macro::Origin::file});
  return std::nullopt;
}

bool MacroTable::substitute(std::string& line, std::size_t from) const {
  bool changed = false;
  bool has_underscore = line.find('_', from) != std::string::npos;
  for (std::size_t i = has_underscore ? 0 : first_user_; i < macros_.size(); ++i) {
    const Macro& m = macros_[i];
    std::size_t pos = line.find(m.name, from);
    while (pos != std::string::npos) {
      line.replace(pos, m.name.size(), m.value);
      changed = true;
      pos = line.find(m.name, pos + m.value.size());
    }
  }
  return changed;
}

const Macro* MacroTable::find(std::string_view name) const {
  for (const Macro& m : macros_) {
    if (m.name == name) {
      return &m;
    }
  }
  return nullptr;
}

}  // namespace corvid::config
