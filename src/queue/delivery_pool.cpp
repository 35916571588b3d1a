#include "queue/delivery_pool.hpp"

#include <unistd.h>

#include "log/events.hpp"
#include "queue/deliver.hpp"
#include "spool/queue_list.hpp"
#include "transport/smtp.hpp"

namespace corvid::queue {

DeliveryPool::DeliveryPool(std::shared_ptr<const config::Config> config, spool::SpoolLayout layout,
                           std::shared_ptr<log::Logger> logger, unsigned workers, size_t capacity,
                           std::chrono::seconds queue_interval)
    : config_(std::move(config)),
      layout_(std::move(layout)),
      logger_(std::move(logger)),
      capacity_(capacity),
      interval_(queue_interval) {
  for (unsigned i = 0; i < std::max(workers, 1u); ++i) threads_.emplace_back([this] { work(); });
  if (interval_.count() > 0) threads_.emplace_back([this] { queue_runner(); });
}

DeliveryPool::~DeliveryPool() { stop(); }

bool DeliveryPool::submit(const std::string& id) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || pending_.size() >= capacity_) return false;
    pending_.push_back(id);
  }
  cv_.notify_one();
  return true;
}

void DeliveryPool::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void DeliveryPool::work() {
  for (;;) {
    std::string id;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (stopping_) return;
      id = std::move(pending_.front());
      pending_.pop_front();
    }
    deliver_message(config_, layout_, id, *logger_, DeliveryOptions{});
    // Connections stay open while more messages wait (they may go to the
    // same hosts); not once the thread has nothing to do.
    bool idle = false;
    {
      std::lock_guard lock(mu_);
      idle = pending_.empty();
    }
    if (idle) transport::close_cached_connections();
  }
}

void DeliveryPool::queue_runner() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    }
    log::Text start;
    start.text = "Start queue run: pid=" + std::to_string(::getpid());
    start.gate = log::Sel::queue_run;
    logger_->log(start);
    for (const spool::QueuedMessage& m : spool::scan_queue(layout_)) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
      }
      // A message being delivered right now is locked and skipped.
      deliver_message(config_, layout_, m.id, *logger_, DeliveryOptions{});
    }
    transport::close_cached_connections();
    log::Text end;
    end.text = "End queue run: pid=" + std::to_string(::getpid());
    end.gate = log::Sel::queue_run;
    logger_->log(end);
  }
}

}  // namespace corvid::queue
