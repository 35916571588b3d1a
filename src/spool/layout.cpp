#include "spool/layout.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "config/config.hpp"
#include "spool/message_id.hpp"

namespace corvid::spool {

namespace fs = std::filesystem;

SpoolLayout::SpoolLayout(fs::path directory, bool split)
    : directory_(std::move(directory)), split_(split) {}

SpoolLayout SpoolLayout::from_config(const config::Config& config, std::string spool_directory) {
  return SpoolLayout(fs::path(std::move(spool_directory)),
                     config.bool_option("split_spool_directory").value_or(false));
}

fs::path SpoolLayout::input_dir(std::string_view id) const {
  return split_ ? input_root() / split_subdirectory(id) : input_root();
}

fs::path SpoolLayout::msglog_dir(std::string_view id) const {
  return split_ ? msglog_root() / split_subdirectory(id) : msglog_root();
}

fs::path SpoolLayout::input_file(std::string_view id, std::string_view suffix) const {
  return input_dir(id) / (std::string(id) + std::string(suffix));
}

fs::path SpoolLayout::header_temp_file(std::string_view id) const {
  return input_dir(id) / ("hdr." + std::string(id));
}

fs::path SpoolLayout::msglog_file(std::string_view id) const {
  return msglog_dir(id) / std::string(id);
}

std::optional<SpoolLayout> SpoolLayout::locate(std::string_view id) const {
  std::error_code ec;
  if (fs::exists(input_file(id, "-H"), ec)) return *this;
  SpoolLayout other(directory_, !split_);
  if (fs::exists(other.input_file(id, "-H"), ec)) return other;
  return std::nullopt;
}

std::error_code fsync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return {errno, std::generic_category()};
  std::error_code ec;
  if (::fsync(fd) != 0) ec = {errno, std::generic_category()};
  ::close(fd);
  return ec;
}

namespace {

// Creates `dir` and any missing parents; each directory created is made
// durable in its parent.
std::error_code make_durable_dir(const fs::path& dir) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) {
    return S_ISDIR(st.st_mode) ? std::error_code() : std::make_error_code(std::errc::not_a_directory);
  }
  if (dir.has_parent_path() && dir.parent_path() != dir) {
    if (auto ec = make_durable_dir(dir.parent_path())) return ec;
  }
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) return {errno, std::generic_category()};
  return fsync_directory(dir.has_parent_path() ? dir.parent_path() : fs::path("."));
}

}  // namespace

std::error_code SpoolLayout::ensure_dirs(std::string_view id) const {
  if (auto ec = make_durable_dir(input_dir(id))) return ec;
  return make_durable_dir(msglog_dir(id));
}

}  // namespace corvid::spool
