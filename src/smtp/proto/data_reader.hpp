// The DATA body reader (sans-I/O).
//
// Contract: feed() takes the bytes that follow the "354" reply in chunks of
// any size (one byte at a time works), hands the message out through the
// sink in spool form (lines end in a single '\n', dot-stuffing removed) and
// stops at the end marker. It returns how many bytes it consumed; after
// done() is true the rest of the chunk was not consumed and belongs to the
// next SMTP command (pipelining). It never blocks, never throws and keeps
// O(1) state besides the sink. Callers: smtp/server data.cpp, which writes
// the sink's bytes to the spool -D file and parses the headers.
//
// What Debian's Exim 4.96 (with the SMTP smuggling fixes, CVE-2023-51766)
// does, found by feeding `exim4 -bs` and reading the -D file it wrote:
//  - only <CR><LF>.<CR><LF> ends the message, where the first <CR><LF> is a
//    real line end (or the start of the data). <LF>.<LF>, <CR>.<CR>,
//    <LF>.<CR><LF>, <CR>.<CR><LF> never do;
//  - <CR><LF> is a line end; a bare <CR> (not followed by <LF>) is also
//    written as a line end, but the next line does not count as starting a
//    line for dot handling: "a<CR>.b" is stored as "a\n.b", and
//    "a<CR>.<CR><LF>" as "a\n.\n" (no end);
//  - a bare <LF> is NOT a line end: it is stored as one space ("a<LF>b" ->
//    "a b", and "x<LF>.<CR><LF>" -> "x .\n");
//  - a '.' at the start of a real line is removed whenever something other
//    than <CR><LF> follows it ("..x" -> ".x", ".x" -> "x", ".<CR>y" ->
//    "\ny", ".<LF>" -> " ").
// 4.96 sets no limit on line length for incoming DATA; max_line_length
// (0 = none) only raises the line_too_long flag, the reader goes on to the
// end so that the session can answer after the final dot.
// The header/body boundary is the first empty line in spool form (Exim also
// ends the headers at a line that is not a header line; that check is the
// header parser's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace corvid::smtp::proto {

class DataReader {
 public:
  using Sink = std::function<void(std::string_view)>;

  struct Options {
    std::size_t max_line_length = 0;  // 0: no limit; counted without the '\n'
  };

  DataReader(Sink sink, Options options);
  explicit DataReader(Sink sink) : DataReader(std::move(sink), Options{}) {}

  // Consumes bytes until the end marker or the end of the chunk.
  std::size_t feed(std::string_view chunk);

  bool done() const { return state_ == State::done; }
  std::uint64_t size() const { return size_; }        // bytes given to the sink
  std::uint64_t lines() const { return lines_; }      // '\n' given to the sink
  std::uint64_t body_lines() const { return body_lines_; }
  // Offset (in sink bytes) where the body starts, after the empty line;
  // -1 while no empty line was seen.
  std::int64_t body_offset() const { return body_offset_; }
  bool line_too_long() const { return line_too_long_; }
  std::uint64_t wire_bytes() const { return wire_bytes_; }

 private:
  enum class State {
    line_start,  // after a real CRLF (or at the start)
    mid_line,
    cr,          // saw CR, next byte decides
    dot,         // '.' at line start
    dot_cr,      // ".<CR>" at line start
    done,
  };

  void emit(char c);
  void step(char c);
  void after_cr(char c);

  Sink sink_;
  Options options_;
  State state_ = State::line_start;
  std::uint64_t size_ = 0;
  std::uint64_t lines_ = 0;
  std::uint64_t body_lines_ = 0;
  std::int64_t body_offset_ = -1;
  std::size_t line_length_ = 0;
  bool line_too_long_ = false;
  std::uint64_t wire_bytes_ = 0;
  char out_[512];
  std::size_t out_used_ = 0;
};

}  // namespace corvid::smtp::proto
