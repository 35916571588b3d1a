// Miscellaneous operators: eval, eval10, expand, listcount, listnamed
// (listnamed_a/_d/_h/_l), quote, quote_<lookup>, randint, stat.
//
// listnamed follows the Exim 4.96 binary rather than a literal reading of
// the spec: the named list's text is split as written (not expanded), items
// that are themselves "+name" references are replaced by that list, and the
// items are joined with " : ", doubling colons that came from a list with
// another separator.
#include <openssl/rand.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "expand/expansion.hpp"
#include "expand/op_eval.hpp"
#include "expand/op_util.hpp"
#include "expand/operators.hpp"
#include "lists/list_reader.hpp"
#include "lookup/lookup.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

bool fail(OpCall& call, std::string message) {
  call.error = std::move(message);
  return false;
}

bool run_eval(OpCall& call, bool decimal) {
  op::EvalResult r = op::eval_expression(call.in.text, decimal);
  if (!r.ok) {
    return fail(call, std::move(r.error));
  }
  call.out.text = std::to_string(r.value);
  call.out.tainted = false;
  return true;
}

bool op_eval(OpCall& call) { return run_eval(call, false); }
bool op_eval10(OpCall& call) { return run_eval(call, true); }

bool op_expand(OpCall& call) {
  if (call.in.tainted) {
    return fail(call, "attempt to expand tainted string '" + call.in.text + "'");
  }
  Result r = expand_string(call.in.text, call.ctx);
  if (!r.ok()) {
    // A forced failure inside is an ordinary error here, as in Exim.
    return fail(call, "internal expansion of \"" + call.in.text + "\" failed: " + r.message);
  }
  call.out = std::move(r.value);
  return true;
}

bool op_listcount(OpCall& call) {
  lists::ListReader reader(call.in.text);
  std::string item;
  size_t n = 0;
  while (reader.next(item)) {
    ++n;
  }
  call.out.text = std::to_string(n);
  call.out.tainted = false;
  return true;
}

// One item of a list whose separator is `sep`, re-quoted for a colon list.
void append_requoted(std::string& out, std::string_view item, char sep) {
  if (sep == ':') {
    out.append(item);
    return;
  }
  for (size_t i = 0; i < item.size(); ++i) {
    char c = item[i];
    if (c == ':') {
      out += "::";
    } else if (c == sep) {
      out.push_back(c);
      if (i + 1 < item.size() && item[i + 1] == sep) {
        ++i;
      }
    } else {
      out.push_back(c);
    }
  }
}

const lists::NamedList* find_named(const Context& ctx, char type, std::string_view name) {
  using lists::Kind;
  switch (type) {
    case 'a': return ctx.named_list(Kind::address, name);
    case 'd': return ctx.named_list(Kind::domain, name);
    case 'h': return ctx.named_list(Kind::host, name);
    case 'l': return ctx.named_list(Kind::localpart, name);
    default: break;
  }
  for (Kind k : {Kind::address, Kind::domain, Kind::host, Kind::localpart}) {
    if (const lists::NamedList* l = ctx.named_list(k, name)) {
      return l;
    }
  }
  return nullptr;
}

// `type` is 'a', 'd', 'h', 'l' or 0 for "any kind".
bool list_named(const Context& ctx, char type, std::string_view name, std::string& out,
                std::string& error, int depth) {
  if (!name.empty() && name[0] == '+') {
    name.remove_prefix(1);
  }
  const lists::NamedList* list = depth < 50 ? find_named(ctx, type, name) : nullptr;
  if (list == nullptr) {
    const char* kind = type == 'a'   ? "address "
                       : type == 'd' ? "domain "
                       : type == 'h' ? "host "
                       : type == 'l' ? "localpart "
                                     : "";
    error = "\"" + std::string(name) + "\" is not a " + kind + "named list";
    return false;
  }
  lists::ListReader reader(list->text);
  std::string item;
  bool first = true;
  while (reader.next(item)) {
    if (!first) {
      out += " : ";
    }
    first = false;
    if (!item.empty() && item[0] == '+') {
      if (!list_named(ctx, type, item, out, error, depth + 1)) {
        return false;
      }
    } else {
      append_requoted(out, item, reader.separator());
    }
  }
  return true;
}

