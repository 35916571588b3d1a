#include "app/command_line.hpp"

#include <cctype>
#include <string_view>

namespace corvid::app {

namespace {

// Exim modes that take the rest of the command line as their arguments.
bool is_mode(std::string_view a) {
  return a == "-bm" || a == "-M" || a == "-q" || a == "-qf" || a == "-qff" || a == "-be" || a == "-bP" || a == "-bV" || a == "-bt" || a == "-bv" || a == "-bd" ||
         a == "-bdf" || a == "-bs" || a == "-bh" || a == "-bp" || a == "-bpc" || a == "-bpu" ||
         a == "-bpr" || a == "-bpru" || a == "-bem" || a == "-Mrm" || a == "-Mvh" ||
         a == "-Mvb" || a == "-Mvl" || a == "-Mf" || a == "-Mt" || a == "-Mar" || a == "-Mmd" || a == "-brw" || a == "-brt";
}

}  // namespace

bool parse_command_line(int argc, char** argv, CommandLine& cl, std::string& error) {
  cl.argv.assign(argv, argv + argc);
  cl.argv.push_back(nullptr);
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "-C") {
      if (i + 1 >= argc) {
        error = "-C must be followed by a file name";
        return false;
      }
      cl.config_file = argv[++i];
      cl.config_given = true;
    } else if (a.starts_with("-C") && a.size() > 2) {
      cl.config_file = a.substr(2);
      cl.config_given = true;
    } else if (a.starts_with("-D")) {
      std::string_view def = a.substr(2);
      if (def.empty()) {
        if (i + 1 >= argc) {
          error = "-D must be followed by a macro definition";
          return false;
        }
        def = argv[++i];
      }
      size_t eq = def.find('=');
      if (eq == std::string_view::npos) {
        cl.macros.emplace_back(std::string(def), "");
      } else {
        cl.macros.emplace_back(std::string(def.substr(0, eq)), std::string(def.substr(eq + 1)));
      }
    } else if (a == "-oX" || a == "-oP" || a == "-oMa" || a == "-oMi" || a == "-oMr" ||
               a == "-oMs" || a == "-oMt") {
      if (i + 1 >= argc) {
        error = std::string(a) + " must be followed by a value";
        return false;
      }
      cl.o_options[std::string(a.substr(1))] = argv[++i];
    } else if (a == "-t") {
      cl.extract_recipients = true;
    } else if (a == "-i" || a == "-oi" || a == "-oitrue") {
      cl.dot_ends_message = false;
    } else if (a == "-f" || a == "-r" || a == "-F") {
      if (i + 1 >= argc) {
        error = std::string(a) + " must be followed by a value";
        return false;
      }
      std::string v = argv[++i];
      if (a == "-F") {
        cl.full_name = v;
      } else {
        cl.sender = v == "<>" ? std::string() : v;
      }
    } else if ((a.starts_with("-f") || a.starts_with("-r") || a.starts_with("-F")) &&
               a.size() > 2 && !a.starts_with("-Mr")) {
      std::string v(a.substr(2));
      if (a[1] == 'F') {
        cl.full_name = v;
      } else {
        cl.sender = v == "<>" ? std::string() : v;
      }
    } else if (a == "-odi" || a == "-odb" || a == "-odq" || a == "-odf" || a == "-odqs") {
      cl.delivery_mode = std::string(a.substr(1));
    } else if (a == "-oem" || a == "-oep" || a == "-oeq" || a == "-oew" || a == "-oee") {
      cl.error_mode = std::string(a.substr(1));
    } else if (a.starts_with("-q") && a.size() > 2 && std::isdigit(static_cast<unsigned char>(a[2]))) {
      cl.queue_interval = std::string(a.substr(2));  // the daemon's queue runs
    } else if ((a.starts_with("-R") || a.starts_with("-S")) && a.size() >= 2 && cl.mode != "-bm") {
      // -R[flags] string, -S[flags] string: the flags are r, f, ff (rf,
      // rff); anything else right after -R is the string itself.
      std::string_view rest = a.substr(2);
      CommandLine::Selection sel;
      if (rest.empty() || rest == "f" || rest == "ff" || rest == "r" || rest == "rf" ||
          rest == "rff") {
        if (i + 1 >= argc) {
          error = std::string(a) + " must be followed by a string";
          return false;
        }
        sel.regex = rest.starts_with("r");
        sel.force = static_cast<int>(rest.size() - (sel.regex ? 1 : 0));
        sel.text = argv[++i];
      } else {
        sel.text = std::string(rest);
      }
      (a[1] == 'R' ? cl.select_recipient : cl.select_sender) = sel;
      if (cl.mode.empty()) cl.mode = "-q";
    } else if (is_mode(a) && cl.mode.empty()) {
      cl.mode = std::string(a);
    } else if (a == "--") {
      for (++i; i < argc; ++i) cl.args.emplace_back(argv[i]);
    } else if (!cl.mode.empty() || !a.starts_with("-")) {
      cl.args.emplace_back(a);
    } else if (a == "--version" || a == "-bV") {
      cl.mode = "-bV";
    } else {
      error = "unknown or not yet supported option " + std::string(a);
      return false;
    }
  }
  // Like sendmail: addresses (or -t) alone mean "read a message".
  if (cl.mode.empty() && (cl.extract_recipients || !cl.args.empty())) cl.mode = "-bm";
  return true;
}

}  // namespace corvid::app
