#include "net/listener.hpp"

#include <iostream>

namespace corvid::net {

ConnectionLimits::Verdict ConnectionLimits::admit(const std::string& host, int* count) {
  // The reserve check only matters near the limit, so the host list is
  // consulted only then (and outside the lock: it may be slow).
  bool near_limit = false;
  {
    std::lock_guard lock(mu_);
    near_limit = reserve_ > 0 && max_total_ > 0 && total_ >= max_total_ - reserve_;
  }
  bool reserved_host = near_limit && reserved_host_ && reserved_host_(host);
  std::lock_guard lock(mu_);
  int& mine = per_host_[host];
  Verdict v = Verdict::ok;
  // smtp_accept_reserve slots are kept for hosts in smtp_reserve_hosts.
  int limit = reserved_host ? max_total_ : max_total_ - reserve_;
  if (max_total_ > 0 && total_ >= limit) {
    v = Verdict::too_many;
  } else if (max_per_host_ > 0 && mine >= max_per_host_) {
    v = Verdict::too_many_for_host;
  }
  ++total_;
  ++mine;
  if (count != nullptr) *count = total_;
  return v;
}

void ConnectionLimits::release(const std::string& host) {
  std::lock_guard lock(mu_);
  --total_;
  auto it = per_host_.find(host);
  if (it != per_host_.end() && --it->second <= 0) per_host_.erase(it);
}

int ConnectionLimits::total() const {
  std::lock_guard lock(mu_);
  return total_;
}

bool Listener::open(const std::vector<ListenEndpoint>& endpoints, int backlog,
                    std::string& error) {
  for (const ListenEndpoint& ep : endpoints) {
    std::error_code ec;
    auto addr = asio::ip::make_address(ep.address, ec);
    if (ec) {
      error = "invalid listening address " + ep.address;
      return false;
    }
    auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(io_);
    asio::ip::tcp::endpoint endpoint(addr, ep.port);
    acceptor->open(endpoint.protocol(), ec);
    if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec && addr.is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
    if (!ec) acceptor->bind(endpoint, ec);
    if (!ec) acceptor->listen(backlog, ec);
    if (ec) {
      error = "socket bind() to port " + std::to_string(ep.port) + " for address " + ep.address +
              " failed: " + ec.message();
      return false;
    }
    acceptors_.push_back(std::move(acceptor));
  }
  return true;
}

void Listener::start() {
  for (auto& acceptor : acceptors_) {
    asio::co_spawn(io_, accept_loop(*acceptor), [](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          std::cerr << "corvid: accept loop ended: " << ex.what() << '\n';
        }
      }
    });
  }
}

void Listener::stop() {
  for (auto& acceptor : acceptors_) {
    std::error_code ec;
    acceptor->close(ec);
  }
}

std::vector<uint16_t> Listener::bound_ports() const {
  std::vector<uint16_t> ports;
  for (const auto& acceptor : acceptors_) {
    std::error_code ec;
    auto ep = acceptor->local_endpoint(ec);
    if (!ec) ports.push_back(ep.port());
  }
  return ports;
}

asio::awaitable<void> Listener::accept_loop(asio::ip::tcp::acceptor& acceptor) {
  for (;;) {
    std::error_code ec;
    asio::ip::tcp::socket socket =
        co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      continue;  // EMFILE, ECONNABORTED ...: keep accepting
    }
    Accepted a;
    auto remote = socket.remote_endpoint(ec);
    auto local = socket.local_endpoint(ec);
    // Move the connection to the loop that will run its session.
    asio::io_context& loop = pick_();
    if (&loop != &io_) {
      asio::ip::tcp::socket moved(loop);
      auto protocol = remote.protocol();
      moved.assign(protocol, socket.release(ec), ec);
      if (ec) continue;
      socket = std::move(moved);
    }
    a.peer_address = remote.address().to_string();
    a.peer_port = remote.port();
    a.local_address = local.address().to_string();
    a.local_port = local.port();
    a.verdict = limits_->admit(a.peer_address, &a.connection_count);
    a.stream = make_tcp_stream(std::move(socket));
    auto limits = limits_;
    std::string peer = a.peer_address;
    asio::co_spawn(loop, handler_(std::move(a)), [limits, peer](std::exception_ptr e) {
      limits->release(peer);
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          std::cerr << "corvid: session for " << peer << " ended: " << ex.what() << '\n';
        }
      }
    });
  }
}

}  // namespace corvid::net
