#include "smtp/proto/command.hpp"

#include <array>

#include "util/strings.hpp"

namespace corvid::smtp::proto {
namespace {

struct Keyword {
  std::string_view text;
  Verb verb;
  bool needs_separator;  // false for "MAIL FROM:" / "RCPT TO:" (the colon ends them)
};

constexpr std::array<Keyword, 16> kKeywords{{
    {"MAIL FROM:", Verb::mail, false},
    {"RCPT TO:", Verb::rcpt, false},
    {"HELO", Verb::helo, true},
    {"EHLO", Verb::ehlo, true},
    {"DATA", Verb::data, true},
    {"BDAT", Verb::bdat, true},
    {"RSET", Verb::rset, true},
    {"NOOP", Verb::noop, true},
    {"QUIT", Verb::quit, true},
    {"VRFY", Verb::vrfy, true},
    {"EXPN", Verb::expn, true},
    {"HELP", Verb::help, true},
    {"ETRN", Verb::etrn, true},
    {"STARTTLS", Verb::starttls, true},
    {"AUTH", Verb::auth, true},
    {"ATRN", Verb::atrn, true},
}};

bool is_white(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_white(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_white(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

Command parse_command(std::string_view line) {
  Command cmd;
  if (line.find('\0') != std::string_view::npos) {
    cmd.contains_nul = true;
    return cmd;
  }
  for (const Keyword& k : kKeywords) {
    if (line.size() < k.text.size() || !util::starts_with_i(line, k.text)) {
      continue;
    }
    std::string_view rest = line.substr(k.text.size());
    if (k.needs_separator && !rest.empty() && !is_white(rest.front())) {
      continue;
    }
    cmd.verb = k.verb;
    cmd.argument = strip(rest);
    return cmd;
  }
  return cmd;
}

std::string_view verb_name(Verb verb) {
  switch (verb) {
    case Verb::mail:
      return "MAIL FROM";
    case Verb::rcpt:
      return "RCPT TO";
    case Verb::unknown:
      return "";
    default:
      break;
  }
  for (const Keyword& k : kKeywords) {
    if (k.verb == verb) {
      return k.text;
    }
  }
  return "";
}

}  // namespace corvid::smtp::proto
