// syslog facility names, entry splitting, the syslog(3) sink; see syslog.hpp.
#include "log/syslog.hpp"

#include <syslog.h>

#include <mutex>

#include "util/strings.hpp"

namespace corvid::log {

std::variant<int, std::string> parse_syslog_facility(std::string_view name) {
  static constexpr struct {
    std::string_view name;
    int code;
  } kFacilities[] = {
      {"mail", LOG_MAIL},     {"user", LOG_USER},     {"news", LOG_NEWS},
      {"uucp", LOG_UUCP},     {"daemon", LOG_DAEMON}, {"local0", LOG_LOCAL0},
      {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
      {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6},
      {"local7", LOG_LOCAL7},
  };
  std::string_view n = name;
  if (util::starts_with_i(n, "log_")) {
    n.remove_prefix(4);
  }
  for (const auto& f : kFacilities) {
    if (util::iequals(n, f.name)) {
      return f.code;
    }
  }
  return "failed to interpret syslog_facility \"" + std::string(name) + "\"";
}

int syslog_priority(LogKind kind) {
  switch (kind) {
    case LogKind::main:
      return LOG_INFO;
    case LogKind::reject:
      return LOG_NOTICE;
    case LogKind::panic:
      return LOG_ALERT;
  }
  return LOG_INFO;
}

std::vector<std::string> split_for_syslog(std::string_view entry, std::size_t limit) {
  while (!entry.empty() && entry.back() == '\n') {
    entry.remove_suffix(1);
  }
  struct Piece {
    std::string_view text;
    bool at_newline;
  };
  std::vector<Piece> pieces;
  std::size_t start = 0;
  while (true) {
    std::size_t nl = entry.find('\n', start);
    std::string_view seg = entry.substr(start, nl == std::string_view::npos ? nl : nl - start);
    while (seg.size() > limit) {
      pieces.push_back({seg.substr(0, limit), false});
      seg.remove_prefix(limit);
    }
    pieces.push_back({seg, nl != std::string_view::npos});
    if (nl == std::string_view::npos) {
      break;
    }
    start = nl + 1;
  }
  std::vector<std::string> out;
  if (pieces.size() == 1) {
    out.emplace_back(pieces[0].text);
    return out;
  }
  const std::string total = std::to_string(pieces.size());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    out.push_back("[" + std::to_string(i + 1) + (pieces[i].at_newline ? "\\" : "/") + total + "] " +
                  std::string(pieces[i].text));
  }
  return out;
}

namespace {

class SystemSyslog : public SyslogSink {
 public:
  explicit SystemSyslog(SyslogOptions o) : opts_(std::move(o)) {}
  void send(int priority, std::string_view piece) override {
    std::call_once(opened_, [this] { ::openlog(opts_.ident.c_str(), LOG_PID, opts_.facility); });
    ::syslog(priority, "%.*s", int(piece.size()), piece.data());
  }

 private:
  SyslogOptions opts_;
  std::once_flag opened_;
};

}  // namespace

std::unique_ptr<SyslogSink> make_system_syslog(const SyslogOptions& opts) {
  SyslogOptions o = opts;
  if (o.facility == 0) {
    o.facility = LOG_MAIL;
  }
  return std::make_unique<SystemSyslog>(std::move(o));
}

}  // namespace corvid::log
