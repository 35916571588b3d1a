// Shared table runner for the expansion-operator tests
// (operators_*_test.cpp).
//
// Each row names an operator as written in ${name:...}, its argument and
// what Exim 4.96 gives: the result, or the error message (the text after
// "Failed: "). The expected values were taken from the exim4 binary.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "expand/operators.hpp"
#include "test_context.hpp"

namespace corvid::expand::testing {

struct OpRow {
  std::string_view op;
  std::string_view in;
  bool ok;
  std::string_view want;  // the result, or the error message
};

struct OpOutcome {
  bool found = false;
  bool ok = false;
  TString out;
  std::string error;
};

inline OpOutcome run_operator(std::string_view name, const TString& in,
                              const Context& ctx) {
  OpOutcome r;
  std::string_view suffix;
  const OperatorDef* def = find_operator(name, suffix);
  if (def == nullptr) {
    return r;
  }
  r.found = true;
  r.out.tainted = in.tainted;
  OpCall call{name, suffix, in, r.out, ctx, {}};
  r.ok = def->fn(call);
  r.error = call.error;
  return r;
}

template <size_t N>
void check_rows(const OpRow (&rows)[N]) {
  TestContext ctx;
  for (const OpRow& row : rows) {
    SCOPED_TRACE("${" + std::string(row.op) + ":" + std::string(row.in) + "}");
    OpOutcome r = run_operator(row.op, TString(std::string(row.in)), ctx);
    ASSERT_TRUE(r.found);
    EXPECT_EQ(r.ok, row.ok) << (r.ok ? r.out.text : r.error);
    if (row.ok) {
      EXPECT_EQ(r.out.text, row.want);
    } else {
      EXPECT_EQ(r.error, row.want);
    }
  }
}

}  // namespace corvid::expand::testing
