// ACL modifiers: message, log_message, set, add_header, remove_header,
// logwrite, log_reject_target, delay (accumulated, never slept), queue,
// udpsend, continue; "control" is in controls.cpp.
#include "acl/eval.hpp"
#include "util/strings.hpp"

namespace corvid::acl::detail {
namespace {

// Splits an Exim list with the default separator `sep` (a leading "<c"
// changes it); doubled separators stand for one.
std::vector<std::string> split_list(std::string_view s, char sep) {
  s = util::trim(s);
  if (s.size() >= 2 && s[0] == '<' && !util::is_alnum(s[1]) && !util::is_space(s[1])) {
    sep = s[1];
    s = util::trim_left(s.substr(2));
  }
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == sep && i + 1 < s.size() && s[i + 1] == sep) {
      cur.push_back(sep);
      ++i;
    } else if (i == s.size() || s[i] == sep) {
      out.emplace_back(util::trim(cur));
      cur.clear();
    } else {
      cur.push_back(s[i]);
    }
  }
  if (out.size() == 1 && out[0].empty()) {
    out.clear();
  }
  return out;
}

bool valid_header_line(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  for (char c : util::trim_right(line.substr(0, colon))) {
    if (c <= ' ' || c > '~') {
      return false;
    }
  }
  return true;
}

std::pair<HeaderPosition, std::string_view> header_position(std::string_view line) {
  static constexpr std::pair<std::string_view, HeaderPosition> kPrefixes[] = {
      {":at_start:", HeaderPosition::at_start},
      {":after_received:", HeaderPosition::after_received},
      {":at_start_rfc:", HeaderPosition::at_start_rfc},
      {":at_end:", HeaderPosition::at_end}};
  for (const auto& [prefix, pos] : kPrefixes) {
    if (line.starts_with(prefix)) {
      return {pos, line.substr(prefix.size())};
    }
  }
  return {HeaderPosition::at_end, line};
}

void add_headers(Frame& f, std::string_view text) {
  while (!text.empty() && text.front() == '\n') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  std::vector<std::string> lines;
  for (size_t i = 0; i < text.size(); ++i) {
    bool starts_new = i == 0 || (text[i - 1] == '\n' && text[i] != ' ' && text[i] != '\t');
    if (starts_new) {
      lines.emplace_back();
    } else if (text[i - 1] == '\n') {
      lines.back().push_back('\n');
    }
    if (text[i] != '\n') {
      lines.back().push_back(text[i]);
    }
  }
  for (const std::string& l : lines) {
    auto [pos, body] = header_position(l);
    std::string h(body);
    if (!valid_header_line(h)) {
      h = "X-ACL-Warn: " + h;
    }
    f.effects.add_headers.push_back(AddedHeader{std::move(h), pos});
  }
}

Rc logwrite(Frame& f, std::string_view text) {
  LogTargets targets;
  if (!text.empty() && text[0] == ':') {
    size_t end = text.find(':', 1);
    if (end != std::string_view::npos) {
      targets = LogTargets{false, false, false};
      for (const std::string& name : split_list(text.substr(1, end - 1), ',')) {
        targets.main = targets.main || name == "main";
        targets.reject = targets.reject || name == "reject";
        targets.panic = targets.panic || name == "panic";
      }
      text = util::trim_left(text.substr(end + 1));
    }
  }
  f.session.log_write(text, targets, false);
  return Rc::ok;
}

Rc log_reject_target(Frame& f, std::string_view text) {
  LogTargets targets{false, false, false};
  for (const std::string& name : split_list(text, ':')) {
    if (name == "main") {
      targets.main = true;
    } else if (name == "reject") {
      targets.reject = true;
    } else if (name == "panic") {
      targets.panic = true;
    } else {
      f.session.log_write("unknown log name \"" + name + "\" in \"log_reject_target\" in " +
                              std::string(where_name(f.session.where())) + " ACL",
                          LogTargets{false, false, true}, false);
    }
  }
  f.effects.reject_log = targets;
  return Rc::ok;
}

Rc delay(Frame& f, const std::string& arg) {
  std::optional<long long> secs = parse_time(arg);
  if (!secs) {
    f.log_msg = "syntax error in argument for \"delay\" modifier: \"" + arg +
                "\" is not a time value";
    return Rc::error;
  }
  f.effects.delay += std::chrono::seconds(*secs);
  return Rc::ok;
}

Rc queue(Frame& f, const std::string& arg) {
  if (arg.find('/') != std::string::npos) {
    f.log_msg = "Directory separator not permitted in queue name: '" + arg + "'";
    return Rc::error;
  }
  f.effects.queue = arg;
  return Rc::ok;
}

Rc udpsend(Frame& f, const std::string& arg) {
  std::vector<std::string> parts = split_list(arg, ':');
  if (parts.size() < 2) {
    f.log_msg = "missing destination port in \"udpsend\" modifier";
    return Rc::error;
  }
  int port = std::atoi(parts[1].c_str());
  std::string data;
  for (size_t i = 2; i < parts.size(); ++i) {
    data += (i > 2 ? ":" : "") + parts[i];
  }
  if (!f.session.udp_send(parts[0], port, data)) {
    f.log_msg = "udpsend not yet supported";
    return Rc::defer;
  }
  return Rc::ok;
}

}  // namespace

Rc eval_modifier(Frame& f, const Item& item, const std::string& arg, StatementState& st) {
  switch (item.id()) {
    case Cond::message: st.message = &item; return Rc::ok;
    case Cond::log_message: st.log_message = &item; return Rc::ok;
    case Cond::set:
      f.session.acl_variables().set(item.variable, TString(arg));
      return Rc::ok;
    case Cond::add_header: add_headers(f, arg); return Rc::ok;
    case Cond::remove_header:
      for (std::string& h : split_list(arg, ':')) {
        f.effects.remove_headers.push_back(std::move(h));
      }
      return Rc::ok;
    case Cond::logwrite: return logwrite(f, arg);
    case Cond::log_reject_target: return log_reject_target(f, arg);
    case Cond::delay: return delay(f, arg);
    case Cond::queue: return queue(f, arg);
    case Cond::udpsend: return udpsend(f, arg);
    case Cond::control: return eval_control(f, arg);
    default: return Rc::ok;  // continue, endpass
  }
}

}  // namespace corvid::acl::detail
