// RDATA decoding. Every read is bounds-checked: the bytes come from the
// network (through the resolver) and are fuzzed.
#include "dns/rdata.hpp"

#include <arpa/inet.h>

#include <cstdint>

namespace corvid::dns {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool u8(std::uint8_t& v) {
    if (pos_ + 1 > data_.size()) return false;
    v = static_cast<std::uint8_t>(data_[pos_++]);
    return true;
  }
  bool u16(std::uint16_t& v) {
    std::uint8_t hi = 0, lo = 0;
    if (!u8(hi) || !u8(lo)) return false;
    v = static_cast<std::uint16_t>(hi << 8 | lo);
    return true;
  }
  bool u32(std::uint32_t& v) {
    std::uint16_t hi = 0, lo = 0;
    if (!u16(hi) || !u16(lo)) return false;
    v = static_cast<std::uint32_t>(hi) << 16 | lo;
    return true;
  }
  bool name(std::string& out) {
    size_t used = 0;
    std::optional<std::string> n = decode_name(data_.substr(pos_), used);
    if (!n) return false;
    out = std::move(*n);
    pos_ += used;
    return true;
  }
  std::string_view rest() {
    std::string_view r = data_.substr(pos_);
    pos_ = data_.size();
    return r;
  }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> address(int family, std::string_view bytes) {
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(family, bytes.data(), buf, sizeof buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

bool txt_strings(Reader& r, Record& rec) {
  while (!r.at_end()) {
    std::uint8_t len = 0;
    if (!r.u8(len)) return false;
    std::string_view rest = r.rest();
    if (rest.size() < len) return false;
    rec.strings.emplace_back(rest.substr(0, len));
    rec.text += rec.strings.back();
    r = Reader(rest.substr(len));
  }
  return true;
}

}  // namespace

std::optional<std::string> decode_name(std::string_view wire, size_t& used) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    if (pos >= wire.size()) return std::nullopt;
    auto len = static_cast<std::uint8_t>(wire[pos++]);
    if (len == 0) break;
    if (len > 63 || pos + len > wire.size()) return std::nullopt;  // pointer or overrun
    if (!out.empty()) out += '.';
    for (unsigned char c : wire.substr(pos, len)) {
      if (c > 32 && c < 127 && c != '.' && c != '\\') {
        out += static_cast<char>(c);
      } else {
        char esc[5];
        std::snprintf(esc, sizeof esc, "\\%03u", c);
        out += esc;
      }
    }
    pos += len;
    if (pos > 255) return std::nullopt;
  }
  used = pos;
  return out;
}

std::optional<Record> decode_rdata(RrType type, std::string_view rdata) {
  Record rec;
  rec.type = type;
  Reader r(rdata);
  bool ok = true;
  switch (type) {
    case RrType::a:
    case RrType::aaaa: {
      size_t want = type == RrType::a ? 4 : 16;
      if (rdata.size() != want) return std::nullopt;
      std::optional<std::string> a = address(type == RrType::a ? AF_INET : AF_INET6, rdata);
      if (!a) return std::nullopt;
      rec.text = std::move(*a);
      return rec;
    }
    case RrType::ns:
    case RrType::cname:
    case RrType::ptr:
      ok = r.name(rec.text);
      break;
    case RrType::mx:
      ok = r.u16(rec.preference) && r.name(rec.text);
      break;
    case RrType::srv:
      ok = r.u16(rec.priority) && r.u16(rec.weight) && r.u16(rec.port) && r.name(rec.text);
      break;
    case RrType::soa: {
      std::uint32_t refresh = 0, retry = 0, expire = 0, minimum = 0;
      ok = r.name(rec.text) && r.name(rec.rname) && r.u32(rec.serial) && r.u32(refresh) &&
           r.u32(retry) && r.u32(expire) && r.u32(minimum);
      break;
    }
    case RrType::txt:
    case RrType::spf:
      ok = txt_strings(r, rec);
      break;
    case RrType::tlsa:
      ok = r.u8(rec.usage) && r.u8(rec.selector) && r.u8(rec.matching);
      if (ok) rec.text = hex(r.rest());
      break;
  }
  if (!ok || !r.at_end()) return std::nullopt;
  return rec;
}

}  // namespace corvid::dns
