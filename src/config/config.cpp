// Config accessors; see config.hpp. The Config is filled by the Builder in
// parser.cpp.
#include "config/config.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace corvid::config {
namespace {

bool is_number_type(OptType t) {
  return t == OptType::integer || t == OptType::size_int || t == OptType::kilo_int ||
         t == OptType::octal;
}

void collect_unsupported(const OptionSet& set, std::string_view where,
                         std::vector<std::pair<std::pair<std::string, int>, std::string>>& out) {
  for (std::size_t i = 0; i < set.size(); ++i) {
    const OptionValue& v = set.value_at(i);
    if (v.configured && !set.def_at(i).implemented) {
      std::string name(set.def_at(i).name);
      if (!where.empty()) {
        name += " (" + std::string(where) + ")";
      }
      out.push_back({{v.file, v.line}, std::move(name)});
    }
  }
}

}  // namespace

const OptionValue* DriverInstance::option(std::string_view name) const {
  if (const OptionValue* v = options.value(name)) {
    return v;
  }
  return generic.value(name);
}

std::optional<std::string> DriverInstance::option_text(std::string_view name) const {
  int i = options.index_of(name);
  if (i >= 0) {
    return options.value_text(std::size_t(i));
  }
  i = generic.index_of(name);
  if (i >= 0) {
    return generic.value_text(std::size_t(i));
  }
  return std::nullopt;
}

std::optional<std::string> DriverInstance::string_option(std::string_view name) const {
  const OptionValue* v = option(name);
  if (v == nullptr || !v->is_set) {
    return std::nullopt;
  }
  return v->text;
}

std::optional<bool> DriverInstance::bool_option(std::string_view name) const {
  const OptionValue* v = option(name);
  if (v == nullptr || !v->is_set || v->deferred) {
    return std::nullopt;
  }
  return v->flag;
}

std::vector<std::string> DriverInstance::display_lines(bool show_hidden) const {
  std::vector<std::string> out;
  for (const OptionSet* set : {&generic, &options}) {
    for (std::size_t i = 0; i < set->size(); ++i) {
      const OptionDef& d = set->def_at(i);
      if (d.listed && d.alias_of.empty()) {
        out.push_back(set->display(i, show_hidden));
      }
    }
  }
  return out;
}

std::optional<std::string> Config::main_option_text(std::string_view name) const {
  int i = main_.index_of(name);
  if (i < 0) {
    return std::nullopt;
  }
  return main_.value_text(std::size_t(i));
}

std::optional<std::string> Config::main_option_line(std::string_view name, bool show_hidden) const {
  int i = main_.index_of(name);
  if (i < 0) {
    return std::nullopt;
  }
  return main_.display(std::size_t(i), show_hidden);
}

std::optional<bool> Config::bool_option(std::string_view name) const {
  int i = main_.index_of(name);
  if (i < 0 || main_.def_at(i).type != OptType::boolean || main_.value_at(i).deferred) {
    return std::nullopt;
  }
  return main_.value_at(i).flag;
}

std::optional<std::int64_t> Config::int_option(std::string_view name) const {
  int i = main_.index_of(name);
  if (i < 0 || !is_number_type(main_.def_at(i).type)) {
    return std::nullopt;
  }
  const OptionValue& v = main_.value_at(i);
  if (!v.is_set || v.deferred) {
    return std::nullopt;
  }
  return main_.def_at(i).type == OptType::kilo_int ? v.number * 1024 : v.number;
}

std::optional<std::chrono::seconds> Config::time_option(std::string_view name) const {
  int i = main_.index_of(name);
  if (i < 0 || main_.def_at(i).type != OptType::time) {
    return std::nullopt;
  }
  const OptionValue& v = main_.value_at(i);
  if (!v.is_set || v.deferred) {
    return std::nullopt;
  }
  return std::chrono::seconds(v.number);
}

std::optional<double> Config::fixed_option(std::string_view name) const {
  int i = main_.index_of(name);
  if (i < 0 || main_.def_at(i).type != OptType::fixed || !main_.value_at(i).is_set) {
    return std::nullopt;
  }
  return double(main_.value_at(i).number) / 1000.0;
}

std::optional<std::string> Config::string_option(std::string_view name) const {
  const OptionValue* v = main_.value(name);
  if (v == nullptr || !v->is_set) {
    return std::nullopt;
  }
  return v->text;
}

bool Config::option_configured(std::string_view name) const {
  const OptionValue* v = main_.value(name);
  return v != nullptr && v->configured;
}

const lists::NamedList* Config::named_list(lists::Kind kind, std::string_view name) const {
  for (const NamedListEntry& e : named_lists_) {
    if (e.list.kind == kind && e.list.name == name) {
      return &e.list;
    }
  }
  return nullptr;
}

const NamedListEntry* Config::named_list_any(std::string_view name) const {
  for (const NamedListEntry& e : named_lists_) {
    if (e.list.name == name) {
      return &e;
    }
  }
  return nullptr;
}

const Acl* Config::acl(std::string_view name) const {
  for (const Acl& a : acls_) {
    if (a.name == name) {
      return &a;
    }
  }
  return nullptr;
}

const std::vector<DriverInstance>& Config::instances(DriverKind kind) const {
  switch (kind) {
    case DriverKind::router:
      return routers_;
    case DriverKind::transport:
      return transports_;
    case DriverKind::authenticator:
      break;
  }
  return authenticators_;
}

const DriverInstance* Config::instance(DriverKind kind, std::string_view name) const {
  for (const DriverInstance& d : instances(kind)) {
    if (d.name == name) {
      return &d;
    }
  }
  return nullptr;
}

std::vector<std::string> Config::unsupported_options_used() const {
  std::vector<std::pair<std::pair<std::string, int>, std::string>> found;
  collect_unsupported(main_, "", found);
  for (DriverKind k : {DriverKind::router, DriverKind::transport, DriverKind::authenticator}) {
    for (const DriverInstance& d : instances(k)) {
      std::string where = std::string(kind_name(k)) + " " + d.name;
      collect_unsupported(d.generic, where, found);
      collect_unsupported(d.options, where, found);
      if (d.info != nullptr && !d.info->implemented) {
        found.push_back({{d.file, d.line},
                         d.driver + " " + std::string(kind_name(k)) + " driver (" + where + ")"});
      }
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& [where, name] : found) {
    out.push_back(where.first + ":" + std::to_string(where.second) + " " + name);
  }
  return out;
}

}  // namespace corvid::config
