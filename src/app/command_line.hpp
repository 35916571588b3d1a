// The parsed command line, with Exim's option letters.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corvid::app {

struct CommandLine {
  std::string config_file;  // -C FILE; empty means the compiled-in path
  bool config_given = false;
  std::vector<std::pair<std::string, std::string>> macros;  // -D NAME[=value]
  std::string mode;               // "-be", "-bP", "-bV", ... (empty: none given)
  std::vector<std::string> args;  // the arguments after the options
  // Valued -o options: "oX" (-oX ports/interfaces), "oP" (pid file),
  // "oMa"/"oMi" (-bs: the remote/local address to pretend), ...
  std::map<std::string, std::string> o_options;
  // Local submission (-bm, the default when addresses are given; -t):
  bool extract_recipients = false;     // -t
  bool dot_ends_message = true;        // cleared by -i, -oi, -oitrue
  std::optional<std::string> sender;   // -f / -r ("" for <>)
  std::optional<std::string> full_name;  // -F
  std::string delivery_mode;           // -odi, -odb, -odq, -odf (recorded)
  std::string queue_interval;          // -q<time> with -bd: "30m"
  std::string error_mode;              // -oem, -oep, -oeq, -oew, -oee
  // -R / -S: a queue run for the messages with an undelivered recipient
  // (-R) or a sender (-S) that contains `text` (case-independently) or,
  // with the r flag, matches it as a regular expression. The first
  // selected message is forced; with f all of them, with ff frozen ones
  // too.
  struct Selection {
    std::string text;
    bool regex = false;
    int force = 0;  // 1: f, 2: ff
  };
  std::optional<Selection> select_recipient, select_sender;
  // The original argument vector (null-terminated), for re-executing the
  // daemon on SIGHUP.
  std::vector<char*> argv;
};

// Parses argv. On a usage error returns false with `error` set.
bool parse_command_line(int argc, char** argv, CommandLine& cl, std::string& error);

}  // namespace corvid::app
