// Items that reach outside the process: ${readfile}, ${readsocket}, ${run}.
// File and socket names built from tainted data are refused, as Exim 4.96
// does; commands are not (Exim 4.96 runs them without a shell).
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "expand/items.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

std::string replace_newlines(const std::string& s, const TString* eol) {
  if (eol == nullptr) return s;
  std::string r;
  for (char c : s) {
    if (c == '\n') {
      r += eol->text;
    } else {
      r.push_back(c);
    }
  }
  return r;
}

// Connects to "inet:host:port" or a Unix socket path; -1 with errno on failure.
int connect_socket(const std::string& spec, std::string& error) {
  if (spec.rfind("inet:", 0) == 0) {
    std::string rest = spec.substr(5);
    size_t colon = rest.rfind(':');
    if (colon == std::string::npos) {
      error = "missing port for readsocket " + spec;
      return -1;
    }
    std::string host = rest.substr(0, colon);
    std::string port = rest.substr(colon + 1);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0) {
      error = "no IP address found for host " + host;
      return -1;
    }
    int fd = -1;
    for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
      fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
      if (fd < 0) continue;
      if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
      close(fd);
      fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) error = "failed to connect to any address for " + host + ": " + strerror(errno);
    return fd;
  }
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  if (spec.size() >= sizeof sun.sun_path) {
    error = "socket path too long: " + spec;
    return -1;
  }
  std::memcpy(sun.sun_path, spec.data(), spec.size());
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) != 0) {
    int e = errno;
    close(fd);
    fd = -1;
    errno = e;
  }
  if (fd < 0) error = "failed to connect to socket " + spec + ": " + strerror(errno);
  return fd;
}

// Reads until EOF or the deadline. False on timeout.
bool read_all(int fd, std::string& out, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int rc = poll(&p, 1, static_cast<int>(left.count()));
    if (rc <= 0) {
      if (rc < 0 && errno == EINTR) continue;
      return false;
    }
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out.append(buf, static_cast<size_t>(n));
  }
}

// Parses "5s,shutdown=no" style timeout/options.
void readsocket_options(const std::string& text, long& seconds, bool& shutdown) {
  seconds = 5;
  shutdown = true;
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string opt = text.substr(start, comma == std::string::npos ? std::string::npos
                                                                    : comma - start);
    if (first && !opt.empty() && util::is_digit(opt[0])) {
      long n = std::strtol(opt.c_str(), nullptr, 10);
      char unit = opt.back();
      seconds = unit == 'm' ? n * 60 : unit == 'h' ? n * 3600 : n;
    } else if (opt == "shutdown=no") {
      shutdown = false;
    }
    first = false;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

}  // namespace

bool item_readfile(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v(node.args.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (!ev.eval(node.args[i], v[i])) return false;
  }
  if (v[0].tainted) {
    // Exim 4.96 logs "Tainted filename" and fails as if open() had been
    // refused.
    return ev.error("failed to open " + v[0].text + ": Permission denied (tainted filename '" +
                    v[0].text + "')");
  }
  int fd = open(v[0].text.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return ev.error("failed to open " + v[0].text + ": " + strerror(errno));
  }
  std::string data;
  char buf[8192];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(n));
  close(fd);
  out.append(replace_newlines(data, v.size() > 1 ? &v[1] : nullptr));
  return true;
}

bool item_readsocket(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v(node.args.size());
  // The failure string (5th) is expanded only when needed.
  size_t fixed = std::min<size_t>(v.size(), 4);
  for (size_t i = 0; i < fixed; ++i) {
    if (!ev.eval(node.args[i], v[i])) return false;
  }
  if (v[0].tainted) {
    return ev.error("Tainted filename for search: '" + v[0].text + "'");
  }
  long seconds = 5;
  bool shutdown_write = true;
  if (v.size() > 2) readsocket_options(v[2].text, seconds, shutdown_write);
  std::string error;
  std::string data;
  int fd = connect_socket(v[0].text, error);
  if (fd >= 0) {
    const std::string& req = v[1].text;
    if (!req.empty() && write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) {
      error = "request write to socket failed: " + std::string(strerror(errno));
    } else {
      if (shutdown_write) shutdown(fd, SHUT_WR);
      if (!read_all(fd, data, std::chrono::seconds(seconds))) {
        error = "socket read timed out";
      }
    }
    close(fd);
  }
  if (!error.empty()) {
    if (node.args.size() > 4) return ev.eval_append(node.args[4], out);
    return ev.error(error);
  }
  out.append(TString(replace_newlines(data, v.size() > 3 ? &v[3] : nullptr), true));
  return true;
}

namespace {

// Splits a command line at white space, honouring "double" and 'single'
// quotes and backslash escapes inside double quotes.
std::vector<std::string> split_command(const std::string& cmd) {
  std::vector<std::string> argv;
  size_t i = 0;
  while (i < cmd.size()) {
    while (i < cmd.size() && util::is_space(cmd[i])) ++i;
    if (i >= cmd.size()) break;
    std::string arg;
    if (cmd[i] == '"') {
      ++i;
      while (i < cmd.size() && cmd[i] != '"') {
        if (cmd[i] == '\\' && i + 1 < cmd.size()) {
          ++i;
          arg.push_back(cmd[i] == 'n' ? '\n' : cmd[i] == 't' ? '\t' : cmd[i]);
          ++i;
          continue;
        }
        arg.push_back(cmd[i++]);
      }
      if (i < cmd.size()) ++i;
    } else if (cmd[i] == '\'') {
      ++i;
      while (i < cmd.size() && cmd[i] != '\'') arg.push_back(cmd[i++]);
      if (i < cmd.size()) ++i;
    } else {
      while (i < cmd.size() && !util::is_space(cmd[i])) arg.push_back(cmd[i++]);
    }
    argv.push_back(std::move(arg));
  }
  return argv;
}

// Runs argv with stdin from /dev/null; collects stdout. Returns the exit
// status (127 when the program cannot be run), or -1 if fork fails.
int run_command(const std::vector<std::string>& argv, std::string& output) {
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(pipefd[0]);
    close(pipefd[1]);
    return -1;
  }
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(pipefd[1], 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipefd[1]);
  char buf[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    output.append(buf, static_cast<size_t>(n));
  }
  close(pipefd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

bool item_run(Evaluator& ev, const ItemNode& node, TString& out) {
  TString cmd;
  if (!ev.eval(node.args[0], cmd)) return false;
  // Exim 4.96 runs commands built from tainted data (the command is split
  // into arguments without a shell), so no taint check here.
  std::vector<std::string> argv = split_command(cmd.text);
  std::string output;
  // An empty command cannot be run: Exim reports it as exit status 127.
  int rc = argv.empty() ? 127 : run_command(argv, output);
  if (rc < 0) {
    return ev.error("couldn't create child process for run item: " + std::string(strerror(errno)));
  }
  ev.runrc = rc;
  TString value(std::move(output), false);
  auto saved_value = ev.value;
  ev.value = value;
  bool ok = ev.eval_yesno(node, rc == 0, value, out);
  ev.value = std::move(saved_value);
  return ok;
}

}  // namespace corvid::expand
