// log_file_path: where the main, reject and panic logs go.
//
// Promises: parses the colon-separated list as Exim 4.96 does (at most one
// file path plus "syslog"; an empty item means $spool_directory/log/%slog;
// a second file path is ignored with Exim's panic message), and builds the
// file name for a log on a given day: %s -> main/reject/panic, %D ->
// yyyymmdd, %M -> yyyymm, %% -> %. The panic log is never datestamped: %D
// and %M are removed with one neighbouring non-alphanumeric character
// (the one after when the stamp follows a '/', else the one before), so
// /var/log/exim-%s-%D.log gives /var/log/exim-panic.log.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace corvid::log {

enum class LogKind { main, reject, panic };
std::string_view kind_word(LogKind k);  // "main", "reject", "panic"

struct LogDestinations {
  std::optional<std::string> file_pattern;  // nullopt: no log files
  bool syslog = false;
  // Non-empty: the panic-log line Exim writes about the setting
  // ("More than one path given in log_file_path: using ...").
  std::string warning;
};

// `setting` unset (nullopt) or empty gives the default path under
// `spool_directory`. Errors (Corvid's words, Exim only fails at open):
// a file item that is not absolute or has no %s.
std::variant<LogDestinations, std::string> parse_log_file_path(
    std::optional<std::string_view> setting, std::string_view spool_directory);

// The file name of log `kind` for the local date in `day`.
std::string log_file_name(std::string_view pattern, LogKind kind, const std::tm& day);

// True when the pattern contains %D or %M (the name changes at midnight).
bool is_datestamped(std::string_view pattern);

}  // namespace corvid::log
