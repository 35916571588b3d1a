// A small PCRE2 wrapper shared by the lookups (wildlsearch keys) and the
// list matchers ("^regex" items).
//
// Promises: patterns are compiled once and cached by (pattern, caseless);
// the cache and compiled patterns are safe to use from several threads
// (match data is per call). Compile errors come back as Exim words them:
// "<message> at offset <n> while compiling <pattern>".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::lookup {

class Regex {
 public:
  // nullptr with `error` set when the pattern does not compile.
  static std::shared_ptr<const Regex> compile(std::string_view pattern, bool caseless,
                                              std::string& error);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // True on a match; `captures` (if given) receives $0..$n, unset groups as "".
  bool match(std::string_view subject, std::vector<std::string>* captures = nullptr) const;

 private:
  explicit Regex(void* code) : code_(code) {}
  void* code_;  // pcre2_code_8*
};

}  // namespace corvid::lookup
