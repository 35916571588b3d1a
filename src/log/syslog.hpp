// Sending log lines to syslog(3) the way Exim 4.96 does.
//
// Promises: syslog_facility names as Exim accepts them ("mail", "user",
// "news", "uucp", "daemon", "local0".."local7", caseless, optional "log_"
// prefix) with Exim's error text for others; main -> LOG_INFO, reject ->
// LOG_NOTICE, panic -> LOG_ALERT; an entry with internal newlines or more
// than 870 characters is cut into pieces tagged "[n/m] " (piece ended by
// length or the last) or "[n\m] " (piece ended by a newline), each one
// syslog() call. The sink is an interface so tests can record calls.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "log/log_path.hpp"

namespace corvid::log {

struct SyslogOptions {
  int facility = 0;            // LOG_MAIL unless set
  std::string ident = "exim";  // syslog_processname
  bool pid = true;             // syslog_pid: keep "[pid] " in the text
  bool timestamp = true;       // syslog_timestamp: keep the timestamp
  bool duplication = true;     // syslog_duplication
};

// The facility code for a syslog_facility value, or Exim's error.
std::variant<int, std::string> parse_syslog_facility(std::string_view name);

int syslog_priority(LogKind kind);

// Pieces of one entry as they are handed to syslog(), tags included.
std::vector<std::string> split_for_syslog(std::string_view entry, std::size_t limit = 870);

class SyslogSink {
 public:
  virtual ~SyslogSink() = default;
  virtual void send(int priority, std::string_view piece) = 0;
};

// The real one: openlog(ident, LOG_PID, facility) on first use. openlog is
// process-wide, so one process should have one of these.
std::unique_ptr<SyslogSink> make_system_syslog(const SyslogOptions& opts);

}  // namespace corvid::log
