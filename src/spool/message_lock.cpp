#include "spool/message_lock.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace corvid::spool {

MessageLock::MessageLock(const std::filesystem::path& data) {
  fd_ = ::open(data.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) return;
  struct flock l {};
  l.l_type = F_WRLCK;
  l.l_whence = SEEK_SET;
  l.l_len = 1;  // the first byte, as Exim locks it
  // An open-file-description lock: it also keeps out the other threads
  // of this process (a plain fcntl lock would not), and it conflicts
  // with Exim's and the receiver's fcntl locks as those do.
  if (::fcntl(fd_, F_OFD_SETLK, &l) != 0) {
    ::close(fd_);
    fd_ = -1;
    busy_ = true;
  }
}

MessageLock::~MessageLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::error_code rewrite_header_file(const SpoolLayout& layout, const HeaderFile& h) {
  std::filesystem::path tmp = layout.header_temp_file(h.id);
  std::filesystem::path final = layout.input_file(h.id, "-H");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return {errno, std::system_category()};
  std::string text = write_header_file(h);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  int e = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), final.c_str()) != 0) {
    if (ok) e = errno;
    ::unlink(tmp.c_str());
    return {e, std::system_category()};
  }
  return fsync_directory(final.parent_path());
}

}  // namespace corvid::spool
