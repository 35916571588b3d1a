// SMTP load generator for the side-by-side benchmark (bench/workloads/*).
//
// Postfix's smtp-source waits for the 221 after QUIT, and Exim delays its 221
// by up to 200 ms, so smtp-source would measure Exim's QUIT delay rather
// than its acceptance. This client behaves as MTAs do: it sends QUIT and
// closes at once. One thread, epoll, no pipelining (each command waits for
// its reply), so every MTA sees the same plain dialogue.
//
// Acceptance mode: SESSIONS parallel sessions, each sending PER_CONN
// messages (SIZE bytes, one recipient) per connection, reconnecting until
// SECONDS have passed. Only a 250 after the message's final dot counts.
//
//   smtp_load accept -p PORT -s SESSIONS -m PER_CONN -t SECONDS [-l SIZE] [-n COUNT]
//   -> mode=accept sessions=.. per_conn=.. messages=N rate=R ... failures=F
//
// `messages` counts every 250 (what the MTA's queue must hold afterwards);
// `rate` counts those completed before the deadline over SECONDS, so the
// tail of sessions finishing after the deadline does not skew it.
//
// With -n COUNT the sessions send COUNT messages in all and stop (SECONDS
// is then only a limit): a message that fails is sent again by another
// session, so `messages` is COUNT unless the limit ran out, and `rate` is
// `messages` over the time it took.
//
// Idle mode: opens SESSIONS connections, at most -c at a time in the
// handshake, each reading the banner and sending EHLO, then leaves them idle.
// It stops opening early (and says why) when MemAvailable drops below -a MB,
// after -f failures, or after -t seconds, so a run that would exhaust the
// machine reports how far it got. Prints one line when all are established,
// holds them until its stdin closes, then prints how many were dropped
// meanwhile and exits.
//
//   smtp_load idle -p PORT -s SESSIONS [-c INFLIGHT] [-a MIN_AVAIL_MB] [-t SECONDS]
//   -> mode=idle target=N established=K failures=F seconds=S stopped=REASON
//   -> held established=K dropped=D
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Options {
  bool idle = false;
  std::string host = "127.0.0.1";
  int port = 25;
  int sessions = 1;
  int per_conn = 1;
  double seconds = 5;
  int size = 2048;
  int inflight = 100;       // idle mode: handshakes in progress at once
  long min_avail_mb = 2048; // idle mode: stop opening below this
  int max_failures = 200;   // idle mode: stop opening after this many
  double timeout = 30;      // a reply slower than this is a failure
  long count = 0;           // accept mode: this many messages in all (0: no limit)
};

enum class State { connecting, banner, ehlo, mail, rcpt, data, body, idle, closed };

struct Session {
  int fd = -1;
  State state = State::closed;
  std::string in;
  int sent_in_conn = 0;
  bool in_message = false;  // between MAIL and the reply to the final dot
  Clock::time_point last;
};

// A message of exactly `size` bytes on the wire before the final dot: a few
// headers and 76-character lines of body, no line starting with a dot.
std::string make_message(int size) {
  std::string m =
      "From: <sender@client.example>\r\n"
      "To: <rcpt@bench.example>\r\n"
      "Subject: benchmark message\r\n"
      "Message-ID: <bench@client.example>\r\n"
      "\r\n";
  const std::string line = std::string(74, 'x') + "\r\n";
  while (static_cast<int>(m.size() + line.size()) <= size) m += line;
  int rest = size - static_cast<int>(m.size());
  if (rest >= 3) m += std::string(rest - 2, 'y') + "\r\n";
  m += ".\r\n";
  return m;
}

long mem_available_mb() {
  std::ifstream f("/proc/meminfo");
  std::string key;
  long kb = 0;
  std::string unit;
  while (f >> key >> kb >> unit)
    if (key == "MemAvailable:") return kb / 1024;
  return -1;
}

class Load {
 public:
  explicit Load(const Options& o) : o_(o), sessions_(o.sessions), message_(make_message(o.size)) {
    ep_ = epoll_create1(0);
    addr_.sin_family = AF_INET;
    addr_.sin_port = htons(static_cast<uint16_t>(o.port));
    inet_pton(AF_INET, o.host.c_str(), &addr_.sin_addr);
  }

