#include "smtp/proto/mail_rcpt.hpp"

#include <climits>
#include <cstddef>

#include "util/strings.hpp"

namespace corvid::smtp::proto {
namespace {

bool is_white(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// One parameter taken off the end of the argument.
struct Param {
  std::string name;
  std::string value;  // the name itself when there was no '='
  bool has_equals = false;
  std::size_t separator = 0;  // index of the white space before it
};

// Takes parameters off the end of text_ (see the header for the rules).
class ParamScanner {
 public:
  explicit ParamScanner(std::string_view arg) : text_(arg) {}

  std::optional<Param> next();
  // Puts back the parameter next() returned last; for RCPT a value-less one
  // comes back with its separator turned into '=' (Exim 4.96 does that).
  void put_back(const Param& p, bool rcpt_style);
  std::string address_text() const { return text_.substr(0, end_); }

 private:
  std::string text_;
  std::size_t end_ = std::string::npos;
  std::size_t previous_end_ = 0;
};

std::optional<Param> ParamScanner::next() {
  std::size_t end = end_ == std::string::npos ? text_.size() : end_;
  while (end > 0 && is_white(text_[end - 1])) {
    --end;
  }
  if (end == 0) {
    return std::nullopt;
  }
  std::size_t v = end - 1;
  while (v > 0 && text_[v] != '=' && !is_white(text_[v])) {
    if (text_[v] == '"') {
      do {
        --v;
      } while (v > 0 && text_[v] != '"');
    }
    if (v > 0) {
      --v;
    }
  }
  Param p;
  if (text_[v] == '=') {
    std::size_t n = v;
    while (n > 0 && util::is_alpha(text_[n - 1])) {
      --n;
    }
    if (n == 0 || !is_white(text_[n - 1])) {
      return std::nullopt;
    }
    p.name = text_.substr(n, v - n);
    p.value = text_.substr(v + 1, end - v - 1);
    p.has_equals = true;
    p.separator = n - 1;
  } else {
    if (v == 0) {
      return std::nullopt;
    }
    p.name = text_.substr(v + 1, end - v - 1);
    p.value = p.name;
    p.separator = v;
  }
  previous_end_ = end;
  end_ = p.separator;
  return p;
}

void ParamScanner::put_back(const Param& p, bool rcpt_style) {
  if (rcpt_style && !p.has_equals) {
    text_[p.separator] = '=';
  }
  end_ = previous_end_;
}

std::int64_t strtol_like(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_white(s[i])) {
    ++i;
  }
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  std::int64_t value = 0;
  for (; i < s.size() && util::is_digit(s[i]); ++i) {
    int d = s[i] - '0';
    if (value > (INT64_MAX - d) / 10) {
      return negative ? INT64_MIN : INT64_MAX;
    }
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

std::optional<unsigned> parse_notify(std::string_view v) {
  if (util::iequals(v, "NEVER")) {
    return kNotifyNever;
  }
  unsigned flags = 0;
  while (!v.empty()) {
    std::size_t comma = v.find(',');
    std::string_view item = v.substr(0, comma);
    if (util::iequals(item, "SUCCESS")) {
      flags |= kNotifySuccess;
    } else if (util::iequals(item, "FAILURE")) {
      flags |= kNotifyFailure;
    } else if (util::iequals(item, "DELAY")) {
      flags |= kNotifyDelay;
    } else {
      return std::nullopt;
    }
    v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
  }
  return flags;
}

ProtoError once_only(std::string_view name) {
  return {501, std::string(name) + " can be specified once only"};
}

enum class Outcome { taken, unknown, failed };

// One MAIL parameter; sets err when it is known but bad.
Outcome mail_param(const Param& p, const Extensions& ext, MailFrom& m, ProtoError& err) {
  const std::string& n = p.name;
  if (util::iequals(n, "SIZE")) {
    m.size = strtol_like(p.value);
  } else if (util::iequals(n, "BODY") && ext.eight_bit_mime) {
    if (util::iequals(p.value, "7BIT")) {
      m.body = Body::seven_bit;
    } else if (util::iequals(p.value, "8BITMIME")) {
      m.body = Body::eight_bit_mime;
    } else if (util::iequals(p.value, "BINARYMIME") && ext.binarymime) {
      m.body = Body::binarymime;
    } else {
      err = {501, "invalid data for BODY"};
      return Outcome::failed;
    }
  } else if (util::iequals(n, "SMTPUTF8") && ext.smtputf8 && !p.has_equals) {
    m.smtputf8 = true;
  } else if (util::iequals(n, "AUTH") && ext.auth) {
    m.auth = p.value == "<>" ? std::optional<std::string>("<>") : decode_xtext(p.value);
    if (!m.auth) {
      err = {501, "invalid data for AUTH"};
      return Outcome::failed;
    }
  } else if (util::iequals(n, "RET") && ext.dsn) {
    if (m.ret != Ret::none) {
      err = once_only("RET");
      return Outcome::failed;
    }
    if (util::iequals(p.value, "FULL")) {
      m.ret = Ret::full;
    } else if (util::iequals(p.value, "HDRS")) {
      m.ret = Ret::hdrs;
    } else {
      err = {501, "Value for RET is invalid"};
      return Outcome::failed;
    }
  } else if (util::iequals(n, "ENVID") && ext.dsn) {
    if (m.envid) {
      err = once_only("ENVID");
      return Outcome::failed;
    }
    m.envid = p.value;
  } else if (util::iequals(n, "PRDR") && ext.prdr) {
    m.prdr = true;
  } else {
    return Outcome::unknown;
  }
  return Outcome::taken;
}

Outcome rcpt_param(const Param& p, const Extensions& ext, RcptTo& r, bool& saw_notify,
                   ProtoError& err) {
  if (util::iequals(p.name, "NOTIFY") && ext.dsn) {
    if (saw_notify) {
      err = once_only("NOTIFY");
      return Outcome::failed;
    }
    saw_notify = true;
    std::optional<unsigned> flags = parse_notify(p.value);
    if (!flags) {
      err = {501, "Invalid value for NOTIFY parameter"};
      return Outcome::failed;
    }
    r.notify = *flags;
    return Outcome::taken;
  }
  if (util::iequals(p.name, "ORCPT") && ext.dsn) {
    if (r.orcpt) {
      err = once_only("ORCPT");
      return Outcome::failed;
    }
    r.orcpt = p.value;
    return Outcome::taken;
  }
  return Outcome::unknown;
}

std::string trim_right(std::string s) {
  while (!s.empty() && is_white(s.back())) {
    s.pop_back();
  }
  return s;
}

std::optional<ProtoError> path_error(const std::string& text, Path& path, const Extensions& ext) {
  path = parse_path(text, ext.path);
  if (path.ok) {
    return std::nullopt;
  }
  return ProtoError{501, text + ": " + path.error};
}

}  // namespace

std::variant<MailFrom, ProtoError> parse_mail(std::string_view argument, const Extensions& ext) {
  if (util::trim(argument).empty()) {
    return ProtoError{501, "MAIL must have an address operand"};
  }
  MailFrom m;
  ProtoError err;
  ParamScanner scan(util::trim(argument));
  while (std::optional<Param> p = scan.next()) {
    Outcome o = mail_param(*p, ext, m, err);
    if (o == Outcome::failed) {
      return err;
    }
    if (o == Outcome::unknown) {
      scan.put_back(*p, false);
      break;
    }
  }
  std::string text = trim_right(scan.address_text());
  if (text == "<>") {
    m.null_sender = true;
    m.path.ok = true;
    return m;
  }
  if (auto e = path_error(text, m.path, ext)) {
    return *e;
  }
  return m;
}

std::variant<RcptTo, ProtoError> parse_rcpt(std::string_view argument, const Extensions& ext) {
  if (util::trim(argument).empty()) {
    return ProtoError{501, "RCPT must have an address operand"};
  }
  RcptTo r;
  ProtoError err;
  bool saw_notify = false;
  ParamScanner scan(util::trim(argument));
  while (std::optional<Param> p = scan.next()) {
    Outcome o = rcpt_param(*p, ext, r, saw_notify, err);
    if (o == Outcome::failed) {
      return err;
    }
    if (o == Outcome::unknown) {
      scan.put_back(*p, true);
      break;
    }
  }
  if (auto e = path_error(trim_right(scan.address_text()), r.path, ext)) {
    return *e;
  }
  return r;
}

bool size_exceeds(std::int64_t declared, std::int64_t limit) {
  return declared < 0 || (limit > 0 && declared > limit);
}

std::optional<std::string> decode_xtext(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    c = util::to_upper(c);
    return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 33 || c > 126) {
      return std::nullopt;
    }
    if (c != '+') {
      out += static_cast<char>(c);
      continue;
    }
    if (i + 2 >= text.size()) {
      return std::nullopt;
    }
    int hi = hex(text[i + 1]);
    int lo = hex(text[i + 2]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace corvid::smtp::proto
