// MessageStores: SpoolStore writes Exim-format spool files and makes them
// durable through the group-commit thread; HostCheckStore (-bh) hands out
// message ids and writes nothing, as `exim -bh` does.
#pragma once

#include <memory>

#include "smtp/server/message_store.hpp"
#include "spool/commit.hpp"
#include "spool/layout.hpp"
#include "spool/message_id.hpp"

namespace corvid::smtp {

class SpoolStore final : public MessageStore {
 public:
  SpoolStore(spool::SpoolLayout layout, std::optional<int> localhost_number);
  std::string new_id(std::chrono::system_clock::time_point started) override;
  asio::awaitable<std::error_code> store(ReceivedMessage message) override;

 private:
  spool::SpoolLayout layout_;
  // The process's generator: the bounces its deliveries write take ids
  // from it too.
  spool::MessageIdGenerator& ids_;
  spool::Committer committer_;
};

class HostCheckStore final : public MessageStore {
 public:
  std::string new_id(std::chrono::system_clock::time_point started) override {
    return ids_.next(started);
  }
  asio::awaitable<std::error_code> store(ReceivedMessage) override { co_return std::error_code(); }

 private:
  spool::MessageIdGenerator ids_;
};

}  // namespace corvid::smtp
