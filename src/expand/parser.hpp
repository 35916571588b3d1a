// Parser for expansion strings: text in, Tree (expand/ast.hpp) out.
//
// Sans-I/O and without side effects: it reads the string once, checks the
// syntax the way Exim 4.96 does, and reports the first syntax error with
// Exim's wording. Semantic checks that depend on values (is this argument a
// number? does this variable exist?) are left to the evaluator, because
// Exim makes them only when the part is actually expanded.
#pragma once

#include <string>
#include <string_view>

#include "expand/ast.hpp"

namespace corvid::expand {

// Parses `text` into `tree`. Returns false and sets `error` on a syntax
// error.
bool parse_expansion(std::string_view text, Tree& tree, std::string& error);

}  // namespace corvid::expand
