// String items: ${substr}, ${length}, ${hash}, ${nhash}, ${hmac}, ${sg},
// ${tr}.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "expand/items.hpp"
#include "expand/string_core.hpp"

namespace corvid::expand {

namespace {

// Expands every argument of `node` into `vals`.
bool eval_args(Evaluator& ev, const ItemNode& node, std::vector<TString>& vals) {
  vals.resize(node.args.size());
  for (size_t i = 0; i < node.args.size(); ++i) {
    if (!ev.eval(node.args[i], vals[i])) return false;
  }
  return true;
}

bool number_arg(Evaluator& ev, const TString& v, const ItemNode& node, bool positive,
                long& out) {
  if (!parse_item_int(v.text, out) || (positive && out < 0)) {
    return ev.error("\"" + v.text + "\" is not a " + (positive ? "positive " : "") +
                    "number (in \"" + node.name + "\" expansion)");
  }
  return true;
}

bool taint_of(const std::vector<TString>& vals) {
  for (const auto& v : vals) {
    if (v.tainted) return true;
  }
  return false;
}

}  // namespace

bool item_substr(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v;
  if (!eval_args(ev, node, v)) return false;
  long start = 0;
  long len = -1;
  if (!number_arg(ev, v[0], node, false, start)) return false;
  if (v.size() == 3 && !number_arg(ev, v[1], node, true, len)) return false;
  out.append(TString(std::string(substr_of(v.back().text, start, len)), v.back().tainted));
  return true;
}

bool item_length(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v;
  if (!eval_args(ev, node, v)) return false;
  long len = 0;
  if (!number_arg(ev, v[0], node, true, len)) return false;
  out.append(TString(std::string(substr_of(v[1].text, 0, len)), v[1].tainted));
  return true;
}

bool item_hash(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v;
  if (!eval_args(ev, node, v)) return false;
  long len = 0;
  long chars = -1;
  if (!number_arg(ev, v[0], node, true, len)) return false;
  if (v.size() == 3 && !number_arg(ev, v[1], node, true, chars)) return false;
  std::string result;
  std::string error;
  if (!hash_of(v.back().text, static_cast<int32_t>(len), static_cast<int32_t>(chars), result,
               error)) {
    return ev.error(error);
  }
  out.append(TString(std::move(result), v.back().tainted));
  return true;
}

bool item_nhash(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v;
  if (!eval_args(ev, node, v)) return false;
  long div1 = 0;
  long div2 = -1;
  if (!number_arg(ev, v[0], node, true, div1)) return false;
  if (v.size() == 3 && !number_arg(ev, v[1], node, true, div2)) return false;
  std::string result;
  std::string error;
  if (!nhash_of(v.back().text, static_cast<int32_t>(div1), static_cast<int32_t>(div2), result,
                error)) {
    return ev.error(error);
  }
  out.append(TString(std::move(result), false));
  return true;
}

bool item_hmac(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v;
  if (!eval_args(ev, node, v)) return false;
  const EVP_MD* md = nullptr;
  if (v[0].text == "md5") {
    md = EVP_md5();
  } else if (v[0].text == "sha1") {
    md = EVP_sha1();
  } else {
    return ev.error("hmac algorithm \"" + v[0].text + "\" is not recognised");
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int dlen = 0;
  HMAC(md, v[1].text.data(), static_cast<int>(v[1].text.size()),
       reinterpret_cast<const unsigned char*>(v[2].text.data()), v[2].text.size(), digest, &dlen);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < dlen; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  out.append(TString(std::move(hex), taint_of(v)));
  return true;
}

bool item_sg(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v;
  if (!eval_args(ev, node, v)) return false;
  int errcode = 0;
  PCRE2_SIZE erroffset = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(v[1].text.data()), v[1].text.size(),
                                 0, &errcode, &erroffset, nullptr);
  if (re == nullptr) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(errcode, buf, sizeof buf);
    return ev.error("regular expression error in \"" + v[1].text + "\": " +
                    reinterpret_cast<char*>(buf) + " at offset " + std::to_string(erroffset));
  }
  // The replacement was expanded once with the other arguments; it is
  // expanded again for each match, with $0..$n set to that match.
  Expansion replacement = compile(v[2].text);
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(re, nullptr);
  const std::string& subject = v[0].text;
  TString result;
  result.tainted = v[0].tainted || v[2].tainted;
  size_t pos = 0;
  bool ok = true;
  auto saved = ev.numeric;
  uint32_t options = 0;
  while (pos <= subject.size()) {
    int rc = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), pos,
                         options, md, nullptr);
    if (rc < 0) {
      if (options != 0 && pos < subject.size()) {
        // An empty match at pos failed to advance: copy one character on.
        result.text.push_back(subject[pos++]);
        options = 0;
        continue;
      }
      break;
    }
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    result.text.append(subject, pos, ov[0] - pos);
    ev.numeric.clear();
    for (int i = 0; i < rc; ++i) {
      if (ov[2 * i] == PCRE2_UNSET) {
        ev.numeric.emplace_back();
      } else {
        ev.numeric.emplace_back(subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]),
                                v[0].tainted);
      }
    }
    if (!replacement.ok()) {
      ok = ev.error(replacement.parse_error());
      break;
    }
    if (!ev.eval_append(replacement.tree()->seq, result)) {
      ok = false;
      break;
    }
    // After an empty match, try once more at the same place without
    // allowing an empty match, so that the scan moves on.
    options = ov[0] == ov[1] ? (PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED) : 0;
    pos = ov[1];
  }
  if (ok && pos < subject.size()) result.text.append(subject, pos);
  ev.numeric = std::move(saved);
  pcre2_match_data_free(md);
  pcre2_code_free(re);
  if (!ok) return false;
  out.append(result);
  return true;
}

bool item_tr(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v;
  if (!eval_args(ev, node, v)) return false;
  std::string s = v[0].text;
  const std::string& from = v[1].text;
  const std::string& to = v[2].text;
  if (!to.empty()) {
    for (auto& c : s) {
      // The last occurrence in `from` wins; characters beyond the end of
      // `to` map to its last character.
      size_t k = from.rfind(c);
      if (k != std::string::npos) c = to[k < to.size() ? k : to.size() - 1];
    }
  }
  out.append(TString(std::move(s), v[0].tainted));
  return true;
}

}  // namespace corvid::expand
