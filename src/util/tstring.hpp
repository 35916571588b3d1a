// A string value that carries Exim's taint mark.
//
// Exim 4.96 marks every value that came from outside (SMTP input, headers,
// lookups keyed on such input) as tainted; the mark follows the value through
// expansions and a tainted value is refused where a file name, directory or
// command is built from it. Corvid carries the mark as one bool beside the
// text: concatenating two values taints the result if either part was
// tainted.
#pragma once

#include <string>
#include <string_view>

namespace corvid {

struct TString {
  std::string text;
  bool tainted = false;

  TString() = default;
  TString(std::string t, bool taint = false) : text(std::move(t)), tainted(taint) {}

  void append(const TString& other) {
    text += other.text;
    tainted = tainted || other.tainted;
  }
  // Untainted text (a literal, a number...).
  void append(std::string_view s) { text.append(s); }
  void append(const std::string& s) { text.append(s); }
  void append(const char* s) { text.append(s); }
  void clear() {
    text.clear();
    tainted = false;
  }
  bool operator==(const TString&) const = default;
};

}  // namespace corvid
