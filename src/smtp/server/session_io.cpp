#include "smtp/server/session_io.hpp"

namespace corvid::smtp {

namespace {
constexpr size_t kReadChunk = 16384;
}

SessionIo::SessionIo(net::Stream& stream, std::chrono::seconds timeout)
    : stream_(stream),
      timeout_(timeout),
      watchdog_(std::make_shared<asio::steady_timer>(stream.executor())) {}

void SessionIo::consume(size_t n) {
  in_pos_ += n;
  if (in_pos_ >= in_.size()) {
    // Everything read is used: let go of a large buffer (a message's
    // chunk) so that an idle session stays small.
    if (in_.capacity() > 4096) {
      std::string().swap(in_);
    } else {
      in_.clear();
    }
    in_pos_ = 0;
  } else if (in_pos_ > kReadChunk) {
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
}

bool SessionIo::input_pending() const {
  return in_pos_ < in_.size() || stream_.available() > 0;
}

void SessionIo::arm_watchdog() {
  stream_.set_read_timeout(timeout_);
  if (timeout_.count() <= 0) return;
  watchdog_->expires_after(timeout_);
  // The watchdog cancels the pending read (the stream stays open, so the
  // session can still answer); the flag tells the reader why it ended.
  watchdog_->async_wait([this, w = watchdog_](std::error_code ec) {
    if (!ec) {
      timed_out_ = true;
      stream_.cancel();
    }
  });
}

asio::awaitable<SessionIo::LineStatus> SessionIo::fill() {
  std::error_code ec;
  timed_out_ = false;
  arm_watchdog();
  size_t n = 0;
  // Sockets: wait for data first, then read what is there through a
  // per-thread buffer (no suspension between the read and the copy), so a
  // waiting session holds only the bytes it has received.
  co_await stream_.wait_readable(ec);
  std::optional<size_t> now;
  if (!ec) {
    static thread_local char chunk[kReadChunk];
    now = stream_.read_now(asio::buffer(chunk, kReadChunk), ec);
    if (now) {
      n = *now;
      if (ec == asio::error::would_block) ec.clear();  // a spurious wake-up: no data
      in_.append(chunk, n);
    }
  }
  if (!now && !ec) {
    size_t old = in_.size();
    in_.resize(old + kReadChunk);
    n = co_await stream_.read_some(asio::buffer(in_.data() + old, kReadChunk), ec);
    in_.resize(old + n);
  }
  watchdog_->cancel();
  if (now && n == 0 && !ec && !timed_out_) co_return co_await fill();
  if (timed_out_ || ec == asio::error::timed_out) {
    timed_out_ = true;
    co_return LineStatus::timeout;
  }
  if (n > 0) co_return LineStatus::ok;
  if (ec == asio::error::eof) co_return LineStatus::eof;
  co_return LineStatus::error;
}

asio::awaitable<SessionIo::LineStatus> SessionIo::read_line(std::string& line,
                                                             size_t max_length) {
  size_t scanned = 0;
  bool discarding = false;  // an overlong line: its start is kept, the rest dropped
  for (;;) {
    std::string_view avail = pending();
    size_t nl = avail.find('\n', scanned);
    if (nl != std::string_view::npos) {
      size_t end = nl > 0 && avail[nl - 1] == '\r' ? nl - 1 : nl;
      if (!discarding) {
        discarding = end > max_length;
        line.assign(avail.substr(0, std::min(end, max_length)));
      }
      consume(nl + 1);
      co_return discarding ? LineStatus::too_long : LineStatus::ok;
    }
    if (avail.size() > max_length + 2) {
      if (!discarding) line.assign(avail.substr(0, max_length));
      discarding = true;
      consume(avail.size());
      avail = {};
    }
    scanned = avail.size();
    LineStatus st = co_await fill();
    if (st != LineStatus::ok) {
      if (!discarding) line.assign(pending());
      co_return st;
    }
  }
}

asio::awaitable<bool> SessionIo::flush() {
  if (out_.empty()) co_return true;
  std::error_code ec;
  std::string data;
  data.swap(out_);
  co_await stream_.write_all(data, ec);
  co_return !ec;
}

asio::awaitable<bool> SessionIo::flush_if_idle() {
  if (in_pos_ < in_.size()) co_return true;  // more pipelined commands are buffered
  co_return co_await flush();
}

}  // namespace corvid::smtp
