// Where a session hands a received message: the spool (spool_store.cpp) in
// the daemon and -bs, nothing in -bh. store() completes only when the
// message is durable: the session sends its 250 after that and not before.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <string>
#include <system_error>
#include <vector>

#include "spool/header_file.hpp"

namespace corvid::smtp {

struct ReceivedMessage {
  spool::HeaderFile header;  // envelope, options and header lines
  std::string body;          // the message body (after the header lines)
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;
  // A new message id for a message whose reception started at `started`.
  virtual std::string new_id(std::chrono::system_clock::time_point started) = 0;
  // Writes the message and makes it durable; an error means it was not
  // stored (and nothing of it is left behind).
  virtual asio::awaitable<std::error_code> store(ReceivedMessage message) = 0;
};

}  // namespace corvid::smtp
