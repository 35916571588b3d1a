// Helpers shared by the config unit tests: load text with an in-memory
// set of include files.
#pragma once

#include <map>
#include <string>

#include "config/config.hpp"

namespace corvid::config::testing {

inline LoadResult load(const std::string& text,
                       const std::map<std::string, std::string>& files = {},
                       const MacroDefs& macros = {}, const std::string& name = "/etc/test.conf") {
  IncludeReader reader = [files](const std::string& path) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end()) {
      return std::nullopt;
    }
    return it->second;
  };
  return load_text(text, name, macros, reader);
}

// The rendered error of a load expected to fail ("" if it loaded).
inline std::string error_of(const std::string& text,
                            const std::map<std::string, std::string>& files = {}) {
  auto r = load(text, files);
  return r ? std::string() : r.error().render();
}

inline std::string main_text(const LoadResult& r, const std::string& name) {
  return r ? r.config()->main_option_text(name).value_or("<unknown>") : r.error().render();
}

}  // namespace corvid::config::testing
