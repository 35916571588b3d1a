// SRS (Sender Rewriting Scheme), SRS0 form only, as Exim's native support:
// the ${srs_encode{secret}{return path}{domain}} item and the
// inbound_srs{local part}{secret} condition.
//
// An encoded local part is "SRS0=HHHH=TT=domain=local": HHHH is the first
// four hex digits of HMAC-MD5 under the secret of the original address in
// lower case, TT the day number modulo 1024 in two base-32 letters. A
// decoded address is accepted for ten days; an empty secret skips the hash
// check. The decoded address is left in $srs_recipient.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>

#include "expand/items.hpp"
#include "expand/op_rfc2822.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
constexpr long kMaxAgeDays = 10;

long today() { return static_cast<long>(std::time(nullptr) / 86400) % 1024; }

std::string timestamp() {
  long t = today();
  return {kBase32[static_cast<size_t>(t >> 5)], kBase32[static_cast<size_t>(t & 31)]};
}

std::string srs_hash(const std::string& secret, const std::string& address) {
  std::string data = util::lower(address);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_md5(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < 2; ++i) {
    hex.push_back(kHex[md[i] >> 4]);
    hex.push_back(kHex[md[i] & 15]);
  }
  return hex;
}

// The age in days of a two-letter timestamp, or -1 if it is not one.
long timestamp_age(std::string_view ts) {
  if (ts.size() != 2) return -1;
  size_t hi = kBase32.find(ts[0]);
  size_t lo = kBase32.find(ts[1]);
  if (hi == std::string_view::npos || lo == std::string_view::npos) return -1;
  long then = static_cast<long>(hi * 32 + lo);
  return (today() - then + 1024) % 1024;
}

// Takes the text up to the next '=' off the front of `s`.
bool take_field(std::string_view& s, std::string_view& field) {
  size_t eq = s.find('=');
  if (eq == std::string_view::npos) return false;
  field = s.substr(0, eq);
  s.remove_prefix(eq + 1);
  return true;
}

}  // namespace

bool item_srs_encode(Evaluator& ev, const ItemNode& node, TString& out) {
  TString secret;
  TString path;
  TString domain;
  if (!ev.eval(node.args[0], secret) || !ev.eval(node.args[1], path) ||
      !ev.eval(node.args[2], domain)) {
    return false;
  }
  if (path.text.empty()) return true;
  op::ParsedAddress parsed;
  op::GroupState group;
  if (!op::parse_address(path.text, parsed, group)) {
    return ev.error("missing or malformed local part");
  }
  size_t at = parsed.domain == 0 ? parsed.address.size() : parsed.domain - 1;
  std::string local = parsed.address.substr(0, at);
  std::string old_domain = parsed.domain == 0 ? "" : parsed.address.substr(parsed.domain);
  if (local.empty()) return ev.error("no local part");
  bool quoted = local.size() >= 2 && local.front() == '"' && local.back() == '"';
  if (quoted) local = local.substr(1, local.size() - 2);
  std::string encoded = "SRS0=" + srs_hash(secret.text, path.text) + "=" + timestamp() + "=" +
                        old_domain + "=" + local;
  if (quoted) encoded = "\"" + encoded + "\"";
  out.append(TString(encoded + "@" + domain.text, path.tainted || domain.tainted));
  return true;
}

bool Evaluator::eval_inbound_srs(const TString& local_part, const TString& secret, bool& r) {
  r = false;
  std::string_view s = local_part.text;
  if (s.size() < 5 || !util::iequals(s.substr(0, 5), "srs0=")) return true;
  s.remove_prefix(5);
  std::string_view hash;
  std::string_view ts;
  std::string_view domain;
  if (!take_field(s, hash) || !take_field(s, ts) || !take_field(s, domain)) return true;
  if (hash.size() != 4 || domain.empty() || s.empty()) return true;
  long age = timestamp_age(ts);
  if (age < 0 || age > kMaxAgeDays) return true;
  std::string address = util::lower(std::string(s) + "@" + std::string(domain));
  if (!secret.text.empty() && srs_hash(secret.text, address) != hash) return true;
  set_local("srs_recipient", TString(address, local_part.tainted));
  r = true;
  return true;
}

}  // namespace corvid::expand
