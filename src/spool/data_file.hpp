// The other per-message spool files: -D (the body), -J (the delivery
// journal) and msglog/<id>.
//
// -D: first line "<id>-D", then the body exactly as received: Unix line
//   ends, no dot-stuffing; or CRLF line ends when the -H file says
//   -spool_file_wireformat. DataFileWriter creates it with O_EXCL (an id
//   already in use is an error, never an overwrite) and holds Exim's
//   fcntl write lock on its first line, so an Exim queue runner sharing
//   the spool leaves a message alone while Corvid receives or delivers it.
//   It is written under its final name: a -D file without a -H file is
//   not a message (queue readers look for -H files only); commit.hpp
//   makes the pair durable.
// -J: one delivered address per line, appended and fsynced during a
//   delivery; Exim adds them to the non-recipients on its next look.
// msglog: free text lines, appended.
//
// Errors are std::error_code values (errno); nothing throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "spool/layout.hpp"

namespace corvid::spool {

// "<id>-D\n": the first line of a -D file; the body starts after it
// (Exim's SPOOL_DATA_START_OFFSET is its length, 19).
std::string data_file_first_line(std::string_view id);
inline constexpr std::size_t kDataStartOffset = 19;

class DataFileWriter {
 public:
  DataFileWriter() = default;
  DataFileWriter(const DataFileWriter&) = delete;
  DataFileWriter& operator=(const DataFileWriter&) = delete;
  DataFileWriter(DataFileWriter&& o) noexcept;
  DataFileWriter& operator=(DataFileWriter&& o) noexcept;
  ~DataFileWriter();  // closes (which drops the lock); never unlinks

  // Creates layout.input_file(id, "-D") (directories as needed), locks
  // it and writes the first line.
  std::error_code create(const SpoolLayout& layout, std::string_view id);
  std::error_code write(std::string_view bytes);
  // Bytes of body written so far (first line excluded).
  std::uint64_t body_size() const { return body_size_; }
  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }
  // Removes the file (a message that was not accepted) and closes it.
  void abandon();
  void close();

 private:
  int fd_ = -1;
  std::filesystem::path path_;
  std::uint64_t body_size_ = 0;
};

// Reads a whole file; the error is errno's.
std::optional<std::string> read_file(const std::filesystem::path& path, std::error_code& ec);
// The body of a -D file (its first line checked against `id`); nullopt
// with ec set when unreadable, with errc::illegal_byte_sequence when the
// first line is wrong.
std::optional<std::string> read_data_body(const SpoolLayout& layout, std::string_view id,
                                          std::error_code& ec);

// -J: appends "<address>\n" and fsyncs.
std::error_code append_journal(const SpoolLayout& layout, std::string_view id,
                               std::string_view address);
// Addresses in the -J file; empty when there is none.
std::vector<std::string> read_journal(const SpoolLayout& layout, std::string_view id);

// msglog: appends `line` and "\n".
std::error_code append_msglog(const SpoolLayout& layout, std::string_view id,
                              std::string_view line);

}  // namespace corvid::spool
