// The pipe transport: the command (the transport's `command`, or the
// "|command" a redirect produced) run without a shell, its words split at
// white space (double quotes group words), with the message on its
// standard input: "From <sender> <date>" first, then the headers, a blank
// line, the body (no ">From" escaping) and an empty line. Exit status 0 is a
// delivery; 75 (EX_TEMPFAIL) defers; anything else, or a signal, fails,
// worded as Exim words it. `timeout` (default 1h) kills a command that
// hangs.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "expand/expansion.hpp"
#include "transport/transport.hpp"

namespace corvid::transport {
namespace {

std::vector<std::string> split_words(std::string_view cmd) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, any = false;
  for (char c : cmd) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

std::string variable(const expand::Context& ctx, std::string_view name) {
  TString v;
  return ctx.variable(name, v) == expand::VarStatus::found ? v.text : std::string();
}

Result outcome(Result::Status s, int error, std::string message) {
  Result r;
  r.status = s;
  r.error = error;
  r.message = std::move(message);
  return r;
}

}  // namespace

Result pipe(const config::DriverInstance& t, const Message& m, const route::Address& a,
            const std::string& command, const expand::Context& ctx) {
  std::vector<std::string> argv = split_words(command);
  if (argv.empty() || argv[0].front() != '/') {
    return outcome(Result::Status::fail, -1,
                   "pipe command \"" + command + "\" does not start with an absolute path");
  }
  const std::string path = return_path(t, m, a, ctx);
  std::string sender = path.empty() ? "MAILER-DAEMON" : path;
  std::string error;
  std::optional<std::string> message = message_text(t, m, a, ctx, error);
  if (!message) return outcome(Result::Status::defer, -1, error);
  std::string input = "From " + sender + " " + variable(ctx, "tod_bsdinbox") + "\n" + *message +
                      "\n";
  int in[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return outcome(Result::Status::defer, errno, std::strerror(errno));
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(in[0]);
    ::close(in[1]);
    return outcome(Result::Status::defer, errno, "fork failed");
  }
  if (pid == 0) {
    ::dup2(in[0], 0);
    int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    std::vector<char*> args;
    for (std::string& s : argv) args.push_back(s.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::signal(SIGPIPE, SIG_IGN);
  std::string_view rest = input;
  while (!rest.empty()) {
    ssize_t n = ::write(in[1], rest.data(), rest.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // the command stopped reading; its status says the rest
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  ::close(in[1]);
  const config::OptionValue* tv = t.option("timeout");
  std::int64_t limit = tv != nullptr && tv->is_set && tv->number > 0 ? tv->number : 3600;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limit);
  int status = 0;
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return outcome(Result::Status::fail, -1,
                     "pipe delivery process timed out");
    }
    ::usleep(2000);
  }
  const std::string who = "Child process of " + t.name + " transport";
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return outcome(Result::Status::fail, -1,
                   who + " (running command \"" + command + "\") was terminated by signal " +
                       std::to_string(sig) + " (" + ::strsignal(sig) + ")");
  }
  int code = WEXITSTATUS(status);
  if (code == 0) return {};
  if (code == 75) {
    return outcome(Result::Status::defer, 0,
                   who + " returned 75 (could mean temporary error) from command: " + argv[0]);
  }
  return outcome(Result::Status::fail, -1,
                 who + " returned " + std::to_string(code) + " from command: " + argv[0]);
}

}  // namespace corvid::transport
