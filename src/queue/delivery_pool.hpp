// Deliveries in the background of the daemon: immediate delivery of each
// accepted message (Exim's default, unless queue_only or -odq) and the
// periodic queue run of `-q<interval>`. Worker threads run deliver_message
// (which blocks on files and remote hosts), never the SMTP event loops.
//
// Bounded: at most `capacity` messages wait for a worker; a message that
// finds the list full is left for the next queue run (it is safe on disk
// either way).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "log/writer.hpp"
#include "spool/layout.hpp"

namespace corvid::queue {

class DeliveryPool {
 public:
  DeliveryPool(std::shared_ptr<const config::Config> config, spool::SpoolLayout layout,
               std::shared_ptr<log::Logger> logger, unsigned workers, size_t capacity,
               std::chrono::seconds queue_interval);
  ~DeliveryPool();
  DeliveryPool(const DeliveryPool&) = delete;
  DeliveryPool& operator=(const DeliveryPool&) = delete;

  // Asks for `id` to be delivered soon; false when the list is full.
  bool submit(const std::string& id);
  // Stops taking work; running deliveries finish first.
  void stop();

 private:
  void work();
  void queue_runner();

  std::shared_ptr<const config::Config> config_;
  spool::SpoolLayout layout_;
  std::shared_ptr<log::Logger> logger_;
  size_t capacity_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> pending_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace corvid::queue
