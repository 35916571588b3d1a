#include "smtp/proto/reply.hpp"

namespace corvid::smtp::proto {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos || nl + 1 == text.size()) {
      break;
    }
    text.remove_prefix(nl + 1);
  }
  return lines;
}

void append_line(std::string& out, int code, bool last, std::string_view enhanced,
                 std::string_view line) {
  out += std::to_string(code);
  out += last ? ' ' : '-';
  if (!enhanced.empty()) {
    out.append(enhanced);
    out += ' ';
  }
  for (char c : line) {
    if (c != '\r') {
      out += c;
    }
  }
  out += "\r\n";
}

}  // namespace

std::string format_reply(int code, std::string_view text, std::string_view enhanced) {
  std::vector<std::string_view> lines = split_lines(text);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    append_line(out, code, i + 1 == lines.size(), enhanced, lines[i]);
  }
  return out;
}

std::string format_ehlo(const EhloFeatures& f) {
  std::string text = f.greeting;
  auto add = [&text](bool on, std::string_view line) {
    if (on) {
      text += '\n';
      text.append(line);
    }
  };
  add(f.size, f.size_limit > 0 ? "SIZE " + std::to_string(f.size_limit) : std::string("SIZE"));
  add(f.eight_bit_mime, "8BITMIME");
  add(f.dsn, "DSN");
  add(f.etrn, "ETRN");
  add(f.vrfy, "VRFY");
  add(f.expn, "EXPN");
  add(f.pipelining, "PIPELINING");
  add(f.pipe_connect, "PIPECONNECT");
  std::string auth = "AUTH";
  for (const std::string& m : f.auth_mechanisms) {
    auth += ' ' + m;
  }
  add(!f.auth_mechanisms.empty(), auth);
  add(f.chunking, "CHUNKING");
  add(f.starttls, "STARTTLS");
  add(f.prdr, "PRDR");
  add(f.smtputf8, "SMTPUTF8");
  add(true, "HELP");
  return format_reply(250, text);
}

}  // namespace corvid::smtp::proto
