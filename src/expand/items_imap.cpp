// ${imapfolder{name}{separator}{specials}}: an IMAP folder name turned into
// a Maildir folder name, as Exim does it. The name is read as UTF-8; the
// separator (default '/') becomes '.', a '.' or '/' that is not the
// separator is an error, '&' becomes "&-", and characters outside
// printable ASCII, or listed in `specials`, are written in IMAP's modified
// UTF-7: UTF-16 in base64 (',' for '/', no padding) between '&' and '-'.
#include <cstdint>

#include "expand/items.hpp"

namespace corvid::expand {

namespace {

constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

// Decodes one UTF-8 character at s[i] (advancing i); a byte that does not
// start a valid sequence is taken as itself.
uint32_t next_code_point(std::string_view s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i++]);
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 3 ? b & 0x07 : extra == 2 ? b & 0x0F : extra == 1 ? b & 0x1F : b;
  for (int k = 0; k < extra && i < s.size(); ++k) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) break;
    cp = (cp << 6) | (c & 0x3F);
    ++i;
  }
  return cp;
}

// Collects UTF-16 units and writes them as one "&...-" run.
class Utf7Run {
 public:
  void add(uint32_t cp) {
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  void flush(std::string& out) {
    if (bytes_.empty()) return;
    out.push_back('&');
    size_t i = 0;
    for (; i + 2 < bytes_.size(); i += 3) {
      uint32_t v = (bytes_[i] << 16) | (bytes_[i + 1] << 8) | bytes_[i + 2];
      for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kB64[(v >> shift) & 63]);
    }
    size_t left = bytes_.size() - i;
    if (left > 0) {
      uint32_t v = bytes_[i] << 16;
      if (left == 2) v |= bytes_[i + 1] << 8;
      out.push_back(kB64[(v >> 18) & 63]);
      out.push_back(kB64[(v >> 12) & 63]);
      if (left == 2) out.push_back(kB64[(v >> 6) & 63]);
    }
    out.push_back('-');
    bytes_.clear();
  }

 private:
  void unit(uint32_t u) {
    bytes_.push_back((u >> 8) & 0xFF);
    bytes_.push_back(u & 0xFF);
  }
  std::vector<uint32_t> bytes_;
};

}  // namespace

bool item_imapfolder(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v(node.args.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (!ev.eval(node.args[i], v[i])) return false;
  }
  std::string sep = v.size() > 1 ? v[1].text : "/";
  if (sep.size() != 1) {
    return ev.error("IMAP folder separator must be one character, found \"" + sep + "\"");
  }
  std::string_view specials = v.size() > 2 ? std::string_view(v[2].text) : std::string_view{};
  const std::string& name = v[0].text;
  std::string result;
  Utf7Run run;
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = next_code_point(name, i);
    auto c = static_cast<char>(cp);
    if (cp == static_cast<unsigned char>(sep[0])) {
      run.flush(result);
      result.push_back('.');
      continue;
    }
    bool plain = cp >= 0x20 && cp < 0x7F && specials.find(c) == std::string_view::npos;
    if (!plain) {
      run.add(cp);
      continue;
    }
    run.flush(result);
    if (c == '.' || c == '/') {
      return ev.error(std::string("imapfolder: illegal character '") + c + "'");
    } else if (c == '&') {
      result += "&-";
    } else {
      result.push_back(c);
    }
  }
  run.flush(result);
  out.append(TString(std::move(result), v[0].tainted));
  return true;
}

}  // namespace corvid::expand
