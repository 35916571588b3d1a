// The PROXY protocol (v1 and v2) in front of an SMTP session.
//
// A connection from a host in hosts_proxy must start with a PROXY header,
// complete within proxy_protocol_timeout (3s). On success the session takes
// the client address and port from the header (the TCP peer becomes
// $proxy_local_*, the header's destination $proxy_external_*) and looks the
// client's host name up afresh; a v2 LOCAL
// or v1 UNKNOWN header keeps the TCP peer. On a bad or missing header the
// banner is still sent, but every command except QUIT is refused (session.cpp).
// Bytes after the header are never consumed here: they are the client's
// first SMTP command (or TLS) and stay in the input buffer.
#include "smtp/proto/proxy.hpp"
#include "smtp/server/session.hpp"

namespace corvid::smtp {

asio::awaitable<void> Session::read_proxy_header() {
  proxy_session_ = true;
  std::chrono::seconds timeout =
      config_.time_option("proxy_protocol_timeout").value_or(std::chrono::seconds(3));
  io_.set_timeout(timeout);
  proto::ProxyResult r;
  for (;;) {
    r = proto::parse_proxy_header(io_.pending());
    if (r.status != proto::ProxyStatus::need_more) break;
    if (co_await io_.fill() != SessionIo::LineStatus::ok) {
      r.status = proto::ProxyStatus::error;
      r.reason = io_.timed_out() ? "timeout" : "connection closed";
      break;
    }
  }
  io_.set_timeout(config_.time_option("smtp_receive_timeout").value_or(std::chrono::seconds(300)));
  if (r.status != proto::ProxyStatus::ok) {
    proxy_failed_ = true;
    // Exim logs nothing of its own here: an ACL can test $proxy_session
    // and $proxy_external_address and log what it wants.
    io_.consume(std::min(r.discard, io_.pending().size()));
    co_return;
  }
  io_.consume(r.consumed);
  if (r.local) co_return;
  proxy_local_address_ = peer_.address;
  proxy_local_port_ = peer_.port;
  proxy_external_address_ = r.destination.address;
  proxy_external_port_ = r.destination.port;
  peer_.address = r.source.address;
  peer_.port = r.source.port;
  // The real client gets its own host name lookup, whatever host_lookup says.
  host_lookup_done_ = host_lookup_failed_ = host_lookup_deferred_ = host_dnssec_ = false;
  host_name_.clear();
  host_aliases_.clear();
  host_lookup_msg_.clear();
  co_await look_up_host_name();
}

}  // namespace corvid::smtp
