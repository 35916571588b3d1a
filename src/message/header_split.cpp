#include "message/header_split.hpp"

namespace corvid::message {

void split_message(const std::string& text, std::vector<std::string>& headers,
                   std::string& body) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    size_t next = eol == std::string::npos ? text.size() : eol + 1;
    std::string_view line(text.data() + pos, next - pos);
    if (line == "\n") {
      pos = next;
      break;
    }
    bool continuation = !headers.empty() && (line[0] == ' ' || line[0] == '\t');
    size_t colon = line.find(':');
    bool header_line = colon != std::string_view::npos && colon > 0 &&
                       line.substr(0, colon).find_first_of(" \t") == std::string_view::npos;
    if (continuation) {
      headers.back().append(line);
    } else if (header_line) {
      headers.emplace_back(line);
      if (headers.back().back() != '\n') headers.back().push_back('\n');
    } else {
      break;
    }
    pos = next;
  }
  body = text.substr(pos);
}

std::string crlf_to_lf(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') continue;
    out.push_back(in[i]);
  }
  return out;
}

}  // namespace corvid::message
