#include "spool/data_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace corvid::spool {

namespace fs = std::filesystem;

namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

std::error_code write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

std::error_code append_line_synced(const fs::path& path, std::string_view line, bool sync) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return last_error();
  std::string text = std::string(line) + "\n";
  std::error_code ec = write_all(fd, text);
  if (!ec && sync && ::fsync(fd) != 0) ec = last_error();
  ::close(fd);
  return ec;
}

}  // namespace

std::string data_file_first_line(std::string_view id) { return std::string(id) + "-D\n"; }

DataFileWriter::DataFileWriter(DataFileWriter&& o) noexcept
    : fd_(o.fd_), path_(std::move(o.path_)), body_size_(o.body_size_) {
  o.fd_ = -1;
}

DataFileWriter& DataFileWriter::operator=(DataFileWriter&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = o.fd_;
    path_ = std::move(o.path_);
    body_size_ = o.body_size_;
    o.fd_ = -1;
  }
  return *this;
}

DataFileWriter::~DataFileWriter() { close(); }

std::error_code DataFileWriter::create(const SpoolLayout& layout, std::string_view id) {
  close();
  if (auto ec = layout.ensure_dirs(id)) return ec;
  path_ = layout.input_file(id, "-D");
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd_ < 0) return last_error();
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = static_cast<off_t>(kDataStartOffset);
  if (::fcntl(fd_, F_SETLK, &lock) != 0) {
    std::error_code ec = last_error();
    abandon();
    return ec;
  }
  body_size_ = 0;
  return write_all(fd_, data_file_first_line(id));
}

std::error_code DataFileWriter::write(std::string_view bytes) {
  if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
  std::error_code ec = write_all(fd_, bytes);
  if (!ec) body_size_ += bytes.size();
  return ec;
}

void DataFileWriter::abandon() {
  if (!path_.empty()) ::unlink(path_.c_str());
  close();
}

void DataFileWriter::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::optional<std::string> read_file(const fs::path& path, std::error_code& ec) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ec = last_error();
    return std::nullopt;
  }
  std::string out;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ec = last_error();
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  ec.clear();
  return out;
}

std::optional<std::string> read_data_body(const SpoolLayout& layout, std::string_view id,
                                          std::error_code& ec) {
  auto bytes = read_file(layout.input_file(id, "-D"), ec);
  if (!bytes) return std::nullopt;
  std::string first = data_file_first_line(id);
  if (!bytes->starts_with(first)) {
    ec = std::make_error_code(std::errc::illegal_byte_sequence);
    return std::nullopt;
  }
  return bytes->substr(first.size());
}

std::error_code append_journal(const SpoolLayout& layout, std::string_view id,
                               std::string_view address) {
  return append_line_synced(layout.input_file(id, "-J"), address, true);
}

std::vector<std::string> read_journal(const SpoolLayout& layout, std::string_view id) {
  std::error_code ec;
  std::vector<std::string> out;
  auto bytes = read_file(layout.input_file(id, "-J"), ec);
  if (!bytes) return out;
  std::size_t pos = 0;
  while (pos < bytes->size()) {
    std::size_t nl = bytes->find('\n', pos);
    if (nl == std::string::npos) break;  // a line cut short by a crash: not recorded
    out.push_back(bytes->substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

std::error_code append_msglog(const SpoolLayout& layout, std::string_view id,
                              std::string_view line) {
  if (auto ec = layout.ensure_dirs(id)) return ec;
  return append_line_synced(layout.msglog_file(id), line, false);
}

}  // namespace corvid::spool
