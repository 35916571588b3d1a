// Public API of the expansion language.
//
// An expansion string is parsed once by compile() into a tree, and the tree
// is evaluated any number of times by expand() against a Context. A syntax
// error found by compile() is kept in the Expansion and reported by every
// expand() of it, with Exim's wording, so that a configuration holding a
// broken expansion that is never used still loads, as it does in Exim.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "expand/context.hpp"
#include "util/tstring.hpp"

namespace corvid::expand {

struct Tree;  // the parsed form (expand/ast.hpp)

class Expansion {
 public:
  Expansion();
  ~Expansion();
  Expansion(Expansion&&) noexcept;
  Expansion& operator=(Expansion&&) noexcept;

  bool ok() const { return !failed_; }
  const std::string& parse_error() const { return error_; }
  const std::string& source() const { return source_; }
  // True when the string has no '$' or '\' at all: expanding it gives the
  // string back unchanged, so callers may skip evaluation.
  bool is_literal() const { return literal_; }
  const Tree* tree() const { return tree_.get(); }

 private:
  friend Expansion compile(std::string_view);
  std::string source_;
  std::string error_;  // may be empty: some of Exim's errors have no text
  bool failed_ = false;
  bool literal_ = false;
  std::unique_ptr<Tree> tree_;
};

Expansion compile(std::string_view text);

enum class Status {
  ok,
  forced_fail,  // the expansion asked to fail ("fail" in ${if}, ${lookup}...)
  error,        // something went wrong; `message` says what
};

struct Result {
  Status status = Status::ok;
  TString value;
  std::string message;
  bool ok() const { return status == Status::ok; }
};

Result expand(const Expansion& expansion, const Context& ctx);

// expand() with the numeric variables $0, $1, ... set beforehand (as a
// match that came before the expansion sets them: rewrite rules).
Result expand(const Expansion& expansion, const Context& ctx, std::vector<TString> numeric);

// compile() + expand() in one step, for strings used once.
Result expand_string(std::string_view text, const Context& ctx);

// expand_string() for callers that only need the text or the reason it
// failed (list expansion, lookup keys): false with `error` set on failure.
bool expand_to(std::string_view text, const Context& ctx, std::string& out, std::string& error);

}  // namespace corvid::expand
