// log_file_path parsing and file naming; see log_path.hpp.
#include "log/log_path.hpp"

#include <cstdio>
#include <vector>

#include "util/strings.hpp"

namespace corvid::log {

std::string_view kind_word(LogKind k) {
  switch (k) {
    case LogKind::main:
      return "main";
    case LogKind::reject:
      return "reject";
    case LogKind::panic:
      return "panic";
  }
  return "main";
}

namespace {

// Splits on ':' (this option never takes another separator); "::" is a
// literal colon as in every Exim list.
std::vector<std::string> split_colons(std::string_view s) {
  std::vector<std::string> items(1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ':' && i + 1 < s.size() && s[i + 1] == ':') {
      items.back() += ':';
      ++i;
    } else if (s[i] == ':') {
      items.emplace_back();
    } else {
      items.back() += s[i];
    }
  }
  for (auto& i : items) {
    i = std::string(util::trim(i));
  }
  return items;
}

std::optional<std::string> check_file(const std::string& p) {
  if (p.empty() || p[0] != '/') {
    return "log_file_path item \"" + p + "\" is not an absolute path";
  }
  if (p.find("%s") == std::string::npos) {
    return "log_file_path item \"" + p + "\" does not contain %s";
  }
  return std::nullopt;
}

bool is_alnum(char c) { return util::is_alnum(c); }

}  // namespace

std::variant<LogDestinations, std::string> parse_log_file_path(
    std::optional<std::string_view> setting, std::string_view spool_directory) {
  LogDestinations d;
  const std::string fallback = std::string(spool_directory) + "/log/%slog";
  if (!setting || util::trim(*setting).empty()) {
    d.file_pattern = fallback;
    return d;
  }
  for (const std::string& item : split_colons(*setting)) {
    if (item == "syslog") {
      d.syslog = true;
      continue;
    }
    std::string path = item.empty() ? fallback : item;
    if (d.file_pattern) {
      d.warning = "More than one path given in log_file_path: using " + *d.file_pattern;
      continue;
    }
    if (auto err = check_file(path)) {
      return *err;
    }
    d.file_pattern = path;
  }
  return d;
}

bool is_datestamped(std::string_view p) {
  for (std::size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] == '%' && (p[i + 1] == 'D' || p[i + 1] == 'M')) {
      return true;
    }
    if (p[i] == '%') {
      ++i;
    }
  }
  return false;
}

std::string log_file_name(std::string_view p, LogKind kind, const std::tm& day) {
  char date[48];
  std::string out;
  bool drop_next_nonalnum = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (drop_next_nonalnum) {
      drop_next_nonalnum = false;
      if (!is_alnum(c) && c != '%') {
        continue;
      }
    }
    if (c != '%' || i + 1 >= p.size()) {
      out += c;
      continue;
    }
    char k = p[++i];
    if (k == 's') {
      out += kind_word(kind);
    } else if ((k == 'D' || k == 'M') && kind == LogKind::panic) {
      if (!out.empty() && out.back() == '/') {
        drop_next_nonalnum = true;
      } else if (!out.empty() && !is_alnum(out.back())) {
        out.pop_back();
      }
    } else if (k == 'D' || k == 'M') {
      std::snprintf(date, sizeof date, "%04d%02d%02d", day.tm_year + 1900, day.tm_mon + 1,
                    day.tm_mday);
      out += std::string_view(date, k == 'D' ? 8 : 6);
    } else if (k == '%') {
      out += '%';
    } else {
      out += '%';
      out += k;
    }
  }
  return out;
}

}  // namespace corvid::log
