// Integer expression evaluation for ${eval} and ${eval10}; see op_eval.hpp.
//
// One recursive-descent function per priority level, all sharing one
// cursor. An error stops evaluation; the message then quotes the text
// consumed so far, as Exim's does ("after processing ...").
#include "expand/op_eval.hpp"

#include <limits>

#include "expand/op_util.hpp"

namespace corvid::expand::op {

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

int64_t wrap_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
int64_t wrap_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t wrap_sub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}

class Evaluator {
 public:
  Evaluator(std::string_view text, bool decimal) : s_(text), decimal_(decimal) {}

  EvalResult run() {
    EvalResult r;
    r.value = expr(false);
    if (error_ == nullptr) {
      r.ok = true;
      return r;
    }
    r.error = std::string("error in expression evaluation: ") + error_ + " (after processing \"" +
              std::string(s_.substr(0, pos_)) + "\")";
    return r;
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  char peek2() const { return pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0'; }
  void skip_space() {
    while (pos_ < s_.size() && c_isspace(static_cast<unsigned char>(s_[pos_]))) {
      ++pos_;
    }
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  int64_t expr(bool endket) {
    int64_t x = op_or();
    if (error_ != nullptr) {
      return x;
    }
    if (endket) {
      if (peek() != ')') {
        error_ = "expecting closing parenthesis";
      } else {
        ++pos_;
        skip_space();
      }
    } else if (pos_ < s_.size()) {
      error_ = "expecting operator";
    }
    return x;
  }

  int64_t op_or() {
    int64_t x = op_xor();
    while (error_ == nullptr && peek() == '|') {
      ++pos_;
      int64_t y = op_xor();
      x |= y;
    }
    return x;
  }

  int64_t op_xor() {
    int64_t x = op_and();
    while (error_ == nullptr && peek() == '^') {
      ++pos_;
      int64_t y = op_and();
      x ^= y;
    }
    return x;
  }

  int64_t op_and() {
    int64_t x = op_shift();
    while (error_ == nullptr && peek() == '&') {
      ++pos_;
      int64_t y = op_shift();
      x &= y;
    }
    return x;
  }

  int64_t op_shift() {
    int64_t x = op_sum();
    while (error_ == nullptr && (peek() == '<' || peek() == '>') && peek2() == peek()) {
      char op = peek();
      pos_ += 2;
      int64_t y = op_sum();
      if (error_ != nullptr) {
        break;
      }
      unsigned count = static_cast<unsigned>(y) & 63;  // as the x86 shift does
      x = op == '<' ? static_cast<int64_t>(static_cast<uint64_t>(x) << count) : x >> count;
    }
    return x;
  }

  int64_t op_sum() {
    int64_t x = op_mult();
    while (error_ == nullptr && (peek() == '+' || peek() == '-')) {
      char op = s_[pos_++];
      int64_t y = op_mult();
      if (error_ != nullptr) {
        break;
      }
      // Exim's deliberately conservative check (it tests x twice).
      if (x >= kMax / 2 || (x <= -(kMax / 2) && y <= -(kMax / 2))) {
        error_ = op == '+' ? "overflow in sum" : "overflow in difference";
        break;
      }
      x = op == '+' ? wrap_add(x, y) : wrap_sub(x, y);
    }
    return x;
  }

  int64_t op_mult() {
    int64_t x = op_unary();
    while (error_ == nullptr && (peek() == '*' || peek() == '/' || peek() == '%')) {
      char op = s_[pos_++];
      int64_t y = op_unary();
      if (error_ != nullptr) {
        break;
      }
      if (op == '*') {
        x = wrap_mul(x, y);
      } else if (y == 0) {
        error_ = op == '/' ? "divide by zero" : "modulo by zero";
        break;
      } else if (y == -1 && x == kMin) {
        x = kMax;
      } else {
        x = op == '/' ? x / y : x % y;
      }
    }
    return x;
  }

  int64_t op_unary() {
    skip_space();
    char c = peek();
    if (c == '+' || c == '-' || c == '~') {
      ++pos_;
      int64_t x = op_unary();
      if (c == '-') {
        return wrap_sub(0, x);
      }
      return c == '~' ? ~x : x;
    }
    return number();
  }

  int64_t number() {
    skip_space();
    char c = peek();
    if (c == '(') {
      ++pos_;
      return expr(true);
    }
    if (!is_digit(c)) {
      error_ = "expecting number or opening parenthesis";
      return 0;
    }
    int64_t n = scan_number();
    switch (peek()) {
      case 'k': case 'K': n = wrap_mul(n, 1024); ++pos_; break;
      case 'm': case 'M': n = wrap_mul(n, 1024 * 1024); ++pos_; break;
      case 'g': case 'G': n = wrap_mul(n, 1024 * 1024 * 1024); ++pos_; break;
      default: break;
    }
    skip_space();
    return n;
  }

  // sscanf "%lli" (or "%lld" for eval10) at a digit; clamps to INT64_MAX.
  int64_t scan_number() {
    unsigned base = 10;
    if (!decimal_ && peek() == '0') {
      char x = peek2();
      if (x == 'x' || x == 'X') {
        base = 16;
        pos_ += 2;
      } else {
        base = 8;
      }
    }
    uint64_t v = 0;
    bool overflow = false;
    for (;;) {
      int d = digit_value(peek(), base);
      if (d < 0) {
        break;
      }
      if (v > (static_cast<uint64_t>(kMax) - static_cast<uint64_t>(d)) / base) {
        overflow = true;
      } else {
        v = v * base + static_cast<uint64_t>(d);
      }
      ++pos_;
    }
    return overflow ? kMax : static_cast<int64_t>(v);
  }

  static int digit_value(char c, unsigned base) {
    int d = -1;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    }
    return d >= 0 && static_cast<unsigned>(d) < base ? d : -1;
  }

  std::string_view s_;
  bool decimal_;
  size_t pos_ = 0;
  const char* error_ = nullptr;
};

}  // namespace

EvalResult eval_expression(std::string_view text, bool decimal_only) {
  return Evaluator(text, decimal_only).run();
}

}  // namespace corvid::expand::op
