// The list walker shared by every kind of Exim list (negation, named lists,
// out-of-line files, the end-of-list rule), the named-list cache, and the
// public matchers for domain, local-part and plain string lists. See
// match.hpp for the contract and match_internal.hpp for the pieces.
#include <cerrno>
#include <cstring>
#include <fstream>

#include "lists/list_reader.hpp"
#include "lists/match_internal.hpp"
#include "util/strings.hpp"

namespace corvid::lists {

std::optional<Outcome> NamedListCache::get(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return std::nullopt;
  }
  return *it->second;
}

void NamedListCache::put(const std::string& key, const Outcome& outcome) {
  std::lock_guard lock(mutex_);
  entries_[key] = std::make_shared<const Outcome>(outcome);
}

void NamedListCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

namespace detail {

namespace {

constexpr int kMaxNamedDepth = 50;

const char* kind_word(Kind kind) {
  switch (kind) {
    case Kind::domain:
      return "domain";
    case Kind::host:
      return "host";
    case Kind::address:
      return "address";
    case Kind::localpart:
      return "local part";
    case Kind::string:
      return "string";
  }
  return "";
}

// `log` empty: Exim logs the reason itself.
Outcome deferred(std::string error, std::string log = {}) {
  Outcome o;
  o.match = Match::defer;
  o.log_message = log.empty() ? error : std::move(log);
  o.error = std::move(error);
  return o;
}

// Strips a leading "!" (and white space after it); true if there was one.
bool take_negation(std::string_view& item) {
  if (item.empty() || item[0] != '!') {
    return false;
  }
  item = util::trim_left(item.substr(1));
  return true;
}

// In address and local-part files '#' starts a comment only at the start
// of a line or after white space; elsewhere anywhere.
std::string_view strip_comment(std::string_view line, Kind kind) {
  bool strict = kind == Kind::address || kind == Kind::localpart;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (!strict || i == 0 || util::is_space(line[i - 1]))) {
      return line.substr(0, i);
    }
  }
  return line;
}

// Handles the host-list "+include_unknown" style items and "+caseful".
bool take_control_item(std::string_view item, Walk& w) {
  if (w.kind == Kind::host) {
    if (item == "+include_unknown" || item == "+ignore_unknown") {
      w.unknown = item == "+include_unknown" ? OnMissing::include : OnMissing::ignore;
      return true;
    }
    if (item == "+include_defer" || item == "+ignore_defer") {
      w.deferred = item == "+include_defer" ? OnMissing::include : OnMissing::ignore;
      return true;
    }
  }
  if ((w.kind == Kind::address || w.kind == Kind::localpart) && item == "+caseful") {
    w.caseless = false;
    return true;
  }
  return false;
}

enum class Step { matched, next, stop };

// Applies one item's result; fills `out` and returns `stop` when the walk
// ends here (a match, a defer, or an unknown that fails the list).
Step settle(Item r, bool negated, Walk& w, Outcome& item_out, Outcome& out) {
  if (r == Item::unknown) {
    if (w.unknown == OnMissing::ignore) {
      return Step::next;
    }
    out = Outcome{};
    out.match = w.unknown == OnMissing::include ? Match::yes : Match::no;
    return Step::stop;
  }
  if (r == Item::defer) {
    if (w.kind == Kind::host && w.deferred == OnMissing::ignore) {
      return Step::next;
    }
    if (w.kind == Kind::host && w.deferred == OnMissing::include) {
      out = Outcome{};
      out.match = Match::yes;
      return Step::stop;
    }
    out = deferred(item_out.error, item_out.log_message);
    return Step::stop;
  }
  if (r == Item::no) {
    return Step::next;
  }
  out = std::move(item_out);
  out.match = negated ? Match::no : Match::yes;
  return Step::matched;
}

// Reads an out-of-line list file; each line is an item of its own.
Step walk_file(const std::string& path, bool file_negated, Walk& w, const ItemFn& fn,
               Outcome& out) {
  std::ifstream in(path);
  if (!in) {
    out = deferred("failed to open " + path + " when checking \"" + path +
                   "\": " + std::strerror(errno));
    return Step::stop;
  }
  std::string raw;
  while (std::getline(in, raw)) {
    std::string_view line = util::trim(strip_comment(raw, w.kind));
    if (line.empty()) {
      continue;
    }
    bool negated = take_negation(line) != file_negated;
    Outcome item_out;
    Step s = settle(fn(line, w, item_out), negated, w, item_out, out);
    if (s != Step::next) {
      return s;
    }
  }
  return Step::next;
}

