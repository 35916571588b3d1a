// The Logger; see writer.hpp for what it promises.
#include "log/writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace corvid::log {
namespace {

std::tm local_day(std::chrono::system_clock::time_point now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  return tm;
}

// "2026-11-22 03:47:15[.123][ +0000]"
std::string date_part(std::chrono::system_clock::time_point now, const std::tm& tm,
                      const LoggerOptions& o) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out(buf, std::size_t(n));
  if (o.selector.has(Sel::millisec)) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
    std::snprintf(buf, sizeof buf, ".%03d", int(ms.count()));
    out += buf;
  }
  if (o.log_timezone) {
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;
    std::snprintf(buf, sizeof buf, " %c%02ld%02ld", sign, off / 60, off % 60);
    out += buf;
  }
  return out;
}

std::string pid_part(const LoggerOptions& o) {
  return o.selector.has(Sel::pid) ? "[" + std::to_string(o.pid) + "] " : std::string();
}

// write(2) until done or a real error; one call in practice.
bool write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    done += std::size_t(n);
  }
  return true;
}

int open_append(const std::string& name) {
  const int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY;
  int fd = ::open(name.c_str(), flags, 0640);
  if (fd < 0 && errno == ENOENT) {
    auto slash = name.rfind('/');
    if (slash != std::string::npos && slash > 0) {
      ::mkdir(name.substr(0, slash).c_str(), 0750);
      fd = ::open(name.c_str(), flags, 0640);
    }
  }
  return fd;
}

constexpr LogKind kKinds[] = {LogKind::main, LogKind::reject, LogKind::panic};
constexpr std::uint8_t kBits[] = {to_main, to_reject, to_panic};

}  // namespace

std::variant<LoggerOptions, std::string> options_from_config(
    const config::Config& c, std::optional<std::string> expanded_path) {
  LoggerOptions o;
  auto sel = Selector::parse(c.string_option("log_selector").value_or(""));
  if (auto* err = std::get_if<SelectorError>(&sel)) {
    return err->message;
  }
  o.selector = std::get<Selector>(sel);
  std::optional<std::string> path =
      expanded_path ? expanded_path : c.string_option("log_file_path");
  auto dest = parse_log_file_path(path, c.string_option("spool_directory").value_or(""));
  if (auto* err = std::get_if<std::string>(&dest)) {
    return *err;
  }
  o.destinations = std::get<LogDestinations>(dest);
  o.log_timezone = c.bool_option("log_timezone").value_or(false);
  o.write_rejectlog = c.bool_option("write_rejectlog").value_or(true);
  if (auto f = c.string_option("syslog_facility")) {
    auto code = parse_syslog_facility(*f);
    if (auto* err = std::get_if<std::string>(&code)) {
      return *err;
    }
    o.syslog.facility = std::get<int>(code);
  }
  o.syslog.ident = c.string_option("syslog_processname").value_or("exim");
  o.syslog.pid = c.bool_option("syslog_pid").value_or(true);
  o.syslog.timestamp = c.bool_option("syslog_timestamp").value_or(true);
  o.syslog.duplication = c.bool_option("syslog_duplication").value_or(true);
  return o;
}

Logger::Logger(LoggerOptions options, std::unique_ptr<SyslogSink> syslog)
    : opts_(std::move(options)), syslog_(std::move(syslog)) {
  if (opts_.pid == 0) {
    opts_.pid = ::getpid();
  }
  if (!opts_.clock) {
    opts_.clock = [] { return std::chrono::system_clock::now(); };
  }
  if (opts_.destinations.syslog && !syslog_) {
    syslog_ = make_system_syslog(opts_.syslog);
  }
  if (!opts_.destinations.warning.empty()) {
    write(Line{opts_.destinations.warning, to_main | to_panic, {}});
  }
}

Logger::~Logger() { close_all(); }

