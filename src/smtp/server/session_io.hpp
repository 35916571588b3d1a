// The byte-level side of an inbound SMTP session: buffered input with line
// extraction, buffered replies flushed when input runs dry (so pipelined
// commands get their replies in one write), and a watchdog that ends the
// session when the peer is silent for longer than smtp_receive_timeout.
//
// Promises: a line is returned without its line ending (CRLF or a bare LF);
// a line longer than the limit is reported as too long rather than
// buffered without bound; input after a line stays buffered for the next
// read (pipelining, DATA, BDAT and the synchronisation check see it).
#pragma once

#include <asio.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "net/stream.hpp"

namespace corvid::smtp {

class SessionIo {
 public:
  SessionIo(net::Stream& stream, std::chrono::seconds timeout);

  enum class LineStatus { ok, too_long, eof, timeout, error };

  // Reads one command line (without its CRLF).
  asio::awaitable<LineStatus> read_line(std::string& line, size_t max_length);

  // Reads at least one more byte into the input buffer.
  asio::awaitable<LineStatus> fill();

  // Unread input (for DATA/BDAT readers, which consume it with consume()).
  std::string_view pending() const { return std::string_view(in_).substr(in_pos_); }
  void consume(size_t n);

  // True when the peer has sent input we have not read yet: bytes buffered
  // here or waiting in the socket (Exim's synchronisation check).
  bool input_pending() const;

  // Queues reply text (already formatted with CRLFs).
  void queue_reply(std::string_view text) { out_.append(text); }
  // Sends queued replies.
  asio::awaitable<bool> flush();
  // Sends queued replies unless more pipelined input is already waiting.
  asio::awaitable<bool> flush_if_idle();

  void set_timeout(std::chrono::seconds t) { timeout_ = t; }
  bool timed_out() const { return timed_out_; }
  void close() { stream_.close(); }

 private:
  void arm_watchdog();

  net::Stream& stream_;
  std::chrono::seconds timeout_;
  std::string in_;
  size_t in_pos_ = 0;
  std::string out_;
  std::shared_ptr<asio::steady_timer> watchdog_;
  bool timed_out_ = false;
};

}  // namespace corvid::smtp