Step walk_item(std::string_view item, Walk& w, const ItemFn& fn, Outcome& out, bool& last_negated) {
  bool negated = take_negation(item);
  if (!negated && take_control_item(item, w)) {
    return Step::next;
  }
  last_negated = negated;
  if (!item.empty() && item[0] == '/' && w.kind != Kind::string) {
    return walk_file(std::string(item), negated, w, fn, out);
  }
  Outcome item_out;
  Item r = !item.empty() && item[0] == '+' ? match_named(item.substr(1), w, fn, item_out)
                                           : fn(item, w, item_out);
  return settle(r, negated, w, item_out, out);
}

std::string cache_key(const Walk& w, std::string_view name) {
  return std::string(1, char('0' + int(w.kind))) + std::string(name) + '\0' + w.subject +
         (w.caseless ? "\1" : "\2");
}

}  // namespace

Outcome walk(std::string_view list, Walk& w, const ItemFn& fn) {
  ListReader reader(list);
  std::string item;
  bool last_negated = false;
  Outcome out;
  while (reader.next(item)) {
    Step s = walk_item(item, w, fn, out, last_negated);
    if (s != Step::next) {
      return out;
    }
  }
  out = Outcome{};
  out.match = last_negated ? Match::yes : Match::no;
  return out;
}

Item match_named(std::string_view name, Walk& w, const ItemFn& fn, Outcome& out) {
  const NamedList* nl = w.env.named_list(w.kind, name);
  if (nl == nullptr) {
    // Exim logs this and gives no reason in the expansion failure.
    out.error.clear();
    out.log_message =
        "unknown named " + std::string(kind_word(w.kind)) + " list \"+" + std::string(name) + "\"";
    return Item::defer;
  }
  if (w.depth >= kMaxNamedDepth) {
    out.error = "named list \"+" + std::string(name) + "\" nested too deeply (loop?)";
    return Item::defer;
  }
  NamedListCache* cache =
      nl->text.find('$') == std::string::npos ? w.env.named_list_cache() : nullptr;
  std::string key = cache ? cache_key(w, name) : std::string();
  std::optional<Outcome> cached = cache ? cache->get(key) : std::nullopt;
  if (!cached) {
    std::string text, error;
    if (!w.env.expand_list(nl->text, text, error)) {
      if (error.empty()) {
        return Item::no;  // forced failure: not in the list
      }
      out.error = error;
      return Item::defer;
    }
    Walk sub = w;
    sub.depth = w.depth + 1;
    cached = walk(text, sub, fn);
    if (cache && cached->match != Match::defer) {
      cache->put(key, *cached);
    }
  }
  out = *cached;
  if (out.match == Match::defer) {
    return Item::defer;
  }
  return out.match == Match::yes ? Item::yes : Item::no;
}

}  // namespace detail

std::string defer_message(std::string_view list, const Outcome& outcome) {
  return "unable to complete match against \"" + std::string(list) + "\": " + outcome.error;
}

namespace {

using detail::Item;
using detail::Walk;

Outcome run_walk(Kind kind, std::string_view subject, std::string_view list, const Env& env,
                 bool caseless, const detail::ItemFn& fn) {
  Walk w{kind, env, std::string(subject)};
  w.caseless = caseless;
  return detail::walk(list, w, fn);
}

}  // namespace

Outcome match_domain(std::string_view domain, std::string_view list, const Env& env) {
  std::string subject = util::lower(domain);
  return run_walk(Kind::domain, subject, list, env, true,
                  [&subject](std::string_view item, Walk& w, Outcome& out) {
                    return detail::match_domain_item(item, subject, w, out);
                  });
}

Outcome match_localpart(std::string_view local_part, std::string_view list, const Env& env,
                        bool caseless) {
  std::string subject(local_part);
  return run_walk(Kind::localpart, subject, list, env, caseless,
                  [&subject](std::string_view item, Walk& w, Outcome& out) {
                    return detail::match_localpart_item(item, subject, w, out);
                  });
}

Outcome match_string(std::string_view subject, std::string_view list, bool caseless) {
  Outcome out;
  ListReader reader(list);
  std::string item;
  while (reader.next(item)) {
    if (caseless ? util::iequals(item, subject) : item == subject) {
      out.match = Match::yes;
      out.value = item;
      return out;
    }
  }
  return out;
}

}  // namespace corvid::lists