void Logger::close_all() {
  std::lock_guard lock(mu_);
  for (auto& f : files_) {
    if (f.fd >= 0) {
      ::close(f.fd);
    }
    f = OpenFile{};
  }
}

std::string Logger::prefix_at(std::chrono::system_clock::time_point now) const {
  return date_part(now, local_day(now), opts_) + " " + pid_part(opts_);
}

std::string Logger::prefix() const { return prefix_at(opts_.clock()); }

bool Logger::ensure_open(OpenFile& f, const std::string& name) {
  struct stat st {};
  if (f.fd >= 0 && f.name == name && ::stat(name.c_str(), &st) == 0 && st.st_ino == f.ino &&
      st.st_dev == f.dev) {
    return true;
  }
  if (f.fd >= 0) {
    ::close(f.fd);
    f = OpenFile{};
  }
  int fd = open_append(name);
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    if (fd >= 0) {
      ::close(fd);
    }
    return false;
  }
  f = OpenFile{fd, name, st.st_dev, st.st_ino};
  return true;
}

bool Logger::append(LogKind kind, const std::string& prefix, const std::string& body,
                    const std::tm& day) {
  const std::string entry = prefix + body;
  OpenFile& f = files_[static_cast<int>(kind)];
  const std::string name = log_file_name(*opts_.destinations.file_pattern, kind, day);
  if (ensure_open(f, name) && write_all(f.fd, entry)) {
    return true;
  }
  int err = errno;
  if (kind != LogKind::panic) {
    std::string msg = "Cannot open " + std::string(kind_word(kind)) + " log file \"" + name +
                      "\": " + std::strerror(err) + ": euid=" + std::to_string(::geteuid()) +
                      " egid=" + std::to_string(::getegid()) + "\n";
    if (append(LogKind::panic, prefix, msg, day)) {
      return false;
    }
  }
  if (!syslog_) {
    syslog_ = make_system_syslog(opts_.syslog);
  }
  syslog_->send(LOG_CRIT, entry);
  return false;
}

void Logger::to_syslog(LogKind kind, const std::string& prefix, const std::string& entry) {
  for (const auto& piece : split_for_syslog(prefix + entry)) {
    syslog_->send(syslog_priority(kind), piece);
  }
}

void Logger::write_files(const Line& line, const std::string& date, const std::tm& day) {
  const std::string pid = pid_part(opts_);
  bool syslogged = false;
  for (int i = 2; i >= 0; --i) {  // panic, reject, main: the most severe copy first
    if (!(line.targets & kBits[i]) || (kKinds[i] == LogKind::reject && !opts_.write_rejectlog)) {
      continue;
    }
    std::string entry = line.text + "\n";
    if (kKinds[i] == LogKind::reject) {
      entry += line.reject_extra;
    }
    if (opts_.destinations.file_pattern) {
      append(kKinds[i], date + " " + pid, entry, day);
    }
    if (opts_.destinations.syslog && (opts_.syslog.duplication || !syslogged)) {
      std::string pfx = (opts_.syslog.timestamp ? date + " " : "") + (opts_.syslog.pid ? pid : "");
      to_syslog(kKinds[i], pfx, entry);
      syslogged = true;
    }
  }
}

void Logger::write(const Line& line) {
  if (opts_.echo_fd >= 0) {
    // Exim's -bh drops the date and time from the echoed line but keeps
    // what follows them: "+millisec" leaves its three digits behind.
    std::string ms;
    if (opts_.selector.has(Sel::millisec)) {
      ms = date_part(opts_.clock(), local_day(opts_.clock()), opts_).substr(20, 3) + " ";
    }
    write_all(opts_.echo_fd, "LOG: " + ms + pid_part(opts_) + line.text + "\n");
    return;
  }
  const auto now = opts_.clock();
  const std::tm day = local_day(now);
  const std::string date = date_part(now, day, opts_);
  std::lock_guard lock(mu_);
  write_files(line, date, day);
}

}  // namespace corvid::log
