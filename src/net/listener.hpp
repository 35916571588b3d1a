// The daemon's listening sockets and its accept loops.
//
// One acceptor per endpoint (IPv6 sockets are v6-only so that "::" and
// "0.0.0.0" can both be bound). Each accepted connection is counted
// against smtp_accept_max and smtp_accept_max_per_host before anything is
// read from it, then handed to the session handler as a coroutine on the
// same executor. A connection over a limit is still passed to the handler,
// marked, so that it can send Exim's 421 reply and log the refusal.
#pragma once

#include <asio.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/listen_spec.hpp"
#include "net/stream.hpp"

namespace corvid::net {

// Connection counting shared by all accept loops.
class ConnectionLimits {
 public:
  // `reserved_host` says whether an address is in smtp_reserve_hosts (may
  // use the reserved smtp_accept_reserve slots); none: no host is.
  ConnectionLimits(int max_total, int max_per_host, int reserve,
                   std::function<bool(const std::string&)> reserved_host = nullptr)
      : max_total_(max_total),
        max_per_host_(max_per_host),
        reserve_(reserve),
        reserved_host_(std::move(reserved_host)) {}

  enum class Verdict { ok, too_many, too_many_for_host };

  // Counts a new connection from `host`; the caller must release() it.
  // `count` gets the number of connections now open, this one included.
  Verdict admit(const std::string& host, int* count = nullptr);
  void release(const std::string& host);
  int total() const;

 private:
  int max_total_;
  int max_per_host_;
  int reserve_;
  std::function<bool(const std::string&)> reserved_host_;
  mutable std::mutex mu_;
  int total_ = 0;
  std::map<std::string, int> per_host_;
};

struct Accepted {
  std::unique_ptr<Stream> stream;
  std::string peer_address;
  uint16_t peer_port = 0;
  std::string local_address;
  uint16_t local_port = 0;
  ConnectionLimits::Verdict verdict = ConnectionLimits::Verdict::ok;
  int connection_count = 0;  // open connections, this one included
};

using SessionHandler = std::function<asio::awaitable<void>(Accepted)>;
// Chooses the event loop a new session runs on.
using LoopPicker = std::function<asio::io_context&()>;

class Listener {
 public:
  // Acceptors run on `io`; each session on the loop `pick` chooses (the
  // same loop when none is given).
  Listener(asio::io_context& io, std::shared_ptr<ConnectionLimits> limits,
           SessionHandler handler, LoopPicker pick = nullptr)
      : io_(io),
        limits_(std::move(limits)),
        handler_(std::move(handler)),
        pick_(pick ? std::move(pick) : LoopPicker([&io]() -> asio::io_context& { return io; })) {}

  // Opens every endpoint. False with `error` set if one cannot be bound.
  bool open(const std::vector<ListenEndpoint>& endpoints, int backlog, std::string& error);
  // Starts the accept loops (returns at once).
  void start();
  // Closes the acceptors; sessions already running go on.
  void stop();
  // The ports actually bound (useful when a port of 0 was asked for).
  std::vector<uint16_t> bound_ports() const;

 private:
  asio::awaitable<void> accept_loop(asio::ip::tcp::acceptor& acceptor);

  asio::io_context& io_;
  std::shared_ptr<ConnectionLimits> limits_;
  SessionHandler handler_;
  LoopPicker pick_;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
};

}  // namespace corvid::net
