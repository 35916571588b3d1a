// A read position in a spool file's bytes (internal to spool/): whole
// lines and counted byte runs, never reading past the end.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace corvid::spool::detail {

class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}

  // The next line without its "\n"; nullopt at the end or when the last
  // line has no "\n" (a file cut short).
  std::optional<std::string_view> line() {
    std::size_t nl = bytes_.find('\n', pos_);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view l = bytes_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    ++line_number_;
    return l;
  }
  // The next line without consuming it.
  std::optional<std::string_view> peek_line() const {
    Cursor copy = *this;
    return copy.line();
  }
  // The next `n` bytes exactly; nullopt if fewer remain.
  std::optional<std::string_view> take(std::size_t n) {
    if (bytes_.size() - pos_ < n) return std::nullopt;
    std::string_view s = bytes_.substr(pos_, n);
    pos_ += n;
    for (char c : s) line_number_ += c == '\n' ? 1 : 0;
    return s;
  }
  bool at_end() const { return pos_ >= bytes_.size(); }
  int line_number() const { return line_number_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  int line_number_ = 0;
};

}  // namespace corvid::spool::detail
