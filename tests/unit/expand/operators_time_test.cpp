// Time operators (time_eval, time_interval): table of cases checked against
// the Exim 4.96 binary.
#include "operators_test_support.hpp"

namespace corvid::expand::testing {
namespace {

// clang-format off
const OpRow kRows[] = {
    {"time_eval", "2d4h5m", true, "187500"},
    {"time_eval", "", false, "string \"\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "10", false, "string \"10\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "1w", true, "604800"},
    {"time_eval", "1x", false, "string \"1x\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", " 1s", false, "string \" 1s\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "1s ", false, "string \"1s \" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "1h1h", true, "7200"},
    {"time_eval", "-1s", false, "string \"-1s\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "99999999999w", true, "1408943488"},
    {"time_eval", "1.5s", false, "string \"1.5s\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "s", false, "string \"s\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "2147483647s", true, "2147483647"},
    {"time_eval", "2147483648s", false, "string \"2147483648s\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "1m2", false, "string \"1m2\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "0s", true, "0"},
    {"time_eval", "00001s", true, "1"},
    {"time_eval", "1S", false, "string \"1S\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "9999999999999999999999s", false, "string \"9999999999999999999999s\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "2147483647s1s", false, "string \"2147483647s1s\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "+1s", false, "string \"+1s\" is not an Exim time interval in \"time_eval\" operator"},
    {"time_eval", "3000w", true, "1814400000"},
    {"time_interval", "0", true, "0s"},
    {"time_interval", "1", true, "1s"},
    {"time_interval", "1000000", true, "1w4d13h46m40s"},
    {"time_interval", "", true, "0s"},
    {"time_interval", "-1", false, "string \"-1\" is not a positive number in \"time_interval\" operator"},
    {"time_interval", "1s", false, "string \"1s\" is not a positive number in \"time_interval\" operator"},
    {"time_interval", "99999999999", true, "2010w1d4h56m31s"},
    {"time_interval", "2147483648", true, "-5d3h14m8s"},
    {"time_interval", " 5", false, "string \" 5\" is not a positive number in \"time_interval\" operator"},
    {"time_interval", "5 ", false, "string \"5 \" is not a positive number in \"time_interval\" operator"},
    {"time_interval", "604800", true, "1w"},
    {"time_interval", "4294967296", true, "0s"},
    {"time_interval", "4294967295", true, "-1s"},
    {"time_interval", "2147483649", true, "-3550w5d3h14m7s"},
    {"time_interval", "3000000000", true, "-2141w1d1h8m16s"},
    {"time_interval", "86400", true, "1d"},
    {"time_interval", "3661", true, "1h1m1s"},
};
// clang-format on

TEST(OperatorsTime, MatchesExim) { check_rows(kRows); }

}  // namespace
}  // namespace corvid::expand::testing
