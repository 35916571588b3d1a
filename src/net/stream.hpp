// A byte stream a server session talks over, whatever carries it: a TCP
// socket, standard input/output (-bs, -bh), and later a TLS stream.
//
// The session reads and writes through this interface only, so the same
// SMTP code serves every transport. Every operation is a coroutine on the
// stream's executor; errors come back as std::error_code, never as
// exceptions.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <optional>
#include <cstddef>
#include <memory>
#include <string_view>
#include <system_error>

namespace corvid::net {

class Stream {
 public:
  virtual ~Stream() = default;
  virtual asio::any_io_executor executor() = 0;
  // Reads at least one byte into `buf` (0 with an error at end of input).
  virtual asio::awaitable<size_t> read_some(asio::mutable_buffer buf, std::error_code& ec) = 0;
  // Writes all of `data`.
  virtual asio::awaitable<void> write_all(std::string_view data, std::error_code& ec) = 0;
  // Bytes that can be read now without waiting (for the SMTP
  // synchronisation check); 0 when unknown.
  virtual size_t available() = 0;
  // Closes the stream; pending operations end with an error.
  virtual void close() = 0;
  // Ends a pending read with an error but keeps the stream usable (used
  // for timeouts after which the session still speaks: PROXY, 421).
  virtual void cancel() = 0;
  // The longest a read may wait, for streams whose reads cannot be
  // cancelled (standard input); a read that waits longer fails with
  // asio::error::timed_out. Socket streams are cancelled instead.
  virtual void set_read_timeout(std::chrono::milliseconds) {}
  // Waits until a read would not block (a no-op where reads block anyway).
  // An idle session then holds no read buffer while it waits.
  virtual asio::awaitable<void> wait_readable(std::error_code& ec) {
    (void)ec;
    co_return;
  }
  // A read that never waits (after wait_readable); nullopt where the
  // stream has none, and read_some must be used.
  virtual std::optional<size_t> read_now(asio::mutable_buffer buf, std::error_code& ec) {
    (void)buf;
    (void)ec;
    return std::nullopt;
  }
};

// A connected TCP socket.
std::unique_ptr<Stream> make_tcp_stream(asio::ip::tcp::socket socket);

// Standard input and output (or any two descriptors); used by -bs and -bh.
std::unique_ptr<Stream> make_fd_stream(asio::any_io_executor ex, int in_fd, int out_fd);

}  // namespace corvid::net
