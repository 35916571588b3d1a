#include "spool/message_id.hpp"

#include <memory>

#include <unistd.h>

#include <thread>

namespace corvid::spool {

namespace {

constexpr std::string_view kDigits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::uint64_t kPidStride = std::uint64_t{1} << 22;  // above any Linux pid
constexpr std::uint64_t kPidFieldLimit = 56800235584ULL;      // 62^6
constexpr std::int64_t kUsecPerTick = 1000000 / kTicksPerSecond;

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

std::int64_t ticks_since_epoch(MessageIdGenerator::Clock::time_point t) {
  auto usec = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  return usec / kUsecPerTick;
}

}  // namespace

std::string base62(std::uint64_t value, int width) {
  std::string out(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kDigits[value % 62];
    value /= 62;
  }
  return out;
}

std::optional<std::uint64_t> decode_base62(std::string_view digits) {
  std::uint64_t v = 0;
  for (char c : digits) {
    int d = digit_value(c);
    if (d < 0) return std::nullopt;
    v = v * 62 + static_cast<std::uint64_t>(d);
  }
  return v;
}

bool is_message_id(std::string_view id) {
  if (id.size() != kMessageIdLength || id[6] != '-' || id[13] != '-') return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i != 6 && i != 13 && digit_value(id[i]) < 0) return false;
  }
  return true;
}

std::optional<MessageIdParts> parse_message_id(std::string_view id) {
  if (!is_message_id(id)) return std::nullopt;
  MessageIdParts p;
  p.seconds = static_cast<std::int64_t>(*decode_base62(id.substr(0, 6)));
  p.pid_field = *decode_base62(id.substr(7, 6));
  p.fraction = static_cast<unsigned>(*decode_base62(id.substr(14, 2)));
  return p;
}

std::string format_message_id(const MessageIdParts& parts) {
  return base62(static_cast<std::uint64_t>(parts.seconds), 6) + "-" + base62(parts.pid_field, 6) +
         "-" + base62(parts.fraction, 2);
}

std::string split_subdirectory(std::string_view id) {
  return id.size() > 5 ? std::string(1, id[5]) : std::string();
}

unsigned id_fraction(unsigned usec, std::optional<int> localhost_number) {
  unsigned f = usec / kUsecPerTick;
  if (localhost_number) f += static_cast<unsigned>(*localhost_number) * kTicksPerSecond;
  return f;
}

MessageIdGenerator::MessageIdGenerator(std::optional<int> localhost_number, std::uint32_t pid)
    : localhost_number_(localhost_number), pid_(pid) {}

MessageIdGenerator::MessageIdGenerator(std::optional<int> localhost_number)
    : MessageIdGenerator(localhost_number, static_cast<std::uint32_t>(::getpid())) {}

std::string MessageIdGenerator::next(Clock::time_point received) {
  const std::int64_t now = ticks_since_epoch(received);
  std::int64_t tick = now;
  std::uint64_t k = 0;
  {
    std::lock_guard lock(mutex_);
    if (last_tick_ >= now) {
      if (last_tick_ + 1 <= now + kMaxLeadTicks) {
        tick = last_tick_ + 1;
      } else {
        tick = last_tick_;
        k = same_tick_count_ + 1;
        if (pid_ + k * kPidStride >= kPidFieldLimit) {  // tick exhausted: lead further
          tick = last_tick_ + 1;
          k = 0;
        }
      }
    }
    last_tick_ = tick;
    same_tick_count_ = k;
  }
  MessageIdParts p;
  p.seconds = tick / kTicksPerSecond;
  p.pid_field = pid_ + k * kPidStride;
  p.fraction = static_cast<unsigned>(tick % kTicksPerSecond);
  if (localhost_number_) p.fraction += static_cast<unsigned>(*localhost_number_) * kTicksPerSecond;
  return format_message_id(p);
}

void MessageIdGenerator::wait_past_last_tick() const {
  std::int64_t last;
  {
    std::lock_guard lock(mutex_);
    last = last_tick_;
  }
  while (ticks_since_epoch(Clock::now()) <= last) {
    std::this_thread::sleep_for(std::chrono::microseconds(kUsecPerTick / 5));
  }
}

MessageIdGenerator& process_id_generator(std::optional<int> localhost_number) {
  static std::mutex mu;
  static std::unique_ptr<MessageIdGenerator> ids;
  static pid_t owner = -1;
  std::lock_guard lock(mu);
  if (!ids || owner != ::getpid()) {
    // (After a fork the parent's generator, and its mutex, are left alone.)
    (void)ids.release();
    ids = std::make_unique<MessageIdGenerator>(localhost_number);
    owner = ::getpid();
  }
  return *ids;
}

}  // namespace corvid::spool