bool op_listnamed(OpCall& call) {
  char type = 0;
  if (!call.suffix.empty()) {
    type = call.suffix.size() > 1 ? call.suffix[1] : '\0';
    if (type != 'a' && type != 'd' && type != 'h' && type != 'l') {
      return fail(call, "bad suffix on \"list\" operator");
    }
  }
  std::string out;
  if (!list_named(call.ctx, type, call.in.text, out, call.error, 0)) {
    return false;
  }
  call.out.text = std::move(out);
  return true;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      if (c == '\\' || c == '"') {
        out.push_back('\\');
      }
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

// ${quote_<lookup>[_<option>]:...}
bool quote_for_lookup(OpCall& call) {
  std::string_view arg = call.suffix.substr(1);
  std::string_view opt;
  size_t us = arg.find('_');
  bool has_opt = us != std::string_view::npos;
  if (has_opt) {
    opt = arg.substr(us + 1);
    arg = arg.substr(0, us);
  }
  const lookup::Driver* driver = lookup::find_driver(arg);
  if (driver == nullptr) {
    return fail(call, "unknown lookup type \"" + std::string(arg) + "\"");
  }
  std::optional<std::string> q =
      driver->quote(call.in.text, has_opt ? std::optional<std::string_view>(opt) : std::nullopt);
  if (!q) {
    return fail(call, "\"" + std::string(opt) + "\" unrecognized after \"${quote_" +
                          std::string(arg) + "\"");
  }
  call.out.text = std::move(*q);
  return true;
}

bool op_quote(OpCall& call) {
  if (!call.suffix.empty()) {
    return quote_for_lookup(call);
  }
  const std::string& s = call.in.text;
  bool needs = s.empty();
  for (char c : s) {
    if (!util::is_alnum(c) && c != '_' && c != '-' && c != '.') {
      needs = true;
      break;
    }
  }
  call.out.text = needs ? quoted(s) : s;
  return true;
}

// Exim's expanded_string_integer(s, isplus): false with Exim's message.
bool read_integer(std::string_view s, int64_t& value, std::string& error) {
  std::string_view t = s;
  while (!t.empty() && op::c_isspace(static_cast<unsigned char>(t[0]))) {
    t.remove_prefix(1);
  }
  if (t.empty() && !s.empty()) {
    value = 0;
    return true;
  }
  op::Parsed p = op::c_strtol10(t);
  value = static_cast<int64_t>(p.value);
  std::string shown(t);
  if (p.used == 0) {
    error = "integer expected but \"" + shown + "\" found";
    return false;
  }
  if (value < 0) {
    error = "non-negative integer expected but \"" + shown + "\" found";
    return false;
  }
  size_t i = p.used;
  if (i < t.size()) {
    int64_t mult = 0;
    switch (t[i]) {
      case 'k': case 'K': mult = 1024; break;
      case 'm': case 'M': mult = 1024 * 1024; break;
      case 'g': case 'G': mult = 1024 * 1024 * 1024; break;
      default: break;
    }
    if (mult != 0) {
      if (value > std::numeric_limits<int64_t>::max() / mult) {
        p.overflow = true;
      } else {
        value *= mult;
      }
      ++i;
    }
  }
  if (p.overflow) {
    error = "absolute value of integer \"" + shown + "\" is too large (overflow)";
    return false;
  }
  while (i < t.size() && op::c_isspace(static_cast<unsigned char>(t[i]))) {
    ++i;
  }
  if (i != t.size()) {
    error = "invalid integer \"" + shown + "\"";
    return false;
  }
  return true;
}

bool op_randint(OpCall& call) {
  int64_t max = 0;
  if (!read_integer(call.in.text, max, call.error)) {
    return false;
  }
  auto limit = static_cast<int32_t>(static_cast<uint64_t>(max));  // Exim passes an int
  int32_t n = 0;
  if (limit > 1) {
    uint32_t r = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&r), sizeof r) != 1) {
      r = static_cast<uint32_t>(std::rand());
    }
    n = static_cast<int32_t>(r % static_cast<uint32_t>(limit));
  }
  call.out.text = std::to_string(n);
  call.out.tainted = false;
  return true;
}

// "drwxr-xr-x" for a mode.
std::string symbolic_mode(mode_t mode) {
  std::string s(10, '-');
  switch (mode & S_IFMT) {
    case S_IFDIR: s[0] = 'd'; break;
    case S_IFCHR: s[0] = 'c'; break;
    case S_IFBLK: s[0] = 'b'; break;
    case S_IFIFO: s[0] = 'p'; break;
    case S_IFLNK: s[0] = 'l'; break;
    case S_IFSOCK: s[0] = 's'; break;
    case S_IFREG: break;
    default: s[0] = '?'; break;
  }
  static constexpr char kRwx[] = "rwx";
  for (int i = 0; i < 9; ++i) {
    if (mode & (0400u >> i)) {
      s[static_cast<size_t>(i + 1)] = kRwx[i % 3];
    }
  }
  auto special = [&](mode_t bit, size_t pos, char set_x, char set_no_x) {
    if (mode & bit) {
      s[pos] = s[pos] == '-' ? set_no_x : set_x;
    }
  };
  special(S_ISUID, 3, 's', 'S');
  special(S_ISGID, 6, 's', 'S');
  special(S_ISVTX, 9, 't', 'T');
  return s;
}

bool op_stat(OpCall& call) {
  struct stat st {};
  if (::stat(call.in.text.c_str(), &st) != 0) {
    return fail(call, "stat(" + call.in.text + ") failed: " + std::strerror(errno));
  }
  char mode[16];
  std::snprintf(mode, sizeof mode, "%04lo", static_cast<unsigned long>(st.st_mode & 077777));
  call.out.text = std::string("mode=") + mode + " smode=" + symbolic_mode(st.st_mode) +
                  " inode=" + std::to_string(st.st_ino) + " device=" + std::to_string(st.st_dev) +
                  " links=" + std::to_string(st.st_nlink) + " uid=" + std::to_string(st.st_uid) +
                  " gid=" + std::to_string(st.st_gid) + " size=" + std::to_string(st.st_size) +
                  " atime=" + std::to_string(st.st_atime) + " mtime=" +
                  std::to_string(st.st_mtime) + " ctime=" + std::to_string(st.st_ctime);
  call.out.tainted = false;
  return true;
}

constexpr OperatorDef kTable[] = {
    {"eval", op_eval, true},
    {"eval10", op_eval10, true},
    {"expand", op_expand, true},
    {"listcount", op_listcount, true},
    {"listnamed", op_listnamed, true},
    {"quote", op_quote, true},
    {"randint", op_randint, true},
    {"stat", op_stat, true},
};

}  // namespace

std::span<const OperatorDef> misc_operators() { return kTable; }

}  // namespace corvid::expand
