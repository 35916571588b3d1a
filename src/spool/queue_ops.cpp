#include "spool/queue_ops.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "spool/data_file.hpp"

namespace corvid::spool {

namespace fs = std::filesystem;

namespace {

// The layout holding the message's files: where its -H is, else as
// configured (so a message with only some files left is still found).
SpoolLayout where(const SpoolLayout& layout, std::string_view id) {
  return layout.locate(id).value_or(layout);
}

OpResult view_file(const fs::path& path, const std::string& failure_prefix) {
  std::error_code ec;
  auto bytes = read_file(path, ec);
  if (!bytes) return {false, failure_prefix + ": " + ec.message() + "\n"};
  return {true, std::move(*bytes)};
}

// True when another process holds a lock on the -D file's first line.
bool locked_elsewhere(const fs::path& data) {
  int fd = ::open(data.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_len = static_cast<off_t>(kDataStartOffset);
  bool locked = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  ::close(fd);
  return locked;
}

std::error_code unlink_file(const fs::path& p) {
  if (::unlink(p.c_str()) == 0) return {};
  return {errno, std::generic_category()};
}

}  // namespace

OpResult view_header_file(const SpoolLayout& layout, std::string_view id) {
  std::string sid(id);
  return view_file(where(layout, id).input_file(id, "-H"), "Failed to open input file for " + sid + "-H");
}

OpResult view_data_file(const SpoolLayout& layout, std::string_view id) {
  std::string sid(id);
  return view_file(where(layout, id).input_file(id, "-D"), "Failed to open input file for " + sid + "-D");
}

OpResult view_message_log(const SpoolLayout& layout, std::string_view id) {
  std::string sid(id);
  return view_file(where(layout, id).msglog_file(id), "Failed to open msglog file for " + sid);
}

OpResult remove_message(const SpoolLayout& layout, std::string_view id) {
  std::string sid(id);
  SpoolLayout at = where(layout, id);
  if (locked_elsewhere(at.input_file(id, "-D"))) {
    return {false, "Spool file for " + sid + " is locked (another process is handling this message)\n"};
  }
  OpResult r;
  unlink_file(at.msglog_file(id));
  unlink_file(at.input_file(id, "-J"));
  if (auto ec = unlink_file(at.input_file(id, "-D"))) {
    r.ok = false;
    r.text += "Spool data file for " + sid + " does not exist\nContinuing, to ensure all files removed\n";
  }
  if (auto ec = unlink_file(at.input_file(id, "-H"))) {
    r.ok = false;
    r.text += "Spool read error for " + sid + "-H: " + ec.message() +
              "\nContinuing to ensure all files removed\n";
  }
  r.text += "Message " + sid + (r.ok ? " has been removed\n" : " has been removed or did not exist\n");
  return r;
}

}  // namespace corvid::spool
