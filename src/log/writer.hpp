// The Logger: writes rendered events to Exim's main, reject and panic logs.
//
// Promises:
//  - each entry starts with Exim's prefix: "YYYY-MM-DD HH:MM:SS" in local
//    time (TZ / the timezone option, set by the process), ".mmm" with
//    +millisec, " +hhmm" with log_timezone, " [pid]" with +pid, then " ";
//  - files come from log_file_path (log_path.hpp), opened O_APPEND|O_CREAT
//    (mode 0640, the directory is created if missing) on first use and
//    kept open; before each write the name is stat()ed and the file is
//    reopened if it was renamed or removed (inode/device changed) or the
//    %D/%M name rolled over at midnight;
//  - one write(2) per entry (a reject-log entry with its header block is
//    one write), so concurrent writers, threads or processes, never
//    interleave within an entry; a mutex makes a Logger thread-safe;
//  - "syslog" entries go through a SyslogSink (syslog.hpp);
//  - if a log file cannot be opened, Exim's "Cannot open main log file"
//    text goes to the panic log, and if that fails too, to syslog at
//    LOG_CRIT (as Exim does);
//  - in host-checking mode (-bh) entries go to an fd as "LOG: <text>"
//    without the date, and nothing is written to files.
//
// Cost from an event loop: rendering is a few string appends; writing is
// one stat(2) and one write(2) of a short line into the page cache, under
// a mutex held only for that. No fsync. That is cheap enough to call
// synchronously from a session coroutine; only a stalled disk would block,
// and then the spool write that follows would block anyway.
//
// Callers: app (builds one Logger from the Config), every module that logs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "config/config.hpp"
#include "log/line.hpp"
#include "log/log_path.hpp"
#include "log/selector.hpp"
#include "log/syslog.hpp"

namespace corvid::log {

struct LoggerOptions {
  LogDestinations destinations;
  Selector selector;
  bool log_timezone = false;
  bool write_rejectlog = true;
  SyslogOptions syslog;
  pid_t pid = 0;  // 0: getpid() at construction
  // Clock for timestamps and datestamped names (tests replace it).
  std::function<std::chrono::system_clock::time_point()> clock;
  // >= 0: host-checking mode, "LOG: " lines to this fd, no files.
  int echo_fd = -1;
};

// Options from the main configuration: log_file_path (expanded by the
// caller if it holds "$": pass the expanded text in `expanded_path`),
// log_selector, log_timezone, write_rejectlog, syslog_*. The error is
// Exim's text ("unknown log_selector setting: +foo").
std::variant<LoggerOptions, std::string> options_from_config(
    const config::Config& config, std::optional<std::string> expanded_path = std::nullopt);

class Logger {
 public:
  explicit Logger(LoggerOptions options, std::unique_ptr<SyslogSink> syslog = nullptr);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  const Selector& selector() const { return opts_.selector; }

  // Renders `event` with this Logger's selector and writes it (if the
  // selector lets it through). Returns whether anything was written.
  template <class Event>
  bool log(const Event& event) {
    auto line = event.render(opts_.selector);
    if (!line) {
      return false;
    }
    write(*line);
    return true;
  }

  // The same, with `message_id` in front unless the line has it already:
  // after a message is accepted, Exim starts every later line of the
  // session with that message's id.
  template <class Event>
  bool log(const Event& event, const std::string& message_id) {
    auto line = event.render(opts_.selector);
    if (!line) {
      return false;
    }
    if (!message_id.empty() && line->text.compare(0, message_id.size(), message_id) != 0) {
      line->text = message_id + " " + line->text;
    }
    write(*line);
    return true;
  }

  void write(const Line& line);
  // The prefix an entry written now would get ("2026-11-22 03:47:15 ").
  std::string prefix() const;
  // Closes every file (they reopen on the next write); e.g. after fork.
  void close_all();

 private:
  struct OpenFile {
    int fd = -1;
    std::string name;
    dev_t dev = 0;
    ino_t ino = 0;
  };
  std::string prefix_at(std::chrono::system_clock::time_point now) const;
  bool append(LogKind kind, const std::string& prefix, const std::string& body, const std::tm& day);
  bool ensure_open(OpenFile& f, const std::string& name);
  void to_syslog(LogKind kind, const std::string& prefix, const std::string& entry);
  void write_files(const Line& line, const std::string& pfx, const std::tm& day);

  LoggerOptions opts_;
  std::unique_ptr<SyslogSink> syslog_;
  mutable std::mutex mu_;
  OpenFile files_[3];
};

}  // namespace corvid::log
