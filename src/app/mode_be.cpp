// -be: expand each argument, or each line of standard input, and print the
// result (or "Failed: <reason>"), exactly as `exim -be` does.
//
// As in Exim, the configuration's macros are substituted into each string
// before it is expanded, and a string that starts with an upper-case letter
// is instead read as a macro definition ("NAME = value", "NAME == value"):
// a good one prints "Defined macro 'NAME'", a bad one prints nothing on
// standard output and its error on standard error.
#include <iostream>
#include <string>

#include "config/config_context.hpp"
#include "app/be_context.hpp"
#include "app/modes.hpp"
#include "config/macros.hpp"
#include "expand/expansion.hpp"
#include "util/strings.hpp"

namespace corvid::app {

namespace {

std::string render(const expand::Result& r) {
  if (r.ok()) return r.value.text;
  return "Failed: " + r.message;
}

// Reads one logical line: a trailing backslash joins the next line, whose
// leading white space is dropped. Trailing white space is dropped from each
// line, as Exim does.
bool read_logical_line(std::istream& in, std::string& line) {
  line.clear();
  std::string part;
  bool any = false;
  while (std::getline(in, part)) {
    part.erase(part.find_last_not_of(" \t\r\n\f\v") + 1);
    if (any) {
      size_t i = part.find_first_not_of(" \t");
      part = i == std::string::npos ? std::string() : part.substr(i);
    }
    any = true;
    if (!part.empty() && part.back() == '\\') {
      part.pop_back();
      line += part;
      continue;
    }
    line += part;
    return true;
  }
  return any;
}

// Where the name of a macro definition ends ("NAME =" / "NAME=="), so that
// substitution leaves the name being defined alone; 0 if `line` is not one.
size_t definition_name_end(std::string_view line) {
  if (line.empty() || line[0] < 'A' || line[0] > 'Z') return 0;
  size_t i = 0;
  while (i < line.size() && (util::is_alnum(line[i]) || line[i] == '_')) ++i;
  size_t name_end = i;
  while (i < line.size() && util::is_space(line[i])) ++i;
  return i < line.size() && line[i] == '=' ? name_end : 0;
}

// One -be string: a macro definition or an expansion.
class BeLine {
 public:
  BeLine(const expand::Context& ctx, config::MacroTable& macros) : ctx_(ctx), macros_(macros) {}

  void run(std::string line) {
    macros_.substitute(line, definition_name_end(line));
    if (!line.empty() && line[0] >= 'A' && line[0] <= 'Z') {
      define(line);
      return;
    }
    std::cout << render(expand::expand_string(line, ctx_)) << '\n';
  }

 private:
  void define(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && (util::is_alnum(text[i]) || text[i] == '_')) ++i;
    std::string_view name = text.substr(0, i);
    std::string_view rest = util::trim_left(text.substr(i));
    if (rest.empty() || rest[0] != '=') {
      std::cerr << "Exim configuration error:\n  malformed macro definition\n";
      return;
    }
    bool redefine = rest.size() > 1 && rest[1] == '=';
    std::string_view value = util::trim_left(rest.substr(redefine ? 2 : 1));
    if (auto msg = macros_.define_from_file(name, value, redefine)) {
      std::cerr << "Exim configuration error:\n  " << *msg << '\n';
      return;
    }
    std::cout << "Defined macro '" << name << "'\n";
  }

  const expand::Context& ctx_;
  config::MacroTable& macros_;
};

}  // namespace

int run_be(const CommandLine& cl, const Loaded& loaded) {
  const std::shared_ptr<const config::Config>& config = loaded.config;
  config::MacroTable macros = config ? config->macros() : config::MacroTable::with_builtins();
  BeContext ctx(config, loaded.acls);
  BeLine be(ctx, macros);
  if (!cl.args.empty()) {
    for (const std::string& arg : cl.args) {
      be.run(arg);
    }
    return 0;
  }
  std::string line;
  for (;;) {
    std::cout << "> " << std::flush;
    if (!read_logical_line(std::cin, line)) break;
    be.run(line);
  }
  std::cout << '\n';
  return 0;
}

}  // namespace corvid::app
