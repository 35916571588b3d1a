// A message as text (LF line ends) split into its header lines and body,
// and the line-end conversion that gets it there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corvid::message {

// Header lines (continuations joined, each ending in '\n') and the body.
// Headers end at the first empty line (which is dropped) or at the first
// line that is not a header line (which starts the body).
void split_message(const std::string& text, std::vector<std::string>& headers,
                   std::string& body);

// CRLF -> LF (a lone CR stays).
std::string crlf_to_lf(std::string_view in);

}  // namespace corvid::message
