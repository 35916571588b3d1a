// Helpers for the spool unit tests: a temporary directory per test, and a
// real Exim 4.96 spool written at run time (exim4 -C <conf> -odq / -bs),
// skipped when exim4 is missing or the tests do not run as root.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace corvid::spool::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "corvid-spool-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void spit(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline std::string exim_path() {
  for (const char* p : {"/usr/sbin/exim4", "/usr/sbin/exim"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return "";
}

// Why exim4 cannot be used here ("" when it can).
inline std::string exim_unavailable() {
  if (exim_path().empty()) return "exim4 is not installed";
  if (::geteuid() != 0) return "exim4 -C keeps its privileges only for root";
  return "";
}

// A config for a private Exim spool under `dir`; extra main options appended.
inline std::filesystem::path write_exim_config(const std::filesystem::path& dir,
                                               const std::string& extra = "") {
  std::string conf =
      "exim_user = root\nexim_group = root\nkeep_environment =\n"
      "spool_directory = " + (dir / "spool").string() + "\n"
      "log_file_path = " + (dir / "log").string() + "/%slog\n"
      "queue_only\nprimary_hostname = corvid.test\ntrusted_users = root\n"
      "dsn_advertise_hosts = *\nhost_lookup =\n" + extra +
      "acl_smtp_rcpt = acl_rcpt\n"
      "begin acl\nacl_rcpt:\n  accept set acl_c_foo = bar\n         set acl_m_x = multi\\nline\n"
      "begin routers\nr1:\n  driver = redirect\n  data = :blackhole:\n";
  auto path = dir / "exim.conf";
  spit(path, conf);
  return path;
}

// Runs exim4 with `args` and `input` on stdin; returns the exit status.
inline int run_exim(const std::filesystem::path& conf, const std::string& args,
                    const std::string& input) {
  auto in = conf.parent_path() / "exim-input";
  spit(in, input);
  std::string cmd = exim_path() + " -C " + conf.string() + " " + args + " < " + in.string() +
                    " > " + (conf.parent_path() / "exim-output").string() + " 2>&1";
  return std::system(cmd.c_str());
}

}  // namespace corvid::spool::testing
