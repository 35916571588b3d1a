// -be: expand each argument, or each line of standard input, and print the
// result (or "Failed: <reason>"), exactly as `exim -be` does.
#include <iostream>
#include <string>

#include "app/config_context.hpp"
#include "app/modes.hpp"
#include "expand/expansion.hpp"

namespace corvid::app {

namespace {

std::string render(const expand::Result& r) {
  if (r.ok()) return r.value.text;
  return "Failed: " + r.message;
}

// Reads one logical line: a trailing backslash joins the next line, whose
// leading white space is dropped.
bool read_logical_line(std::istream& in, std::string& line) {
  line.clear();
  std::string part;
  bool any = false;
  while (std::getline(in, part)) {
    any = true;
    if (!line.empty()) {
      size_t i = part.find_first_not_of(" \t");
      part = i == std::string::npos ? std::string() : part.substr(i);
    }
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

}  // namespace

int run_be(const CommandLine& cl, std::shared_ptr<const config::Config> config) {
  ConfigContext ctx(std::move(config));
  if (!cl.args.empty()) {
    for (const std::string& arg : cl.args) {
      std::cout << render(expand::expand_string(arg, ctx)) << '\n';
    }
    return 0;
  }
  std::string line;
  for (;;) {
    std::cout << "> " << std::flush;
    if (!read_logical_line(std::cin, line)) break;
    std::cout << render(expand::expand_string(line, ctx)) << '\n';
  }
  std::cout << '\n';
  return 0;
}

}  // namespace corvid::app
