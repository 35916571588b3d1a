// ${prvs} and ${prvscheck}: BATV "prvs" signed return paths.
//
// A signed address is prvs=KDDDSSSSSS=local@domain: K the key number, DDD
// the day (days since the epoch, modulo 1000) until which it is valid,
// seven days ahead, and SSSSSS the first three bytes, in hex, of the
// HMAC-SHA1 of K, DDD and the address under the secret.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>
#include <ctime>

#include "expand/items.hpp"
#include "lookup/regex.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

constexpr int kValidDays = 7;

int today_mod_1000() { return static_cast<int>((std::time(nullptr) / 86400) % 1000); }

std::string prvs_hash(const std::string& secret, char keynum, const std::string& daystamp,
                      const std::string& address) {
  std::string source = std::string(1, keynum) + daystamp + address;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(source.data()), source.size(), digest, &len);
  char hex[7];
  std::snprintf(hex, sizeof hex, "%02x%02x%02x", digest[0], digest[1], digest[2]);
  return hex;
}

}  // namespace

bool item_prvs(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v(node.args.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (!ev.eval(node.args[i], v[i])) return false;
  }
  const std::string& address = v[0].text;
  size_t at = address.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size()) {
    return ev.error("prvs first argument must be a qualified email address");
  }
  char keynum = '0';
  if (v.size() > 2) {
    if (v[2].text.size() != 1 || !util::is_digit(v[2].text[0])) {
      return ev.error("prvs third argument must be a single digit");
    }
    keynum = v[2].text[0];
  }
  char daystamp[16];
  std::snprintf(daystamp, sizeof daystamp, "%03d", (today_mod_1000() + kValidDays) % 1000);
  out.append(TString("prvs=" + std::string(1, keynum) + daystamp +
                         prvs_hash(v[1].text, keynum, daystamp, address) + "=" + address,
                     v[0].tainted));
  return true;
}

bool item_prvscheck(Evaluator& ev, const ItemNode& node, TString& out) {
  TString address;
  if (!ev.eval(node.args[0], address)) return false;
  std::string err;
  static const auto re = lookup::Regex::compile(
      "^prvs\\=([0-9])([0-9]{3})([A-F0-9]{6})\\=(.+)\\@(.+)$", true, err);
  std::vector<std::string> caps;
  if (!re->match(address.text, &caps)) {
    return true;  // not a prvs address: the item is empty
  }
  std::string plain = caps[4] + "@" + caps[5];
  ev.set_local("prvscheck_address", TString(plain, address.tainted));
  ev.set_local("prvscheck_keynum", TString(caps[1], address.tainted));
  TString secret;
  if (!ev.eval(node.args[1], secret)) return false;
  bool hash_ok = util::iequals(prvs_hash(secret.text, caps[1][0], caps[2], plain), caps[3]);
  int expires = std::stoi(caps[2]);
  bool in_time = (expires - today_mod_1000() + 1000) % 1000 <= kValidDays;
  ev.set_local("prvscheck_result", TString(hash_ok && in_time ? "1" : ""));
  TString result;
  if (node.args.size() > 2 && !ev.eval(node.args[2], result)) return false;
  if (result.text.empty()) {
    result = TString(plain, address.tainted);
  }
  ev.unset_local("prvscheck_address");
  ev.unset_local("prvscheck_keynum");
  out.append(result);
  return true;
}

}  // namespace corvid::expand
