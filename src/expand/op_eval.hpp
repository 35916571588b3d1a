// Integer expression evaluation for ${eval:...} and ${eval10:...}.
//
// Reproduces Exim's evaluator: 64-bit signed arithmetic that wraps on
// overflow (except the "overflow in sum/difference" check Exim makes),
// C operator priorities (unary ~ - +, then * / %, + -, << >>, &, ^, |),
// numbers in decimal, octal (leading 0) or hex (0x) as C's "%lli" reads
// them (decimal only for eval10), with a K/M/G multiplier suffix.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace corvid::expand::op {

struct EvalResult {
  bool ok = false;
  int64_t value = 0;
  std::string error;  // the full Exim message when !ok
};

EvalResult eval_expression(std::string_view text, bool decimal_only);

}  // namespace corvid::expand::op
