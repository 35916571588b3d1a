// PCRE2 wrapper with a compile cache; see regex.hpp.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lookup/regex.hpp"

#include <pcre2.h>

#include <map>
#include <mutex>

namespace corvid::lookup {

namespace {

struct Cache {
  std::mutex mutex;
  std::map<std::pair<std::string, bool>, std::shared_ptr<const Regex>> entries;
};

Cache& cache() {
  static Cache c;
  return c;
}

constexpr size_t kMaxCached = 4096;

}  // namespace

std::shared_ptr<const Regex> Regex::compile(std::string_view pattern, bool caseless,
                                            std::string& error) {
  auto key = std::make_pair(std::string(pattern), caseless);
  {
    std::lock_guard lock(cache().mutex);
    if (auto it = cache().entries.find(key); it != cache().entries.end()) {
      return it->second;
    }
  }
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 caseless ? PCRE2_CASELESS : 0, &code, &offset, nullptr);
  if (re == nullptr) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code, buf, sizeof buf);
    error = std::string(reinterpret_cast<char*>(buf)) + " at offset " + std::to_string(offset) +
            " while compiling " + std::string(pattern);
    return nullptr;
  }
  std::shared_ptr<const Regex> r(new Regex(re));
  std::lock_guard lock(cache().mutex);
  if (cache().entries.size() >= kMaxCached) {
    cache().entries.clear();
  }
  cache().entries.emplace(std::move(key), r);
  return r;
}

Regex::~Regex() { pcre2_code_free(static_cast<pcre2_code*>(code_)); }

bool Regex::match(std::string_view subject, std::vector<std::string>* captures) const {
  auto* re = static_cast<pcre2_code*>(code_);
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(re, nullptr);
  int rc = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0,
                       md, nullptr);
  if (rc > 0 && captures != nullptr) {
    captures->clear();
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    for (int i = 0; i < rc; ++i) {
      if (ov[2 * i] == PCRE2_UNSET) {
        captures->emplace_back();
      } else {
        captures->emplace_back(subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]));
      }
    }
  }
  pcre2_match_data_free(md);
  return rc > 0;
}

}  // namespace corvid::lookup
