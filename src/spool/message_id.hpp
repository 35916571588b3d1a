// Exim 4.96 message ids: "TTTTTT-PPPPPP-FF", sixteen characters, each part
// base 62 (0-9, A-Z, a-z).
//
//   TTTTTT  the second at which reception started (received_time.tv_sec)
//   PPPPPP  the pid of the receiving process
//   FF      the fraction of that second. Exim 4.96 counts it in units of
//           1/200 s (usec / 5000, 0..199) whether or not localhost_number
//           is set; with localhost_number N (0..16) it adds N * 200, so the
//           field also names the host (checked against real 4.96 spools:
//           the spec's "1/2000 s" is not what 4.96 writes).
//
// Exim makes ids unique by process: one pid receives one message at a time
// and waits for the clock to pass the current 1/200 s tick before it can
// take another id. Corvid is one process receiving many messages at once,
// so MessageIdGenerator does this instead (all under one mutex):
//
//   * Normally each id takes the next unused tick: tick = max(now, last+1),
//     with the real pid in PPPPPP. Ids are then exactly what Exim would
//     write and strictly increase, so they sort by time.
//   * A burst faster than 200 ids/s may run ahead of the clock by at most
//     kMaxLeadTicks (100 ms). Beyond that an id reuses the last tick and
//     tells itself apart in the pid field: PPPPPP = pid + k * 2^22, k = 1,
//     2, ... (Linux pids are below 2^22, so no other process's id can have
//     that pid field, and 62^6 leaves room for 13,000 ids per tick).
//     Exim's listing orders by time, then fraction, so such ids still sort
//     by time; among themselves they come in directory order, in Exim's
//     listing and in Corvid's alike (queue_list.hpp).
//   * wait_past_last_tick() sleeps until the clock has passed every tick
//     handed out, as Exim does after a message; call it before exit so a
//     restarted process reusing the pid (pid 1 in a container) cannot
//     repeat an id. The -D file is also created with O_EXCL (data_file),
//     so a repeat is caught rather than overwriting a message.
//
// The split_spool_directory subdirectory of a message is its 6th character
// (the last digit of the time, so 62 subdirectories are used in turn).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace corvid::spool {

inline constexpr std::size_t kMessageIdLength = 16;
inline constexpr int kTicksPerSecond = 200;  // 1/200 s, usec / 5000
inline constexpr int kMaxLocalhostNumber = 16;

// The base-62 text of `value` in exactly `width` digits (high digits
// dropped if the value does not fit, as a fixed-width field must).
std::string base62(std::uint64_t value, int width);
// The value of base-62 digits; nullopt on any other character.
std::optional<std::uint64_t> decode_base62(std::string_view digits);

struct MessageIdParts {
  std::int64_t seconds = 0;
  std::uint64_t pid_field = 0;
  unsigned fraction = 0;  // 0..3843: tick + localhost_number * 200
};

// True for the 16-character XXXXXX-XXXXXX-XX form of base-62 digits.
bool is_message_id(std::string_view id);
std::optional<MessageIdParts> parse_message_id(std::string_view id);
std::string format_message_id(const MessageIdParts& parts);

// The split_spool_directory subdirectory name: the id's 6th character.
std::string split_subdirectory(std::string_view id);

// The FF value Exim 4.96 computes for a reception starting at `usec`.
unsigned id_fraction(unsigned usec, std::optional<int> localhost_number);

class MessageIdGenerator {
 public:
  using Clock = std::chrono::system_clock;
  static constexpr std::int64_t kMaxLeadTicks = 20;

  // `localhost_number` must be 0..16 when given (Exim's limit in base 62).
  explicit MessageIdGenerator(std::optional<int> localhost_number, std::uint32_t pid);
  // With getpid().
  explicit MessageIdGenerator(std::optional<int> localhost_number = std::nullopt);

  // An id for a message whose reception started at `received`.
  std::string next(Clock::time_point received);
  std::string next() { return next(Clock::now()); }

  // Sleeps until the clock is past every tick handed out so far.
  void wait_past_last_tick() const;

 private:
  std::optional<int> localhost_number_;
  std::uint32_t pid_;
  mutable std::mutex mutex_;
  std::int64_t last_tick_ = -1;  // ticks since the epoch
  std::uint64_t same_tick_count_ = 0;
};

// The process's one generator (made again after a fork, for the new pid):
// every id a process hands out, for the messages it receives and for the
// bounces it writes, comes from it, so no two can be the same. The first
// caller's localhost_number is used.
MessageIdGenerator& process_id_generator(std::optional<int> localhost_number);

}  // namespace corvid::spool
