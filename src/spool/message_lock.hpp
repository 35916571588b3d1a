// Owning a queued message while changing it: the lock Exim takes (an
// fcntl lock on the first byte of the -D file; whoever holds it delivers
// or edits the message), and rewriting the -H file atomically (a temporary
// file, fsync, rename, fsync of the directory).
#pragma once

#include <filesystem>
#include <system_error>

#include "spool/header_file.hpp"
#include "spool/layout.hpp"

namespace corvid::spool {

class MessageLock {
 public:
  // Tries once; held() tells whether it was got, busy() whether someone
  // else holds it (false with neither: no such message).
  explicit MessageLock(const std::filesystem::path& data);
  ~MessageLock();
  MessageLock(const MessageLock&) = delete;
  MessageLock& operator=(const MessageLock&) = delete;
  bool held() const { return fd_ >= 0; }
  bool busy() const { return busy_; }

 private:
  int fd_ = -1;
  bool busy_ = false;
};

std::error_code rewrite_header_file(const SpoolLayout& layout, const HeaderFile& h);

}  // namespace corvid::spool
