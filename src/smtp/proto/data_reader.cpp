#include "smtp/proto/data_reader.hpp"

namespace corvid::smtp::proto {

DataReader::DataReader(Sink sink, Options options)
    : sink_(std::move(sink)), options_(options) {}

void DataReader::emit(char c) {
  if (c == '\n') {
    ++lines_;
    if (body_offset_ >= 0) {
      ++body_lines_;
    } else if (line_length_ == 0) {
      body_offset_ = static_cast<std::int64_t>(size_ + 1);
    }
    line_length_ = 0;
  } else if (++line_length_ > options_.max_line_length && options_.max_line_length > 0) {
    line_too_long_ = true;
  }
  ++size_;
  out_[out_used_++] = c;
  if (out_used_ == sizeof out_) {
    sink_(std::string_view(out_, out_used_));
    out_used_ = 0;
  }
}

// A byte after a CR that may be a line end: CRLF is a real line end; any
// other byte makes the CR a bare one (a line end that does not start a line
// for dot handling) and is then read as usual.
void DataReader::after_cr(char c) {
  emit('\n');
  if (c == '\n') {
    state_ = State::line_start;
    return;
  }
  state_ = State::mid_line;
  step(c);
}

void DataReader::step(char c) {
  switch (state_) {
    case State::line_start:
      if (c == '.') {
        state_ = State::dot;
        return;
      }
      state_ = State::mid_line;
      step(c);
      return;
    case State::mid_line:
      if (c == '\r') {
        state_ = State::cr;
      } else {
        emit(c == '\n' ? ' ' : c);
      }
      return;
    case State::cr:
      after_cr(c);
      return;
    case State::dot:
      if (c == '\r') {
        state_ = State::dot_cr;
        return;
      }
      state_ = State::mid_line;  // dot-stuffing: the dot goes
      step(c);
      return;
    case State::dot_cr:
      if (c == '\n') {
        state_ = State::done;
        return;
      }
      after_cr(c);  // ".<CR>x": the dot goes, the CR is a bare one
      return;
    case State::done:
      return;
  }
}

std::size_t DataReader::feed(std::string_view chunk) {
  std::size_t i = 0;
  while (i < chunk.size() && state_ != State::done) {
    step(chunk[i++]);
  }
  wire_bytes_ += i;
  if (out_used_ > 0) {
    sink_(std::string_view(out_, out_used_));
    out_used_ = 0;
  }
  return i;
}

}  // namespace corvid::smtp::proto
