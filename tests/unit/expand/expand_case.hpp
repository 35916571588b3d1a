// One row of a table-driven expansion test and its check: the string, and
// the result (or, when status is not ok, the error message) Exim 4.96's
// `exim -be` gives for it.
#pragma once

#include <gtest/gtest.h>

#include "expand/expansion.hpp"
#include "test_context.hpp"

namespace corvid::expand::testing {

struct Case {
  const char* input;
  const char* expected;  // result, or the error message when status != ok
  Status status = Status::ok;
};

inline void check_case(const Case& c) {
  TestContext ctx;
  Result r = expand_string(c.input, ctx);
  EXPECT_EQ(r.status, c.status) << c.input << " -> " << r.message;
  if (c.status == Status::ok) {
    EXPECT_EQ(r.value.text, c.expected) << c.input;
  } else {
    EXPECT_EQ(r.message, c.expected) << c.input;
  }
}

}  // namespace corvid::expand::testing
