#include "expand/operators.hpp"

#include <array>

namespace corvid::expand {

namespace {

const OperatorDef* search(std::string_view name, bool want_suffix) {
  using Table = std::span<const OperatorDef> (*)();
  static constexpr std::array<Table, 7> tables = {text_operators,  codec_operators,
                                                  address_operators, ip_operators,
                                                  time_operators,  utf8_operators,
                                                  misc_operators};
  for (Table table : tables) {
    for (const OperatorDef& def : table()) {
      if (def.name == name && (!want_suffix || def.takes_suffix)) {
        return &def;
      }
    }
  }
  return nullptr;
}

}  // namespace

const OperatorDef* find_operator(std::string_view name, std::string_view& suffix) {
  suffix = {};
  if (const OperatorDef* def = search(name, false)) {
    return def;
  }
  // "length_3", "s_1_2", "sha3_512": the base name is everything before the
  // first underscore.
  size_t us = name.find('_');
  if (us == std::string_view::npos || us == 0) {
    return nullptr;
  }
  if (const OperatorDef* def = search(name.substr(0, us), true)) {
    suffix = name.substr(us);
    return def;
  }
  return nullptr;
}

}  // namespace corvid::expand
