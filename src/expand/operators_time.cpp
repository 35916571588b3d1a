// Time operators: time_eval ("2d4h5m" -> seconds) and time_interval
// (seconds -> "1w3d4h2m6s").
//
// Both use C int arithmetic, as Exim's readconf_readtime() and
// readconf_printtime() do: a number too big for an int is truncated to 32
// bits, products wrap, and a negative total is an error for time_eval but
// is printed with a leading '-' by time_interval. Results are built from
// numbers and so are not tainted.
#include <cstdint>
#include <limits>
#include <string>

#include "expand/op_util.hpp"
#include "expand/operators.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

// sscanf("%d") of a run of digits: strtol() clamped to a long, then cut to
// an int.
int32_t scan_int(std::string_view s, size_t& used) {
  op::Parsed p = op::c_strtol10(s);
  used = p.used;
  return static_cast<int32_t>(static_cast<uint32_t>(p.value));
}

// readconf_readtime(s, 0, FALSE): -1 when `s` is not a time interval.
int32_t read_time(std::string_view s) {
  uint32_t total = 0;
  size_t i = 0;
  do {
    if (i >= s.size() || !util::is_digit(s[i])) {
      return -1;
    }
    size_t used = 0;
    auto value = static_cast<uint32_t>(scan_int(s.substr(i), used));
    i += used;
    char unit = i < s.size() ? s[i] : '\0';
    switch (unit) {
      case 'w': value *= 7; [[fallthrough]];
      case 'd': value *= 24; [[fallthrough]];
      case 'h': value *= 60; [[fallthrough]];
      case 'm': value *= 60; [[fallthrough]];
      case 's': ++i; break;
      default: return -1;
    }
    total += value;
  } while (i < s.size());
  return static_cast<int32_t>(total);
}

bool op_time_eval(OpCall& call) {
  int32_t n = read_time(call.in.text);
  if (n < 0) {
    call.error = "string \"" + call.in.text + "\" is not an Exim time interval in \"" +
                 std::string(call.name) + "\" operator";
    return false;
  }
  call.out.text = std::to_string(n);
  call.out.tainted = false;
  return true;
}

// readconf_printtime().
std::string print_time(int32_t t) {
  if (t == std::numeric_limits<int32_t>::min()) {
    // Exim negates INT_MIN in int arithmetic; what the binary prints is this.
    return "-5d3h14m8s";
  }
  std::string out;
  if (t < 0) {
    out.push_back('-');
    t = -t;
  }
  int32_t s = t % 60;
  t /= 60;
  int32_t m = t % 60;
  t /= 60;
  int32_t h = t % 24;
  t /= 24;
  int32_t d = t % 7;
  int32_t w = t / 7;
  if (w > 0) out += std::to_string(w) + "w";
  if (d > 0) out += std::to_string(d) + "d";
  if (h > 0) out += std::to_string(h) + "h";
  if (m > 0) out += std::to_string(m) + "m";
  if (s > 0 || out.empty()) out += std::to_string(s) + "s";
  return out;
}

bool op_time_interval(OpCall& call) {
  size_t used = 0;
  int32_t n = op::read_int_digits(call.in.text, used);
  if (used != call.in.text.size()) {
    call.error = "string \"" + call.in.text + "\" is not a positive number in \"" +
                 std::string(call.name) + "\" operator";
    return false;
  }
  call.out.text = print_time(n);
  call.out.tainted = false;
  return true;
}

constexpr OperatorDef kTable[] = {
    {"time_eval", op_time_eval, false},
    {"time_interval", op_time_interval, false},
};

}  // namespace

std::span<const OperatorDef> time_operators() { return kTable; }

}  // namespace corvid::expand