  int run_accept() {
    t0_ = Clock::now();
    deadline_ = t0_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.seconds));
    for (size_t i = 0; i < sessions_.size(); ++i) open(i);
    while (open_count_ > 0 || !reopen_.empty()) {
      poll(100);
      // Failed sessions reconnect here, not from inside fail(): a refused
      // connect would otherwise recurse.
      std::vector<size_t> again;
      again.swap(reopen_);
      for (size_t i : again)
        if (Clock::now() < deadline_) open(i);
    }
    double secs = since(t0_);
    double rate = o_.count > 0 ? (secs > 0 ? messages_ / secs : 0) : in_window_ / o_.seconds;
    std::printf(
        "mode=accept sessions=%d per_conn=%d size=%d messages=%ld in_window=%ld rate=%.1f "
        "seconds=%.2f connections=%ld failures=%ld\n",
        o_.sessions, o_.per_conn, o_.size, messages_, in_window_, rate, secs, connections_,
        failures_);
    if (!first_error_.empty()) std::fprintf(stderr, "smtp_load: first failure: %s\n", first_error_.c_str());
    return 0;
  }

  int run_idle() {
    t0_ = Clock::now();
    deadline_ = t0_ + std::chrono::hours(24);  // never stop a held session for time
    size_t next = 0;
    std::string stopped = "target";
    for (;;) {
      // Keep at most `inflight` sessions in their handshake.
      while (stopped == "target" && next < sessions_.size() && handshaking_ < o_.inflight) {
        if (failures_ >= o_.max_failures) { stopped = "failures"; break; }
        if (since(t0_) > o_.seconds) { stopped = "time"; break; }
        if (next % 100 == 0 && mem_available_mb() < o_.min_avail_mb) { stopped = "memory"; break; }
        open(next++);
        ++handshaking_;
      }
      if (handshaking_ == 0 && (next == sessions_.size() || stopped != "target")) break;
      poll(100);
    }
    std::printf("mode=idle target=%d established=%ld failures=%ld seconds=%.2f stopped=%s\n",
                o_.sessions, established_, failures_, since(t0_), stopped.c_str());
    std::fflush(stdout);
    if (!first_error_.empty()) std::fprintf(stderr, "smtp_load: first failure: %s\n", first_error_.c_str());
    // Hold until the driver closes our stdin, noticing sessions the MTA drops.
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = UINT64_MAX;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, 0, &ev) < 0) {
      // stdin is a file or /dev/null (not pollable): nothing to hold for.
      stdin_closed_ = true;
      poll(0);
    }
    while (!stdin_closed_) poll(1000);
    long held = 0;
    for (auto& s : sessions_)
      if (s.state == State::idle) ++held;
    std::printf("held established=%ld dropped=%ld\n", held, established_ - held);
    for (auto& s : sessions_)
      if (s.fd >= 0) close(s.fd);
    return 0;
  }

 private:
  void fail(size_t i, const std::string& why) {
    ++failures_;
    if (first_error_.empty()) first_error_ = why;
    Session& s = sessions_[i];
    bool was_handshaking = s.state != State::idle;
    if (s.in_message) --started_;  // another session sends it again (-n)
    drop(i);
    if (o_.idle) {
      if (was_handshaking) --handshaking_;
    } else if (Clock::now() < deadline_) {
      reopen_.push_back(i);
    }
  }

  void drop(size_t i) {
    Session& s = sessions_[i];
    if (s.fd >= 0) {
      close(s.fd);  // also removes it from the epoll set
      --open_count_;
    }
    s.fd = -1;
    s.state = State::closed;
    s.in_message = false;
  }

  // With -n, whether every message has been started (none is left to send).
  bool all_started() const { return o_.count > 0 && started_ >= o_.count; }

  void open(size_t i) {
    Session& s = sessions_[i];
    s.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s.fd < 0) {
      // Out of descriptors: not the MTA's fault, but the session is lost.
      ++failures_;
      if (first_error_.empty()) first_error_ = std::string("socket: ") + std::strerror(errno);
      if (o_.idle) --handshaking_;
      return;
    }
    ++open_count_;
    ++connections_;
    int one = 1;
    setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    s.in.clear();
    s.sent_in_conn = 0;
    s.last = Clock::now();
    s.state = State::connecting;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    epoll_ctl(ep_, EPOLL_CTL_ADD, s.fd, &ev);
    if (connect(s.fd, reinterpret_cast<sockaddr*>(&addr_), sizeof addr_) < 0 && errno != EINPROGRESS)
      fail(i, std::string("connect: ") + std::strerror(errno));
  }

  // Commands and the message are small enough for the socket buffer; a short
  // write means the MTA stopped reading, which counts as a failure.
  bool send_all(size_t i, const std::string& text) {
    const char* p = text.data();
    size_t left = text.size();
    while (left > 0) {
      ssize_t n = send(sessions_[i].fd, p, left, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fail(i, std::string("send: ") + std::strerror(errno));
        return false;
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    return true;
  }

  void start_message(size_t i) {
    if (all_started()) {
      quit(i);
      return;
    }
    ++started_;
    sessions_[i].in_message = true;
    if (send_all(i, "MAIL FROM:<sender@client.example>\r\n")) sessions_[i].state = State::mail;
  }

  // QUIT and close at once, without waiting for the 221.
  void quit(size_t i) {
    Session& s = sessions_[i];
    send(s.fd, "QUIT\r\n", 6, MSG_NOSIGNAL);
    drop(i);
    if (Clock::now() < deadline_ && !all_started()) open(i);
  }

  void on_reply(size_t i, int code, const std::string& text) {
    Session& s = sessions_[i];
    auto expect = [&](int want) {
      if (code == want) return true;
      fail(i, "unexpected reply in state " + std::to_string(static_cast<int>(s.state)) + ": " + text);
      return false;
    };
    switch (s.state) {
      case State::banner:
        if (expect(220) && send_all(i, "EHLO client.example\r\n")) s.state = State::ehlo;
        break;
      case State::ehlo:
        if (!expect(250)) break;
        if (o_.idle) {
          s.state = State::idle;
          ++established_;
          --handshaking_;
        } else {
          start_message(i);
        }
        break;
      case State::mail:
        if (expect(250) && send_all(i, "RCPT TO:<rcpt@bench.example>\r\n")) s.state = State::rcpt;
        break;
      case State::rcpt:
        if (expect(250) && send_all(i, "DATA\r\n")) s.state = State::data;
        break;
      case State::data:
        if (expect(354) && send_all(i, message_)) s.state = State::body;
        break;
      case State::body:
        if (!expect(250)) break;
        ++messages_;
        s.in_message = false;
        if (Clock::now() < deadline_) ++in_window_;
        if (++s.sent_in_conn < o_.per_conn && Clock::now() < deadline_)
          start_message(i);
        else
          quit(i);
        break;
      default:
        fail(i, "reply in unexpected state: " + text);
    }
  }

  void on_readable(size_t i) {
    Session& s = sessions_[i];
    char buf[4096];
    for (;;) {
      ssize_t n = recv(s.fd, buf, sizeof buf, 0);
      if (n > 0) {
        s.in.append(buf, static_cast<size_t>(n));
        if (n < static_cast<ssize_t>(sizeof buf)) break;
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0 && errno == EINTR) continue;
      fail(i, n == 0 ? "connection closed by the server" : std::string("recv: ") + std::strerror(errno));
      return;
    }
    s.last = Clock::now();
    // Complete replies: the last line has a space after its code.
    size_t start = 0;
    for (;;) {
      size_t eol = s.in.find("\r\n", start);
      if (eol == std::string::npos) break;
      std::string line = s.in.substr(start, eol - start);
      start = eol + 2;
      if (line.size() >= 4 && line[3] == '-') continue;
      std::string reply = s.in.substr(0, eol);
      s.in.erase(0, start);
      start = 0;
      int code = std::atoi(line.substr(0, 3).c_str());
      size_t fd_before = static_cast<size_t>(s.fd);
      on_reply(i, code, reply);
      // The session may have closed or reconnected: leftovers are not its.
      if (s.fd < 0 || static_cast<size_t>(s.fd) != fd_before || s.state == State::connecting) return;
    }
  }

  void poll(int ms) {
    epoll_event evs[256];
    int n = epoll_wait(ep_, evs, 256, ms);
    for (int k = 0; k < n; ++k) {
      if (evs[k].data.u64 == UINT64_MAX) {  // stdin, idle mode
        char c[256];
        if (read(0, c, sizeof c) <= 0) stdin_closed_ = true;
        continue;
      }
      size_t i = evs[k].data.u64;
      Session& s = sessions_[i];
      if (s.fd < 0) continue;
      if (s.state == State::connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
          fail(i, std::string("connect: ") + std::strerror(err));
          continue;
        }
        s.state = State::banner;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        epoll_ctl(ep_, EPOLL_CTL_MOD, s.fd, &ev);
        if (!(evs[k].events & EPOLLIN)) continue;
      }
      if (s.state == State::idle) {
        // Anything from an idle session's server is its end (timeout, 421).
        fail(i, "idle session closed by the server");
        continue;
      }
      on_readable(i);
    }
    // Replies slower than the timeout are failures (not in idle: held on purpose).
    auto now = Clock::now();
    if (now - last_sweep_ < std::chrono::seconds(1)) return;
    last_sweep_ = now;
    for (size_t i = 0; i < sessions_.size(); ++i) {
      Session& s = sessions_[i];
      if (s.fd >= 0 && s.state != State::idle &&
          std::chrono::duration<double>(now - s.last).count() > o_.timeout)
        fail(i, "timeout waiting for a reply");
    }
  }

  Options o_;
  std::vector<Session> sessions_;
  std::string message_;
  int ep_ = -1;
  sockaddr_in addr_{};
  Clock::time_point t0_, deadline_, last_sweep_;
  long messages_ = 0, in_window_ = 0, connections_ = 0, failures_ = 0, established_ = 0;
  long started_ = 0;  // messages begun and not failed (-n)
  int open_count_ = 0, handshaking_ = 0;
  bool stdin_closed_ = false;
  std::string first_error_;
  std::vector<size_t> reopen_;
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: smtp_load accept -p PORT -s SESSIONS -m PER_CONN -t SECONDS [-l SIZE] [-H HOST]\n"
               "                        [-n COUNT]\n"
               "       smtp_load idle -p PORT -s SESSIONS [-c INFLIGHT] [-a MIN_AVAIL_MB] [-t SECONDS]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) usage();
  Options o;
  std::string mode = argv[1];
  if (mode == "idle") {
    o.idle = true;
    o.seconds = 300;
  } else if (mode != "accept") {
    usage();
  }
  for (int k = 2; k + 1 < argc; k += 2) {
    std::string f = argv[k];
    const char* v = argv[k + 1];
    if (f == "-p") o.port = std::atoi(v);
    else if (f == "-s") o.sessions = std::atoi(v);
    else if (f == "-m") o.per_conn = std::atoi(v);
    else if (f == "-t") o.seconds = std::atof(v);
    else if (f == "-l") o.size = std::atoi(v);
    else if (f == "-H") o.host = v;
    else if (f == "-c") o.inflight = std::atoi(v);
    else if (f == "-a") o.min_avail_mb = std::atol(v);
    else if (f == "-f") o.max_failures = std::atoi(v);
    else if (f == "-T") o.timeout = std::atof(v);
    else if (f == "-n") o.count = std::atol(v);
    else usage();
  }
  if (o.sessions < 1 || o.per_conn < 1 || o.port <= 0) usage();
  // One descriptor per session, plus a few.
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rlim_t want = static_cast<rlim_t>(o.sessions) + 64;
  if (rl.rlim_cur < want) {
    rl.rlim_cur = std::min(want, rl.rlim_max);
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  Load load(o);
  return o.idle ? load.run_idle() : load.run_accept();
}
