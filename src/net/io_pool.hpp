// The daemon's event loops: one io_context per core, each run by its own
// thread (the first by the caller's). Sessions are handed out round robin,
// and each session then stays on its loop, so a session's coroutine never
// runs on two threads at once and needs no locks of its own. What sessions
// share (logger, spool committer, ACL caches, hints database, connection
// counts) is thread-safe.
#pragma once

#include <asio.hpp>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace corvid::net {

class IoPool {
 public:
  // `threads` loops (at least one).
  explicit IoPool(unsigned threads);
  ~IoPool();

  asio::io_context& main() { return *contexts_.front(); }
  // The loop for the next session.
  asio::io_context& next();
  // Runs every loop until stop(); returns when all have stopped.
  void run();
  void stop();
  size_t size() const { return contexts_.size(); }

 private:
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};
};

}  // namespace corvid::net
