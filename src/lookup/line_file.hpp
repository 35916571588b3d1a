// Reading the "key: data" text files of the lsearch family (lsearch,
// wildlsearch, nwildlsearch, iplsearch).
//
// Format, as Exim 4.96 reads it: a record starts at a line that does not
// begin with white space; the key ends at a colon, white space or the end of
// the line, or is a "quoted key" with backslash escapes; white space and one
// optional colon follow; the rest of the line (trimmed) is the data.
// Following lines that start with white space continue the data, joined by
// one space. A blank line or a line starting with '#' ends the record and is
// otherwise ignored.
//
// Promises: files are parsed once and cached by path + mtime (thread-safe);
// errors use Exim's texts ("failed to open F for linear search: ...",
// "F is not a regular file (lsearch lookup)").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::lookup {

struct LineRecord {
  std::string key;    // de-quoted
  bool quoted = false;
  std::string data;   // trimmed, continuation lines joined with one space
  std::string after_key;  // the first line after the key, for ret=full
};

struct LineFile {
  std::vector<LineRecord> records;
};

// Parses text in the format above (exposed for tests).
LineFile parse_line_file(std::string_view text);

// Loads (or reuses) the parsed file; nullptr with `error` set on failure.
// `driver` names the lookup in the "not a regular file" message.
std::shared_ptr<const LineFile> load_line_file(const std::string& path, std::string_view driver,
                                               std::string& error);

// Exim's backslash escapes in a quoted string (\n \t \r \b \f \v \\ \"
// \xHH \ooo); `i` points after the backslash and is advanced.
char interpret_escape(std::string_view s, size_t& i);

}  // namespace corvid::lookup
