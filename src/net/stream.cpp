#include "net/stream.hpp"

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>

namespace corvid::net {

namespace {


class TcpStream final : public Stream {
 public:
  explicit TcpStream(asio::ip::tcp::socket s) : socket_(std::move(s)) {}

  asio::any_io_executor executor() override { return socket_.get_executor(); }

  asio::awaitable<size_t> read_some(asio::mutable_buffer buf, std::error_code& ec) override {
    co_return co_await socket_.async_read_some(buf, asio::redirect_error(asio::use_awaitable, ec));
  }

  asio::awaitable<void> wait_readable(std::error_code& ec) override {
    co_await socket_.async_wait(asio::ip::tcp::socket::wait_read,
                                asio::redirect_error(asio::use_awaitable, ec));
  }

  std::optional<size_t> read_now(asio::mutable_buffer buf, std::error_code& ec) override {
    if (!socket_.non_blocking()) socket_.non_blocking(true, ec);
    return socket_.read_some(buf, ec);
  }

  asio::awaitable<void> write_all(std::string_view data, std::error_code& ec) override {
    co_await asio::async_write(socket_, asio::buffer(data.data(), data.size()),
                               asio::redirect_error(asio::use_awaitable, ec));
  }

  size_t available() override {
    std::error_code ec;
    size_t n = socket_.available(ec);
    return ec ? 0 : n;
  }

  void close() override {
    std::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  void cancel() override {
    std::error_code ec;
    socket_.cancel(ec);
  }

 private:
  asio::ip::tcp::socket socket_;
};

// Standard input/output serve exactly one session in their process (-bs,
// -bh), so plain blocking reads and writes are used: they also work when
// input is a regular file, which epoll cannot watch.
class FdStream final : public Stream {
 public:
  FdStream(asio::any_io_executor ex, int in_fd, int out_fd)
      : ex_(std::move(ex)), in_(in_fd), out_(out_fd) {}

  asio::any_io_executor executor() override { return ex_; }

  asio::awaitable<size_t> read_some(asio::mutable_buffer buf, std::error_code& ec) override {
    for (;;) {
      if (timeout_.count() > 0) {
        pollfd p{in_, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(timeout_.count()));
        if (r == 0) {
          ec = asio::error::timed_out;
          co_return 0;
        }
        if (r < 0 && errno == EINTR) continue;
      }
      ssize_t n = ::read(in_, buf.data(), buf.size());
      if (n > 0) co_return static_cast<size_t>(n);
      if (n == 0) {
        ec = asio::error::eof;
        co_return 0;
      }
      if (errno != EINTR) {
        ec = std::error_code(errno, std::system_category());
        co_return 0;
      }
    }
  }

  asio::awaitable<void> write_all(std::string_view data, std::error_code& ec) override {
    while (!data.empty()) {
      ssize_t n = ::write(out_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        ec = std::error_code(errno, std::system_category());
        co_return;
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    co_return;
  }

  size_t available() override {
    int n = 0;
    if (::ioctl(in_, FIONREAD, &n) != 0 || n < 0) return 0;
    return static_cast<size_t>(n);
  }

  void close() override {}
  // Reads here block (one session per process, so nothing else waits
  // meanwhile); they are bounded by poll() with the read timeout instead.
  void cancel() override {}
  void set_read_timeout(std::chrono::milliseconds t) override { timeout_ = t; }

 private:
  asio::any_io_executor ex_;
  std::chrono::milliseconds timeout_{0};
  int in_;
  int out_;
};

}  // namespace

std::unique_ptr<Stream> make_tcp_stream(asio::ip::tcp::socket socket) {
  return std::make_unique<TcpStream>(std::move(socket));
}

std::unique_ptr<Stream> make_fd_stream(asio::any_io_executor ex, int in_fd, int out_fd) {
  return std::make_unique<FdStream>(std::move(ex), in_fd, out_fd);
}

}  // namespace corvid::net
