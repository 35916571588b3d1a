// The option tables are searched by name in sorted order: an option put in
// the wrong place becomes "unknown" (it happened once: dsn_from).
#include <gtest/gtest.h>

#include <algorithm>

#include "config/options.hpp"

namespace corvid::config {
namespace {

void expect_sorted(OptionTable table, const std::string& what) {
  for (size_t i = 1; i < table.size(); ++i) {
    EXPECT_LT(table[i - 1].name, table[i].name) << what << ": " << table[i - 1].name
                                                << " comes before " << table[i].name;
  }
}

TEST(OptionTables, EveryTableIsInNameOrder) {
  expect_sorted(main_options(), "main");
  for (DriverKind kind : {DriverKind::router, DriverKind::transport, DriverKind::authenticator}) {
    expect_sorted(generic_options(kind), std::string(kind_name(kind)) + " generic");
    for (const DriverInfo& d : drivers(kind)) {
      expect_sorted(d.options, std::string(kind_name(kind)) + " " + std::string(d.name));
    }
  }
}

}  // namespace
}  // namespace corvid::config
