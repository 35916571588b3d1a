// A net::Stream test double: reads come from a list of chunks given in
// advance (each read returns at most one chunk, so tests control how input
// is split), writes are collected in `written`.
#pragma once

#include <cstring>
#include <deque>
#include <optional>
#include <string>

#include "net/stream.hpp"

namespace corvid::smtp::testing {

class MemoryStream : public net::Stream {
 public:
  MemoryStream(asio::any_io_executor ex, std::deque<std::string> chunks)
      : ex_(std::move(ex)), chunks_(std::move(chunks)) {}

  asio::any_io_executor executor() override { return ex_; }

  asio::awaitable<size_t> read_some(asio::mutable_buffer buf, std::error_code& ec) override {
    while (!chunks_.empty() && chunks_.front().empty()) chunks_.pop_front();
    if (closed_ || chunks_.empty()) {
      ec = asio::error::eof;
      co_return 0;
    }
    std::string& front = chunks_.front();
    size_t n = std::min(buf.size(), front.size());
    std::memcpy(buf.data(), front.data(), n);
    front.erase(0, n);
    if (front.empty()) chunks_.pop_front();
    co_return n;
  }

  asio::awaitable<void> write_all(std::string_view data, std::error_code&) override {
    written.append(data);
    co_return;
  }

  size_t available() override { return chunks_.empty() ? 0 : chunks_.front().size(); }
  void close() override { closed_ = true; }
  void cancel() override {}

  std::string written;

 private:
  asio::any_io_executor ex_;
  std::deque<std::string> chunks_;
  bool closed_ = false;
};

// Runs a coroutine to completion on a fresh io_context.
template <typename T>
T run(asio::io_context& io, asio::awaitable<T> aw) {
  std::optional<T> result;
  asio::co_spawn(io, std::move(aw), [&](std::exception_ptr e, T v) {
    if (e) std::rethrow_exception(e);
    result = std::move(v);
  });
  io.run();
  io.restart();
  return std::move(*result);
}

}  // namespace corvid::smtp::testing
