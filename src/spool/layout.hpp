// Where a message's files live in an Exim spool directory.
//
//   <spool>/input/[<s>/]<id>-H    envelope and headers (header_file.hpp)
//   <spool>/input/[<s>/]<id>-D    body (data_file.hpp)
//   <spool>/input/[<s>/]<id>-J    delivery journal
//   <spool>/input/[<s>/]hdr.<id>  -H being written (commit.hpp)
//   <spool>/msglog/[<s>/]<id>     per-message log
//
// <s> is the id's 6th character when split_spool_directory is true.
// Readers look in both places (Exim does too, so a queue written before
// the option changed is still found): locate() says where a message is.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace corvid::config {
class Config;
}

namespace corvid::spool {

class SpoolLayout {
 public:
  SpoolLayout(std::filesystem::path directory, bool split);
  // From spool_directory and split_spool_directory. spool_directory must
  // already be expanded by the caller when it holds '$' (see mode_queue).
  static SpoolLayout from_config(const config::Config& config, std::string spool_directory);

  const std::filesystem::path& directory() const { return directory_; }
  bool split() const { return split_; }

  std::filesystem::path input_root() const { return directory_ / "input"; }
  std::filesystem::path msglog_root() const { return directory_ / "msglog"; }
  // The directory new files of `id` go to (split or not, as configured).
  std::filesystem::path input_dir(std::string_view id) const;
  std::filesystem::path msglog_dir(std::string_view id) const;
  // input_dir(id) / (id + suffix), suffix "-H", "-D", "-J".
  std::filesystem::path input_file(std::string_view id, std::string_view suffix) const;
  std::filesystem::path header_temp_file(std::string_view id) const;
  std::filesystem::path msglog_file(std::string_view id) const;

  // The layout in which `id`'s -H file exists (this one, or the other
  // split setting); nullopt when there is none.
  std::optional<SpoolLayout> locate(std::string_view id) const;

  // Creates input_dir(id) and msglog_dir(id) (mode 0750) as needed; a new
  // directory is fsynced into its parent so that it survives a crash.
  std::error_code ensure_dirs(std::string_view id) const;

 private:
  std::filesystem::path directory_;
  bool split_;
};

// fsync of a directory by path.
std::error_code fsync_directory(const std::filesystem::path& dir);

}  // namespace corvid::spool
