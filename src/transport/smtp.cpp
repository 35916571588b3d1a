// The smtp transport's client side, for one batch of addresses to the
// hosts the router chose (or the transport's `hosts` / `hosts_override`),
// tried in order until one answers: connect (connect_timeout), banner,
// EHLO `helo_data` (HELO if EHLO is refused), MAIL FROM with SIZE when
// offered, one RCPT per address, DATA with the message dot-stuffed and in
// CRLF, QUIT. A 5xx to RCPT fails that address, a 4xx defers it; a 5xx or
// 4xx to MAIL or DATA fails or defers them all; a host that cannot be
// reached passes the batch on to the next host, and defers it when none
// is left. Replies quoted in the log as Exim quotes them: "SMTP error
// from remote mail server after RCPT TO:<a>: 550 ...".
//
// Blocking sockets with poll() timeouts: deliveries run in their own
// process (or thread), never on the SMTP server's event loops.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>

#include "expand/expansion.hpp"
#include "lists/list_reader.hpp"
#include "route/context.hpp"
#include "route/hosts.hpp"
#include "route/router.hpp"
#include "transport/smtp.hpp"
#include "util/strings.hpp"

namespace corvid::transport {
namespace {

using Clock = std::chrono::steady_clock;

class Connection {
 public:
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }
  // A Unix-domain socket (the lmtp transport's `socket`); errno on failure.
  int connect_unix(const std::string& path) {
    sockaddr_un sa{};
    if (path.size() >= sizeof sa.sun_path) return ENAMETOOLONG;
    sa.sun_family = AF_UNIX;
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0) return errno;
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
      return errno;
    }
    return 0;
  }

  // errno on failure (ETIMEDOUT for a timeout). `source`, when not empty,
  // is the local address to send from (the transport's `interface`).
  int connect(const std::string& ip, int port, std::chrono::seconds timeout,
              const std::string& source = "") {
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (inet_pton(AF_INET, ip.c_str(), &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr) == 1) {
      auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
      s4->sin_family = AF_INET;
      s4->sin_port = htons(static_cast<uint16_t>(port));
      len = sizeof(sockaddr_in);
    } else if (inet_pton(AF_INET6, ip.c_str(), &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr) ==
               1) {
      auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
      s6->sin6_family = AF_INET6;
      s6->sin6_port = htons(static_cast<uint16_t>(port));
      len = sizeof(sockaddr_in6);
    } else {
      return EINVAL;
    }
    fd_ = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0) return errno;
    if (!source.empty()) {
      sockaddr_storage local{};
      socklen_t local_len = 0;
      if (ss.ss_family == AF_INET &&
          inet_pton(AF_INET, source.c_str(), &reinterpret_cast<sockaddr_in*>(&local)->sin_addr) == 1) {
        local.ss_family = AF_INET;
        local_len = sizeof(sockaddr_in);
      } else if (ss.ss_family == AF_INET6 &&
                 inet_pton(AF_INET6, source.c_str(),
                           &reinterpret_cast<sockaddr_in6*>(&local)->sin6_addr) == 1) {
        local.ss_family = AF_INET6;
        local_len = sizeof(sockaddr_in6);
      }
      if (local_len != 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&local), local_len) != 0) {
        return errno;
      }
    }
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0 && errno != EINPROGRESS) {
      return errno;
    }
    pollfd p{fd_, POLLOUT, 0};
    int r = ::poll(&p, 1, static_cast<int>(timeout.count() * 1000));
    if (r == 0) return ETIMEDOUT;
    int err = 0;
    socklen_t elen = sizeof err;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &elen);
    return err;
  }

  bool send(std::string_view data, std::chrono::seconds timeout) {
    while (!data.empty()) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, static_cast<int>(timeout.count() * 1000)) <= 0) return false;
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        return false;
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Still usable for another transaction: nothing unread, nothing (no
  // close, no 421) waiting from the far end.
  bool idle_and_open() const {
    if (fd_ < 0 || !buffer_.empty()) return false;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
  }

  // One reply (all its lines); code 0 on a timeout or a closed connection.
  int reply(std::string& text, std::chrono::seconds timeout) {
    text.clear();
    auto deadline = Clock::now() + timeout;
    for (;;) {
      size_t nl;
      while ((nl = buffer_.find('\n')) != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        text += (text.empty() ? "" : "\n") + line;
        if (line.size() < 4 || line[3] != '-') {
          return line.size() >= 3 ? std::atoi(line.substr(0, 3).c_str()) : 0;
        }
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return 0;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return 0;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        return 0;
      }
      buffer_.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  std::string buffer_;
};

// Connections kept open after a delivery for the next message to the same
// host (Exim passes its connection on to the next waiting message; the
// log shows "*" after the host). One cache per thread: deliveries run in
// one thread each.
struct CachedConnection {
  std::unique_ptr<Connection> connection;
  std::string ehlo_reply;  // what the host offers
  bool esmtp = true;
  std::string greeting, helo_response;
  Clock::time_point used;
  int messages = 0;  // carried so far
  std::string last_message;  // the id of the message it last carried
};
thread_local std::map<std::string, CachedConnection> t_connections;
constexpr auto kMaxIdle = std::chrono::seconds(30);

// Another message's connection to the same host: a message's own
// batches each open one, as in Exim.
std::optional<CachedConnection> take_connection(const std::string& key,
                                                const std::string& message) {
  auto it = t_connections.find(key);
  if (it == t_connections.end() || it->second.last_message == message) return std::nullopt;
  CachedConnection c = std::move(it->second);
  t_connections.erase(it);
  if (Clock::now() - c.used > kMaxIdle || !c.connection->idle_and_open()) return std::nullopt;
  return c;
}

std::chrono::seconds time_option(const config::DriverInstance& t, std::string_view name,
                                 int fallback) {
  const config::OptionValue* v = t.option(name);
  if (v != nullptr && v->is_set && v->number > 0) return std::chrono::seconds(v->number);
  return std::chrono::seconds(fallback);
}

std::string expanded(const config::DriverInstance& t, std::string_view name,
                     const expand::Context& ctx, std::string fallback) {
  const config::OptionValue* v = t.option(name);
  if (v == nullptr || !v->is_set) return fallback;
  if (!v->expansion) return v->text;
  expand::Result r = expand::expand(*v->expansion, ctx);
  return r.ok() ? r.value.text : fallback;
}

// The message as it goes on the wire: CRLF, leading dots doubled, ".".
std::string wire_message(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40 + 8);
  bool line_start = true;
  for (char c : text) {
    if (line_start && c == '.') out += '.';
    if (c == '\n') out += '\r';
    out += c;
    line_start = c == '\n';
  }
  if (!line_start) out += "\r\n";
  out += ".\r\n";
  return out;
}

// The message in CRLF form, for BDAT.
std::string crlf_message(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// " NOTIFY=..." for a recipient's flags, in RFC 3461's order; empty when
// the client gave none.
std::string notify_param(int flags) {
  static constexpr std::pair<int, const char*> kWords[] = {{spool::kDsnNever, "NEVER"},
                                                           {spool::kDsnSuccess, "SUCCESS"},
                                                           {spool::kDsnFailure, "FAILURE"},
                                                           {spool::kDsnDelay, "DELAY"}};
  std::string out;
  for (const auto& [bit, word] : kWords) {
    if (flags & bit) out += (out.empty() ? " NOTIFY=" : ",") + std::string(word);
  }
  return out;
}

// A multi-line reply on one line, as Exim quotes replies.
std::string flat_reply(std::string reply) {
  for (char& c : reply) {
    if (c == '\n') c = ' ';
  }
  return reply;
}

std::string smtp_error(const std::string& after, const std::string& reply) {
  // Exim quotes every line of the reply, joined into one.
  std::string flat = reply;
  for (char& c : flat) {
    if (c == '\n') c = ' ';
  }
  return "SMTP error from remote mail server after " + after + ": " + flat;
}

}  // namespace

void close_cached_connections() {
  for (auto& [key, c] : t_connections) {
    // QUIT without waiting for the 221: the far end closes either way.
    c.connection->send("QUIT\r\n", std::chrono::seconds(1));
  }
  t_connections.clear();
}

std::vector<Result> smtp(const config::DriverInstance& t, const Message& m,
                         const std::vector<route::Address*>& batch, const expand::Context& ctx,
                         const event::Raiser* events, const std::vector<route::Host>* fallback) {
  auto raise = [&](const std::string& name, const std::string& data, const route::Host* host,
                   const route::Address* address = nullptr, int defer_errno = 0) {
    if (events == nullptr) return std::string();
    return events->transport(t, event::Event{name, data, defer_errno, host, address});
  };
  std::vector<Result> results(batch.size());
  // Results already settled (refused at RCPT, or delivered in an earlier
  // transaction on the connection) are left alone by what follows.
  std::vector<bool> settled(batch.size(), false);
  auto all = [&](Result::Status s, int err, const std::string& message, const route::Host& h) {
    for (size_t i = 0; i < results.size(); ++i) {
      if (!settled[i]) {
        results[i].status = s;
        results[i].error = err;
        results[i].message = message;
        results[i].host = h;
      }
    }
  };
  // LMTP: the lmtp transport (over its `socket`), or the smtp transport
  // with protocol = lmtp. LHLO, and a reply per recipient after the data.
  const bool lmtp_socket = t.driver == "lmtp";
  const bool lmtp = lmtp_socket || t.string_option("protocol").value_or("") == "lmtp";
  std::string socket_path;
  if (lmtp_socket) {
    socket_path = expanded(t, "socket", ctx, "");
    if (socket_path.empty()) {
      all(Result::Status::defer, -1, "no socket for the " + t.name + " transport", {});
      return results;
    }
  }
  std::vector<route::Host> hosts = fallback != nullptr ? *fallback : batch.front()->hosts;
  if (lmtp_socket) hosts = {route::Host{socket_path, socket_path, 0, -1, false}};
  // Hosts the transport chose (not the router, which applied `self`).
  bool own_hosts = fallback != nullptr;
  // The transport's `hosts` when the router gave none, or always with
  // hosts_override (a boolean).
  const bool override_hosts = t.bool_option("hosts_override").value_or(false);
  std::string configured = fallback != nullptr || (!hosts.empty() && !override_hosts)
                               ? ""
                               : expanded(t, "hosts", ctx, "");
  if (!configured.empty()) {
    hosts.clear();
    for (const std::string& item : lists::split_list(configured)) {
      auto [name, port] = route::host_and_port(item);
      route::resolve_host(name, false, port, -1, hosts);
    }
    own_hosts = true;
  }
  // A host of the transport's own that is this machine would loop, unless
  // allow_localhost says another MTA listens there.
  if (own_hosts && !t.bool_option("allow_localhost").value_or(false)) {
    const auto* rctx = dynamic_cast<const route::RouteContext*>(&ctx);
    for (const route::Host& h : hosts) {
      if (rctx != nullptr && !h.address.empty() && route::is_local_address(*rctx, h.address)) {
        all(Result::Status::defer, -50, "smtp transport found host " + h.name + " to be local",
            {});
        return results;
      }
    }
  }
  // hosts_randomize: a list of the transport's own, or one the router did
  // not take from MX records, is tried in a new random order each time.
  if (t.bool_option("hosts_randomize").value_or(false) && hosts.size() > 1 &&
      (own_hosts || std::none_of(hosts.begin(), hosts.end(),
                                 [](const route::Host& h) { return h.mx >= 0; }))) {
    static thread_local std::mt19937 random{std::random_device{}()};
    std::shuffle(hosts.begin(), hosts.end(), random);
  }
  if (hosts.empty()) {
    all(Result::Status::defer, -1, "no hosts found", {});
    return results;
  }
  int default_port = static_cast<int>(t.option("port") && t.option("port")->is_set
                                          ? std::atoi(t.option("port")->text.c_str())
                                          : 25);
  if (lmtp && !lmtp_socket && (t.option("port") == nullptr || !t.option("port")->is_set)) {
    // Exim looks the "lmtp" service up, and has nowhere to go without it.
    servent* se = ::getservbyname("lmtp", "tcp");
    if (se == nullptr) {
      all(Result::Status::defer, -1,
          "TCP port \"lmtp\" is not defined for " + t.name + " transport", {});
      return results;
    }
    default_port = ntohs(static_cast<uint16_t>(se->s_port));
  }
  if (default_port == 0) default_port = 25;
  auto connect_timeout = time_option(t, "connect_timeout", 300);
  auto command_timeout = time_option(t, "command_timeout", 300);
  auto data_timeout = time_option(t, "data_timeout", 300);
  auto final_timeout = time_option(t, "final_timeout", 600);
  std::string helo = expanded(t, "helo_data", ctx, ctx.primary_hostname());
  // `interface`: the first address in the list of the host's family is
  // the one to send from.
  const std::string interfaces = expanded(t, "interface", ctx, "");
  auto source_address = [&](const std::string& ip) {
    const bool v6 = ip.find(':') != std::string::npos;
    for (const std::string& item : lists::split_list(interfaces)) {
      if ((item.find(':') != std::string::npos) == v6) return item;
    }
    return std::string();
  };
  const config::OptionValue* max_rcpt_option = t.option("max_rcpt");
  size_t max_rcpt = max_rcpt_option != nullptr && max_rcpt_option->is_set && max_rcpt_option->number > 0
                        ? static_cast<size_t>(max_rcpt_option->number)
                        : 100;
  TString date;
  ctx.variable("tod_full", date);

  int last_errno = -1;
  std::string last_error;
  route::Host last_host;
  std::vector<std::pair<route::Host, std::string>> unreachable;
  // A kept connection that the far end closed in the meantime: the same
  // host again, on a new connection.
  bool fresh_connection = false;
  for (size_t host_index = 0; host_index < hosts.size(); ++host_index) {
    route::Host h = hosts[host_index];
    if (h.port == 0) h.port = default_port;
    last_host = h;
    // What this host says about itself, for the DSN information.
    auto note = [&](std::string Result::*field, const std::string& reply) {
      std::string first = reply.substr(0, reply.find('\n'));
      if (first.size() > 128) first.resize(128);
      for (Result& r : results) r.*field = first;
    };
    note(&Result::greeting, "");
    note(&Result::helo_response, "");
    // tcp:close once the socket is closed (`closed` outlives `c`).
    struct CloseEvent {
      std::function<void()> raise;
      ~CloseEvent() {
        if (raise) raise();
      }
    } closed;
    // A connection left open by an earlier delivery to this host, or a
    // new one. (Not with event_action: its tcp:close belongs to one
    // delivery.)
    const std::string key = t.name + "|" + h.address + "|" + std::to_string(h.port) + "|" + helo +
                            "|" + source_address(h.address);
    const bool cacheable = !(t.option("event_action") && t.option("event_action")->is_set);
    std::optional<CachedConnection> cached;
    if (cacheable && !fresh_connection) cached = take_connection(key, m.header.id);
    fresh_connection = false;
    const bool reused = cached.has_value();
    std::unique_ptr<Connection> owned =
        reused ? std::move(cached->connection) : std::make_unique<Connection>();
    Connection& c = *owned;
    std::string reply;
    int code = 0;
    bool esmtp = true;
    std::string ehlo_reply;
    int carried = 0;
    if (reused) {
      ehlo_reply = cached->ehlo_reply;
      esmtp = cached->esmtp;
      carried = cached->messages;
      for (Result& r : results) {
        r.greeting = cached->greeting;
        r.helo_response = cached->helo_response;
      }
    } else {
      // A tcp:connect event that answers something stands for the connection.
      int err = !raise("tcp:connect", "", &h).empty() ? -58
                : lmtp_socket ? c.connect_unix(socket_path)
                              : c.connect(h.address, h.port, connect_timeout,
                                          source_address(h.address));
      if (err != 0) {
        last_errno = err;
        last_error = err == -58              ? "Event requests alternate response"
                     : err == ETIMEDOUT ? "Connection timed out"
                                        : std::strerror(err);
        unreachable.emplace_back(h, last_error);
        raise("msg:host:defer", last_error, &h, batch.front(), err);
        if (err == -58) last_error.clear();  // the == line says only "defer (-58)"
        last_host = route::Host{};  // the == line then names no host
        continue;  // the next host
      }
      closed.raise = [&raise, h] { raise("tcp:close", "", &h); };
      code = c.reply(reply, command_timeout);
      note(&Result::greeting, reply);
      if (code == 220) {
        std::string answer = raise("smtp:connect", reply, &h);
        if (!answer.empty()) {
          // Logged as Exim does: the host on a line of its own, the
          // addresses deferred with Exim's errno for it and no host.
          c.send("QUIT\r\n", command_timeout);
          std::string why = "deferred by smtp:connect event expansion: " + answer;
          all(Result::Status::defer, -27, why, route::Host{});
          unreachable.emplace_back(h, ": " + why);
          results.front().unreachable = unreachable;
          return results;
        }
      }
      if (code != 220) {
        last_errno = -1;
        last_error = code == 0 ? "Remote host closed connection in response to initial connection"
                               : smtp_error("initial connection", reply);
        if (code >= 500) {
          all(Result::Status::fail, -1, last_error, h);
          return results;
        }
        continue;
      }
      c.send((lmtp ? "LHLO " : "EHLO ") + helo + "\r\n", command_timeout);
      code = c.reply(reply, command_timeout);
      note(&Result::helo_response, reply);
      raise("smtp:ehlo", reply, &h);
      if (code != 250 && lmtp) {
        last_error = smtp_error("LHLO " + helo, reply);
        all(code >= 500 ? Result::Status::fail : Result::Status::defer, -1, last_error, h);
        return results;
      }
      if (code != 250) {
        esmtp = false;
        c.send("HELO " + helo + "\r\n", command_timeout);
        code = c.reply(reply, command_timeout);
        note(&Result::helo_response, reply);
        if (code != 250) {
          last_error = smtp_error("HELO " + helo, reply);
          if (code >= 500) {
            all(Result::Status::fail, -1, last_error, h);
            return results;
          }
          continue;
        }
      }
      ehlo_reply = reply;
    }
    // Extensions are the first word of each line after the greeting.
    auto offers = [&](std::string_view ext) {
      size_t pos = ehlo_reply.find('\n');
      while (esmtp && pos != std::string::npos) {
        std::string_view line = std::string_view(ehlo_reply).substr(pos + 1);
        line = line.substr(0, line.find('\n'));
        if (line.size() > 4 && util::starts_with_i(line.substr(4), ext) &&
            (line.size() == 4 + ext.size() || line[4 + ext.size()] == ' ')) {
          return true;
        }
        pos = ehlo_reply.find('\n', pos + 1);
      }
      return false;
    };
    bool size = offers("SIZE");
    // CHUNKING when offered (Exim's hosts_try_chunking default is "*").
    // (Exim's lmtp transport always sends DATA.)
    bool chunking = offers("CHUNKING") && !lmtp_socket;
    std::string error;
    std::optional<std::string> text = message_text(t, m, *batch.front(), ctx, error);
    if (!text) {
      c.send("QUIT\r\n", command_timeout);
      all(Result::Status::defer, -1, error, h);
      return results;
    }
    std::string wire = wire_message(*text);
    // RFC 3461: a host that offers DSN is passed the request, so that it
    // reports the delivery; not for addresses whose router has
    // dsn_lasthop (this MTA reports those itself).
    bool dsn = offers("DSN");
    bool all_last_hop = std::all_of(batch.begin(), batch.end(),
                                    [](const route::Address* a) { return a->dsn_lasthop; });
    std::string mail = "MAIL FROM:<" + return_path(t, m, *batch.front(), ctx) + ">";
    if (size) mail += " SIZE=" + std::to_string(m.header.headers_size() + 1 + m.body.size());
    if (dsn && !all_last_hop) {
      if (m.header.dsn_ret == spool::kDsnRetFull) mail += " RET=FULL";
      if (m.header.dsn_ret == spool::kDsnRetHeaders) mail += " RET=HDRS";
      if (m.header.dsn_envid) mail += " ENVID=" + *m.header.dsn_envid;
    }
    bool in_transaction = false;  // MAIL sent, no end of data or RSET yet
    // max_rcpt recipients per transaction; the next transaction goes down
    // the same connection ("*" after the host in the log).
    // PIPELINING offered: MAIL, the RCPTs and (without CHUNKING) DATA go in
    // one write, and the replies are read in order.
    const bool pipelining = offers("PIPELINING");
    const bool pipe_data = pipelining && !chunking;
    for (size_t from = 0; from < batch.size(); from += max_rcpt) {
      const size_t to = std::min(batch.size(), from + max_rcpt);
      std::vector<std::string> rcpts;
      for (size_t i = from; i < to; ++i) {
        std::string rcpt = "RCPT TO:<" + batch[i]->address + ">";
        if (dsn && !batch[i]->dsn_lasthop) {
          rcpt += notify_param(batch[i]->dsn_flags);
          if (!batch[i]->orcpt.empty()) rcpt += " ORCPT=" + batch[i]->orcpt;
          results[i].dsn_aware = true;
        }
        rcpts.push_back(rcpt);
      }
      if (pipelining) {
        std::string burst = mail + "\r\n";
        for (const std::string& r : rcpts) burst += r + "\r\n";
        if (pipe_data) burst += "DATA\r\n";
        c.send(burst, command_timeout);
      } else {
        c.send(mail + "\r\n", command_timeout);
      }
      code = c.reply(reply, command_timeout);
      if (code == 0 && reused && from == 0) {
        fresh_connection = true;
        break;
      }
      if (code != 250) {
        // The replies to what was pipelined after MAIL are read and let go.
        std::string ignored;
        for (size_t k = 0; code != 0 && pipelining && k < rcpts.size() + (pipe_data ? 1 : 0);
             ++k) {
          if (c.reply(ignored, command_timeout) == 0) break;
        }
        std::string why = code == 0 ? "Remote host closed connection in response to " + mail
                                    : smtp_error(mail, reply);
        all(code >= 500 ? Result::Status::fail : Result::Status::defer, code == 0 ? -18 : -1, why,
            h);
        return results;
      }
      in_transaction = true;
      size_t accepted = 0;
      for (size_t i = from; i < to; ++i) {
        // (The log quotes the command without its DSN parameters.)
        const std::string rcpt = "RCPT TO:<" + batch[i]->address + ">";
        if (!pipelining) c.send(rcpts[i - from] + "\r\n", command_timeout);
        code = c.reply(reply, command_timeout);
        results[i].host = h;
        results[i].pipelined = pipelining;
        if (code == 250 || code == 251) {
          ++accepted;
          continue;
        }
        settled[i] = true;
        results[i].status = code >= 500 ? Result::Status::fail : Result::Status::defer;
        results[i].message = code == 0 ? "Remote host closed connection in response to " + rcpt
                                       : smtp_error(rcpt, reply);
        results[i].error = code == 0 ? -18 : code >= 500 ? -1 : -44;
        if (code >= 400 && code < 500) {
          // Exim's $event_defer_errno for a 4xx: the reply's last two
          // digits in the second byte, 'A' (an address error) in the first.
          int packed = ((reply[1] - '0') * 10 + (reply[2] - '0')) * 256 + 'A';
          for (const char* name : {"msg:rcpt:host:defer", "msg:rcpt:defer"}) {
            raise(name, results[i].message, &h, batch[i], packed);
          }
        }
        if (code == 0) {
          all(Result::Status::defer, -18, results[i].message, h);
          return results;
        }
      }
      if (accepted == 0) {
        if (pipe_data) {
          // The DATA that went with them: refused, or (a server that
          // accepts it anyway) closed at once with an empty message.
          if (c.reply(reply, command_timeout) == 354) {
            c.send(".\r\n", command_timeout);
            c.reply(reply, final_timeout);
          }
        }
        if (to < batch.size()) {
          c.send("RSET\r\n", command_timeout);
          c.reply(reply, command_timeout);
          in_transaction = false;
        }
        continue;
      }
      if (chunking) {
        // One chunk: the message as it is, CRLF, no dot-stuffing.
        std::string raw = crlf_message(*text);
        if (!c.send("BDAT " + std::to_string(raw.size()) + " LAST\r\n" + raw, data_timeout)) {
          all(Result::Status::defer, -1, "Connection lost while sending the message", h);
          return results;
        }
      } else {
        if (!pipe_data) c.send("DATA\r\n", command_timeout);
        code = c.reply(reply, command_timeout);
        if (code != 354) {
          all(code >= 500 ? Result::Status::fail : Result::Status::defer, -1,
              smtp_error("DATA", reply), h);
          return results;
        }
        if (!c.send(wire, data_timeout)) {
          all(Result::Status::defer, -1, "Connection lost while sending the message", h);
          return results;
        }
      }
      if (lmtp) {
        // One reply per recipient the server took, in RCPT order.
        for (size_t i = from; i < to; ++i) {
          if (settled[i]) continue;
          settled[i] = true;
          Result& r = results[i];
          code = c.reply(reply, final_timeout);
          r.host = h;
          r.chunking = chunking;
          r.transaction = from;
          if (code >= 200 && code < 300) {
            r.confirmation = reply;
            r.size = text->size();
            continue;
          }
          r.status = code >= 500 ? Result::Status::fail : Result::Status::defer;
          r.error = code == 0 ? -18 : -1;
          r.message = code == 0 ? "Remote host closed connection in response to end of data"
                                : "LMTP error after end of data: " + flat_reply(reply);
        }
        ++carried;
        in_transaction = false;
        continue;
      }
      code = c.reply(reply, final_timeout);
      if (code != 250) {
        // Exim's errno for a connection the far end closed: -18.
        std::string why = code == 0 ? "Remote host closed connection in response to end of data"
                                    : smtp_error("end of data", reply);
        all(code >= 500 ? Result::Status::fail : Result::Status::defer, code == 0 ? -18 : -1, why,
            h);
        return results;
      }
      for (size_t i = from; i < to; ++i) {
        if (settled[i]) continue;
        settled[i] = true;
        Result& r = results[i];
        r.confirmation = reply;  // every line; the log shows "\n" between them
        r.host = h;
        r.chunking = chunking;
        r.transaction = from;
        r.continued = reused || from > 0;
        r.size = text->size();
      }
      ++carried;
      in_transaction = false;
    }
    if (fresh_connection) {
      --host_index;  // this host again
      continue;
    }
    // Kept for the next message to this host, up to
    // connection_max_messages (Exim's default 500).
    const config::OptionValue* max_messages = t.option("connection_max_messages");
    int limit = max_messages != nullptr && max_messages->is_set ? static_cast<int>(max_messages->number)
                                                               : 500;
    if (cacheable && (limit == 0 || carried < limit)) {
      if (in_transaction) {
        c.send("RSET\r\n", command_timeout);
        if (c.reply(reply, command_timeout) != 250) in_transaction = true;
        else in_transaction = false;
      }
      if (!in_transaction) {
        CachedConnection keep{std::move(owned), ehlo_reply, esmtp, results.front().greeting,
                              results.front().helo_response, Clock::now(), carried,
                              m.header.id};
        auto old = t_connections.find(key);
        if (old != t_connections.end()) {
          old->second.connection->send("QUIT\r\n", std::chrono::seconds(1));
        }
        t_connections[key] = std::move(keep);
        if (!results.empty()) results.front().unreachable = unreachable;
        return results;
      }
    }
    c.send("QUIT\r\n", command_timeout);
    if (!results.empty()) results.front().unreachable = unreachable;
    return results;
  }
  for (Result& r : results) {
    r.status = Result::Status::defer;
    r.error = last_errno;
    r.message = last_error;
    r.host = last_host;
  }
  if (!unreachable.empty()) {
    raise("msg:defer", last_error, &unreachable.back().first, batch.front(), last_errno);
  }
  if (!results.empty()) results.front().unreachable = unreachable;
  return results;
}

}  // namespace corvid::transport
