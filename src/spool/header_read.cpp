// read_header_file(): parses -H bytes written by Exim 4.96 or by Corvid
// (see header_file.hpp for what is accepted).
#include <charconv>
#include <functional>
#include <unordered_map>

#include "spool/cursor.hpp"
#include "spool/header_file.hpp"

namespace corvid::spool {

namespace {

using detail::Cursor;

template <class T>
bool to_number(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// One "-name value" line split into its parts.
struct OptionLine {
  std::string_view name;
  std::string_view value;
  bool tainted = false;
  std::string_view quoter;
};

OptionLine split_option(std::string_view line) {
  OptionLine o;
  line.remove_prefix(1);
  if (!line.empty() && line[0] == '-') {
    o.tainted = true;
    line.remove_prefix(1);
    if (!line.empty() && line[0] == '(') {
      std::size_t close = line.find(')');
      if (close != std::string_view::npos) {
        o.quoter = line.substr(1, close - 1);
        line.remove_prefix(close + 1);
      }
    }
  }
  std::size_t sp = line.find(' ');
  o.name = line.substr(0, sp);
  o.value = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
  return o;
}

SpoolString to_spool_string(const OptionLine& o) {
  return SpoolString{std::string(o.value), o.tainted, std::string(o.quoter)};
}

// "[ip]:port", or the older "ip.port".
std::optional<SpoolAddress> parse_address(const OptionLine& o) {
  SpoolAddress a;
  a.tainted = o.tainted;
  std::string_view v = o.value;
  std::size_t sep;
  if (!v.empty() && v[0] == '[') {
    std::size_t close = v.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    a.ip = std::string(v.substr(1, close - 1));
    sep = close + 1;
  } else {
    sep = v.rfind('.');
    if (sep == std::string_view::npos) return std::nullopt;
    a.ip = std::string(v.substr(0, sep));
  }
  if (!to_number(v.substr(sep + 1), a.port)) return std::nullopt;
  return a;
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : c_(bytes) {}
  HeaderReadResult run(std::string_view expected_id);

 private:
  bool fail(std::string reason) {
    if (!error_) error_ = HeaderReadError{HeaderReadError::Kind::format, std::move(reason)};
    return false;
  }
  bool fail_at(std::string_view what) {
    return fail(std::string(what) + " (line " + std::to_string(c_.line_number() + 1) + ")");
  }
  bool read_first_lines(std::string_view expected_id);
  bool read_options();
  bool read_option(std::string_view line);
  bool read_acl(const OptionLine& o);
  bool read_number_option(const OptionLine& o);
  bool read_recipients();
  bool read_headers();

  Cursor c_;
  HeaderFile h_;
  std::optional<HeaderReadError> error_;
};

bool Reader::read_first_lines(std::string_view expected_id) {
  auto id_line = c_.line();
  if (!id_line || !id_line->ends_with("-H")) return fail_at("bad first line");
  h_.id = std::string(id_line->substr(0, id_line->size() - 2));
  if (!expected_id.empty() && h_.id != expected_id) return fail_at("id does not match file name");
  auto who = c_.line();
  std::size_t gsp = who ? who->rfind(' ') : std::string_view::npos;
  std::size_t usp = (gsp == std::string_view::npos || gsp == 0) ? gsp : who->rfind(' ', gsp - 1);
  if (usp == std::string_view::npos || !to_number(who->substr(usp + 1, gsp - usp - 1), h_.originator_uid) ||
      !to_number(who->substr(gsp + 1), h_.originator_gid)) {
    return fail_at("bad originator line");
  }
  h_.originator_login = std::string(who->substr(0, usp));
  auto sender = c_.line();
  if (!sender || sender->size() < 2 || sender->front() != '<' || sender->back() != '>') {
    return fail_at("bad sender line");
  }
  h_.sender = std::string(sender->substr(1, sender->size() - 2));
  auto times = c_.line();
  std::size_t sp = times ? times->find(' ') : std::string_view::npos;
  if (sp == std::string_view::npos || !to_number(times->substr(0, sp), h_.received_time) ||
      !to_number(times->substr(sp + 1), h_.warning_count)) {
    return fail_at("bad received time line");
  }
  return true;
}

bool Reader::read_options() {
  while (true) {
    auto next = c_.peek_line();
    if (!next) return fail_at("file ends in the options");
    if (next->empty() || (*next)[0] != '-') return true;
    c_.line();
    if (!read_option(*next)) return false;
  }
}

bool Reader::read_acl(const OptionLine& o) {
  // "-aclc _name len" / "-aclm _name len", or the old "-acl N len".
  std::size_t sp = o.value.rfind(' ');
  std::size_t len = 0;
  if (sp == std::string_view::npos || !to_number(o.value.substr(sp + 1), len)) {
    return fail_at("bad ACL variable line");
  }
  auto data = c_.take(len + 1);
  if (!data || data->back() != '\n') return fail_at("ACL variable value cut short");
  AclVariable v;
  v.name = std::string(o.value.substr(0, sp));
  v.value = std::string(data->substr(0, len));
  v.tainted = o.tainted;
  v.scope = o.name == "aclc" ? 'c' : 'm';
  int old_number = 0;
  if (o.name == "acl" && to_number(v.name, old_number)) {
    v.scope = old_number < 10 ? 'c' : 'm';
    v.name = std::to_string(old_number % 10);
  }
  h_.acl_variables.push_back(std::move(v));
  return true;
}

bool Reader::read_number_option(const OptionLine& o) {
  std::int64_t n = 0;
  if (o.name == "received_time_usec") {
    int usec = 0;
    if (o.value.size() < 2 || o.value[0] != '.' || !to_number(o.value.substr(1), usec)) {
      return fail_at("bad -received_time_usec");
    }
    h_.received_time_usec = usec;
    return true;
  }
  if (o.name == "received_time_complete") {
    std::size_t dot = o.value.find('.');
    int usec = 0;
    if (dot == std::string_view::npos || !to_number(o.value.substr(0, dot), n) ||
        !to_number(o.value.substr(dot + 1), usec)) {
      return fail_at("bad -received_time_complete");
    }
    h_.received_time_complete = std::make_pair(n, usec);
    return true;
  }
  if (!to_number(o.value, n)) return fail_at("bad number in -" + std::string(o.name));
  if (o.name == "body_linecount") h_.body_linecount = n;
  if (o.name == "max_received_linelength") h_.max_received_linelength = n;
  if (o.name == "body_zerocount") h_.body_zerocount = n;
  if (o.name == "frozen") h_.frozen_at = n;
  if (o.name == "tls_ocsp") h_.tls_ocsp = static_cast<int>(n);
  if (o.name == "dsn_ret") h_.dsn_ret = static_cast<int>(n);
  return true;
}

using StringField = std::optional<SpoolString> HeaderFile::*;
using FlagField = bool HeaderFile::*;

const std::unordered_map<std::string_view, StringField>& string_fields() {
  static const std::unordered_map<std::string_view, StringField> m = {
      {"helo_name", &HeaderFile::helo_name},
      {"host_name", &HeaderFile::host_name},
      {"host_auth", &HeaderFile::host_auth},
      {"host_auth_pubname", &HeaderFile::host_auth_pubname},
      {"active_hostname", &HeaderFile::active_hostname},
      {"ident", &HeaderFile::ident},
      {"received_protocol", &HeaderFile::received_protocol},
      {"auth_id", &HeaderFile::auth_id},
      {"auth_sender", &HeaderFile::auth_sender},
      {"local_scan", &HeaderFile::local_scan},
      {"spam_bar", &HeaderFile::spam_bar},
      {"spam_score", &HeaderFile::spam_score},
      {"spam_score_int", &HeaderFile::spam_score_int},
      {"tls_cipher", &HeaderFile::tls_cipher},
      {"tls_peerdn", &HeaderFile::tls_peerdn},
      {"tls_sni", &HeaderFile::tls_sni},
      {"tls_ver", &HeaderFile::tls_ver},
  };
  return m;
}

const std::unordered_map<std::string_view, FlagField>& flag_fields() {
  static const std::unordered_map<std::string_view, FlagField> m = {
      {"spool_file_wireformat", &HeaderFile::spool_file_wireformat},
      {"allow_unqualified_recipient", &HeaderFile::allow_unqualified_recipient},
      {"allow_unqualified_sender", &HeaderFile::allow_unqualified_sender},
      {"deliver_firsttime", &HeaderFile::deliver_firsttime},
      {"N", &HeaderFile::dont_deliver},
      {"host_lookup_deferred", &HeaderFile::host_lookup_deferred},
      {"host_lookup_failed", &HeaderFile::host_lookup_failed},
      {"local", &HeaderFile::local},
      {"localerror", &HeaderFile::localerror},
      {"manual_thaw", &HeaderFile::manual_thaw},
      {"sender_set_untrusted", &HeaderFile::sender_set_untrusted},
      {"tls_certificate_verified", &HeaderFile::tls_certificate_verified},
      {"smtputf8", &HeaderFile::smtputf8},
  };
  return m;
}

bool Reader::read_option(std::string_view line) {
  OptionLine o = split_option(line);
  if (auto it = string_fields().find(o.name); it != string_fields().end()) {
    h_.*(it->second) = to_spool_string(o);
    return true;
  }
  if (auto it = flag_fields().find(o.name); it != flag_fields().end() && o.value.empty()) {
    h_.*(it->second) = true;
    return true;
  }
  if (o.name == "aclc" || o.name == "aclm" || o.name == "acl") return read_acl(o);
  if (o.name == "host_address" || o.name == "interface_address") {
    auto a = parse_address(o);
    if (!a) return fail_at("bad -" + std::string(o.name));
    (o.name == "host_address" ? h_.host_address : h_.interface_address) = std::move(a);
    return true;
  }
  static constexpr std::string_view kNumbers[] = {
      "received_time_usec", "received_time_complete", "body_linecount", "max_received_linelength",
      "body_zerocount",     "frozen",                 "tls_ocsp",       "dsn_ret"};
  for (std::string_view n : kNumbers) {
    if (o.name == n) return read_number_option(o);
  }
  if (o.name == "tls_peercert") {
    h_.tls_peercert = std::string(o.value);
  } else if (o.name == "tls_ourcert") {
    h_.tls_ourcert = std::string(o.value);
  } else if (o.name == "tls_resumption" && o.value.size() == 1) {
    h_.tls_resumption = o.value[0];
  } else if (o.name == "utf8_downcvt" || o.name == "utf8_optdowncvt") {
    h_.utf8_downcvt = o.name == "utf8_downcvt" ? 1 : -1;
  } else if (o.name == "dsn_envid") {
    h_.dsn_envid = std::string(o.value);
  } else {
    h_.extra_options.emplace_back(line);
  }
  return true;
}

// Takes "<len>,<number>" after the last space of `rest` and the `len`
// characters before that space; shortens `rest` to what precedes them.
bool take_counted_field(std::string_view& rest, std::string& field, int& number) {
  std::size_t sp = rest.rfind(' ');
  if (sp == std::string_view::npos) return false;
  std::string_view counts = rest.substr(sp + 1);
  std::size_t comma = counts.find(',');
  std::size_t len = 0;
  if (comma == std::string_view::npos || !to_number(counts.substr(0, comma), len) ||
      !to_number(counts.substr(comma + 1), number) || len + 1 > sp || rest[sp - len - 1] != ' ') {
    return false;
  }
  field = std::string(rest.substr(sp - len, len));
  rest = rest.substr(0, sp - len - 1);
  return true;
}

Recipient parse_recipient(std::string_view line) {
  Recipient plain;
  plain.address = std::string(line);
  std::size_t hash = line.rfind('#');
  int flags = 0;
  if (hash == std::string_view::npos || !to_number(line.substr(hash + 1), flags)) return plain;
  Recipient r;
  std::string_view rest = line.substr(0, hash);
  if ((flags & 1) && !take_counted_field(rest, r.errors_to, r.parent)) return plain;
  if ((flags & 2) && !take_counted_field(rest, r.orcpt, r.dsn_flags)) return plain;
  r.address = std::string(rest);
  return r;
}

bool Reader::read_recipients() {
  auto tree = NonRecipients::read(c_);
  if (!tree) return fail_at("bad non-recipients tree");
  h_.non_recipients = std::move(*tree);
  auto count_line = c_.line();
  std::size_t count = 0;
  if (!count_line || !to_number(*count_line, count)) return fail_at("bad recipient count");
  for (std::size_t i = 0; i < count; ++i) {
    auto line = c_.line();
    if (!line) return fail_at("recipient list cut short");
    h_.recipients.push_back(parse_recipient(*line));
  }
  auto blank = c_.line();
  if (!blank || !blank->empty()) return fail_at("no blank line before the headers");
  return true;
}

bool Reader::read_headers() {
  while (!c_.at_end()) {
    auto first = c_.peek_line();
    if (!first) return fail_at("header cut short");
    std::size_t digits = 0;
    while (digits < first->size() && (*first)[digits] >= '0' && (*first)[digits] <= '9') ++digits;
    std::size_t len = 0;
    if (digits < 3 || first->size() < digits + 2 || (*first)[digits + 1] != ' ' ||
        !to_number(first->substr(0, digits), len)) {
      return fail_at("bad header prefix");
    }
    char type = (*first)[digits];
    c_.take(digits + 2);
    auto text = c_.take(len);
    if (!text || text->empty() || text->back() != '\n') return fail_at("header cut short");
    h_.headers.push_back(HeaderLine{type, std::string(*text)});
  }
  return true;
}

HeaderReadResult Reader::run(std::string_view expected_id) {
  HeaderReadResult result;
  if (read_first_lines(expected_id) && read_options() && read_recipients()) {
    bool headers_ok = read_headers();
    result.file = std::move(h_);
    if (!headers_ok) error_->kind = HeaderReadError::Kind::envelope_only;
  }
  result.error = std::move(error_);
  return result;
}

}  // namespace

HeaderReadResult read_header_file(std::string_view bytes, std::string_view expected_id) {
  return Reader(bytes).run(expected_id);
}

}  // namespace corvid::spool
