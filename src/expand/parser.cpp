// Recursive-descent parser for Exim expansion strings. See parser.hpp.
//
// The structure follows the language's own: a sequence of literal text,
// escapes, `$` references and `${...}` constructs; items read their braced
// arguments, ${if} and ${filter} read a condition, and items that take
// yes/no strings share one reader. Error texts are Exim 4.96's.
#include "expand/parser.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "expand/item_table.hpp"
#include "lookup/lookup.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

struct HeaderPrefix {
  std::string_view prefix;
  HeaderMode mode;
};

constexpr std::array<HeaderPrefix, 8> kHeaderPrefixes = {{
    {"header_", HeaderMode::decoded},
    {"h_", HeaderMode::decoded},
    {"bheader_", HeaderMode::basic},
    {"bh_", HeaderMode::basic},
    {"rheader_", HeaderMode::raw},
    {"rh_", HeaderMode::raw},
    {"lheader_", HeaderMode::list},
    {"lh_", HeaderMode::list},
}};

const HeaderPrefix* header_prefix(std::string_view name) {
  for (const auto& hp : kHeaderPrefixes) {
    if (name.starts_with(hp.prefix)) {
      return &hp;
    }
  }
  return nullptr;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  bool parse(Tree& tree, std::string& error) {
    bool ok = parse_seq(tree.seq, false);
    if (!ok) {
      error = std::move(error_);
    }
    return ok;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
  int depth_ = 0;

  // Nesting deeper than this is refused, so hostile input cannot exhaust
  // the stack; real configurations nest a handful of levels.
  static constexpr int kMaxDepth = 200;

  // Counts one level of nesting for the lifetime of a parse function.
  struct DepthGuard {
    int& depth;
    explicit DepthGuard(int& d) : depth(++d) {}
    ~DepthGuard() { --depth; }
  };

  // ---- low-level reading -------------------------------------------------

  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }
  std::string_view rest() const { return s_.substr(std::min(pos_, s_.size())); }
  void skip_ws() {
    while (!at_end() && util::is_space(s_[pos_])) ++pos_;
  }
  bool fail(std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
    }
    return false;
  }
  // Exim's read_name(): letters, digits and underscores; after "${" a
  // hyphen too, so that "${substr_-1:...}" reads as one name.
  std::string read_name(bool with_hyphen = false) {
    size_t start = pos_;
    while (!at_end() && (util::is_alnum(s_[pos_]) || s_[pos_] == '_' ||
                         (with_hyphen && s_[pos_] == '-'))) {
      ++pos_;
    }
    return std::string(s_.substr(start, pos_ - start));
  }
  // Adds Exim's context to an error from inside a nested construct
  // (" inside \"and{...}\" condition"); returns false.
  bool decorate(std::string_view suffix) {
    error_.append(suffix);
    return false;
  }
  int read_number() {
    long n = 0;
    while (!at_end() && util::is_digit(s_[pos_])) {
      if (n < 100000000) n = n * 10 + (s_[pos_] - '0');
      ++pos_;
    }
    return static_cast<int>(n);
  }
  bool expect_brace(const std::string& message) {
    skip_ws();
    if (peek() != '{') {
      return fail(message);
    }
    ++pos_;
    return true;
  }

  // ---- sequences ---------------------------------------------------------

  static void add_literal(Seq& seq, std::string_view text) {
    if (!seq.parts.empty() && seq.parts.back().kind == PartKind::literal) {
      seq.parts.back().text.append(text);
      return;
    }
    Part p;
    p.kind = PartKind::literal;
    p.text.assign(text);
    seq.parts.push_back(std::move(p));
  }

  // The text of `seq` when it is all literal (no variables, operators or
  // items), as Exim's read-time checks see it.
  static bool literal_text(const Seq& seq, std::string& out) {
    out.clear();
    for (const Part& p : seq.parts) {
      if (p.kind != PartKind::literal) return false;
      out += p.text;
    }
    return true;
  }

  // Parses until the end of the string, or (ket_ends) the matching '}'.
  bool parse_seq(Seq& seq, bool ket_ends) {
    DepthGuard guard(depth_);
    if (depth_ > kMaxDepth) {
      return fail("expansion nested too deeply");
    }
    while (!at_end()) {
      char c = s_[pos_];
      if (c == '\\') {
        if (!parse_backslash(seq)) return false;
      } else if (c == '$') {
        if (!parse_dollar(seq)) return false;
      } else if (c == '}' && ket_ends) {
        ++pos_;
        return true;
      } else {
        size_t start = pos_;
        while (!at_end() && s_[pos_] != '\\' && s_[pos_] != '$' &&
               !(ket_ends && s_[pos_] == '}')) {
          ++pos_;
        }
        add_literal(seq, s_.substr(start, pos_ - start));
      }
    }
    if (ket_ends) {
      return fail("missing } at end of string");
    }
    return true;
  }

  bool parse_backslash(Seq& seq) {
    ++pos_;  // the backslash
    if (peek() == 'N') {
      ++pos_;
      size_t end = s_.find("\\N", pos_);
      if (end == std::string_view::npos) end = s_.size();
      add_literal(seq, s_.substr(pos_, end - pos_));
      pos_ = end == s_.size() ? end : end + 2;
      return true;
    }
    if (at_end()) {
      return fail("\\ at end of string");
    }
    char out = interpret_escape();
    add_literal(seq, std::string_view(&out, 1));
    return true;
  }

  // The character after a backslash (pos_ at it); consumes it.
  char interpret_escape() {
    char c = s_[pos_++];
    if (c >= '0' && c <= '7') {
      int v = c - '0';
      for (int i = 0; i < 2 && !at_end() && s_[pos_] >= '0' && s_[pos_] <= '7'; ++i) {
        v = v * 8 + (s_[pos_++] - '0');
      }
      return static_cast<char>(v);
    }
    switch (c) {
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'x': {
        int v = 0;
        for (int i = 0; i < 2 && !at_end() && std::isxdigit(static_cast<unsigned char>(s_[pos_]));
             ++i) {
          char h = util::to_lower(s_[pos_++]);
          v = v * 16 + (util::is_digit(h) ? h - '0' : h - 'a' + 10);
        }
        return static_cast<char>(v);
      }
      default: return c;
    }
  }

  // ---- $ references ------------------------------------------------------

  bool parse_dollar(Seq& seq) {
    ++pos_;  // the '$'
    char c = peek();
    if (util::is_alpha(c) || c == '_') {
      return parse_plain_variable(seq);
    }
    if (util::is_digit(c)) {
      Part p;
      p.kind = PartKind::numeric;
      p.number = read_number();
      seq.parts.push_back(std::move(p));
      return true;
    }
    if (c != '{') {
      return fail("$ not followed by letter, digit, or {");
    }
    ++pos_;
    if (util::is_digit(peek())) {
      Part p;
      p.kind = PartKind::numeric;
      p.number = read_number();
      if (peek() != '}') return fail("} expected after number");
      ++pos_;
      seq.parts.push_back(std::move(p));
      return true;
    }
    size_t name_start = pos_;
    std::string name = peek() == '-' ? std::string() : read_name(true);
    if (name.empty()) {
      return fail("letter or digit expected after ${");
    }
    if (const ItemInfo* info = find_item(name)) {
      return parse_item(seq, *info);
    }
    if (peek() == '}') {
      ++pos_;
      Part p;
      p.kind = PartKind::variable;
      p.text = std::move(name);
      p.number = 1;  // braced: changes the wording of "unknown variable"
      seq.parts.push_back(std::move(p));
      return true;
    }
    if (peek() == ':') {
      ++pos_;
      return parse_operator(seq, std::move(name));
    }
    return fail("\"" + std::string(s_.substr(name_start - 2, pos_ - name_start + 2)) +
                "\" is not a known operator (or a } is missing in a variable reference)");
  }

  bool parse_plain_variable(Seq& seq) {
    size_t start = pos_;
    std::string name = read_name();
    Part p;
    if (const HeaderPrefix* hp = header_prefix(name)) {
      pos_ = start + hp->prefix.size();
      size_t hstart = pos_;
      while (!at_end() && s_[pos_] != ':' && !util::is_space(s_[pos_])) ++pos_;
      p.kind = PartKind::header;
      p.header_mode = hp->mode;
      p.text.assign(s_.substr(hstart, pos_ - hstart));
      if (peek() == ':') ++pos_;
    } else {
      p.kind = PartKind::variable;
      p.text = std::move(name);
    }
    seq.parts.push_back(std::move(p));
    return true;
  }

  bool parse_operator(Seq& seq, std::string name) {
    std::string_view suffix;
    const OperatorDef* def = find_operator(name, suffix);
    if (def == nullptr) {
      return fail("unknown expansion operator \"" + name + "\"");
    }
    Part p;
    p.kind = PartKind::op;
    p.op = def;
    p.suffix.assign(suffix);
    p.text = std::move(name);
    p.arg = std::make_unique<Seq>();
    if (!parse_seq(*p.arg, true)) return false;
    seq.parts.push_back(std::move(p));
    return true;
  }

  // ---- items -------------------------------------------------------------

  bool parse_item(Seq& seq, const ItemInfo& info) {
    auto node = std::make_unique<ItemNode>();
    node->id = info.id;
    node->name.assign(info.name);
    bool ok = false;
    switch (info.shape) {
      case ItemShape::subs:
        ok = read_subs(*node, info.max_args, info.min_args, true);
        break;
      case ItemShape::subs_yesno:
        ok = parse_subs_yesno(*node, info);
        break;
      case ItemShape::if_cond:
        node->cond = std::make_unique<CondNode>();
        ok = parse_condition(*node->cond) && parse_yesno(*node);
        break;
      case ItemShape::lookup:
        ok = parse_lookup(*node);
        break;
      case ItemShape::extract:
        ok = parse_extract(*node);
        break;
      case ItemShape::list_op:
        ok = parse_list_op(*node);
        break;
    }
    if (!ok) return false;
    Part p;
    p.kind = PartKind::item;
    p.item = std::move(node);
    seq.parts.push_back(std::move(p));
    return true;
  }

  // Reads one braced argument into node.args, or fails with `missing`.
  bool read_braced(ItemNode& node, const std::string& missing) {
    if (!expect_brace(missing)) return false;
    node.args.emplace_back();
    return parse_seq(node.args.back(), true);
  }

  // Items with braced arguments and a yes/no tail; some have their own
  // wording for a missing argument.
  bool parse_subs_yesno(ItemNode& node, const ItemInfo& info) {
    bool ok = false;
    switch (node.id) {
      case ItemId::run:
        ok = read_braced(node, "missing '{' for command arg of run");
        break;
      case ItemId::env:
        ok = read_braced(node, "");
        break;
      case ItemId::listextract:
        ok = read_braced(node, "missing '{' for arg 1 of listextract") &&
             check_literal_index(node.args[0], "listextract") &&
             read_braced(node, "missing '{' for arg 2 of listextract");
        break;
      default:
        ok = read_subs(node, info.max_args, info.min_args, false);
        break;
    }
    return ok && parse_yesno(node);
  }

  // The numeric first argument of ${listextract} (and ${extract}), checked
  // here when it is literal text, as Exim checks it while reading.
  bool check_literal_index(const Seq& arg, std::string_view item) {
    std::string text;
    if (!literal_text(arg, text)) return true;
    std::string error = index_arg_error(text, item);
    return error.empty() || fail(std::move(error));
  }

  // Exim's read_subs(): up to `max` braced arguments, at least `min`.
  bool read_subs(ItemNode& node, int max, int min, bool check_end) {
    for (int i = 0; i < max; ++i) {
      skip_ws();
      if (peek() != '{') {
        if (i < min) {
          // Exim's ${prvscheck} reports its limits as 1 and 2.
          int shown = node.id == ItemId::prvscheck ? 1 : min;
          return fail("Not enough arguments for '" + node.name + "' (min is " +
                      std::to_string(shown) + ")");
        }
        break;
      }
      ++pos_;
      node.args.emplace_back();
      if (!parse_seq(node.args.back(), true)) return false;
    }
    if (check_end && static_cast<int>(node.args.size()) == max) {
      skip_ws();
      if (peek() == '{') {
        int shown = node.id == ItemId::prvscheck ? max - 1 : max;
        return fail("Too many arguments for '" + node.name + "' (max is " +
                    std::to_string(shown) + ")");
      }
    }
    if (check_end) {
      skip_ws();
      if (peek() != '}') {
        return fail("missing '}' after '" + node.name + "'");
      }
      ++pos_;
    }
    return true;
  }

  // The {yes}{no} / {yes}fail tail shared by ${if}, ${lookup} and others.
  bool parse_yesno(ItemNode& node) {
    YesNo& yn = node.yesno;
    skip_ws();
    if (peek() == '}') {
      ++pos_;
      return true;
    }
    if (peek() != '{') {
      return fail("curly-bracket problem in conditional yes/no parsing: 'yes' part did not "
                  "start with '{'\n remaining string is '" + std::string(rest()) + "'");
    }
    ++pos_;
    yn.present = true;
    yn.yes = std::make_unique<Seq>();
    if (!parse_seq(*yn.yes, true)) return false;
    skip_ws();
    if (peek() == '{') {
      ++pos_;
      yn.no = std::make_unique<Seq>();
      if (!parse_seq(*yn.no, true)) return false;
    } else if (peek() != '}') {
      if (read_name() != "fail") {
        return fail("syntax error in \"" + node.name + "\" item - \"fail\" expected");
      }
      yn.fail = true;
    }
    skip_ws();
    if (peek() != '}') {
      return fail("curly-bracket problem in conditional yes/no parsing: did not close with "
                  "'}'\n remaining string is '" + std::string(rest()) + "'");
    }
    ++pos_;
    return true;
  }

  bool parse_lookup(ItemNode& node) {
    skip_ws();
    if (peek() == '{') {
      ++pos_;
      node.args.emplace_back();
      if (!parse_seq(node.args.back(), true)) return false;
      node.has_key = true;
      skip_ws();
    }
    // The type runs to the next '{' or white space, but must start with a
    // letter ("partial-", "nwildlsearch*@,ret=key" ...).
    size_t start = pos_;
    if (util::is_alpha(peek())) {
      while (!at_end() && s_[pos_] != '{' && !util::is_space(s_[pos_])) ++pos_;
    }
    node.word.assign(s_.substr(start, pos_ - start));
    if (node.word.empty()) {
      return fail("missing lookup type");
    }
    std::string err;
    auto spec = lookup::parse_spec(node.word, err);
    if (!spec) {
      return fail(err);
    }
    std::string base(spec->driver->name());
    if (spec->driver->single_key() && !node.has_key) {
      return fail("missing {key} for single-key \"" + base + "\" lookup");
    }
    if (!spec->driver->single_key() && node.has_key) {
      return fail("a single key was given for lookup type \"" + base +
                  "\", which is not a single-key lookup type");
    }
    node.lookup_spec = std::move(*spec);
    if (!expect_brace("missing '{' for lookup file-or-query arg")) return false;
    node.args.emplace_back();
    if (!parse_seq(node.args.back(), true)) return false;
    return parse_yesno(node);
  }

  // ${extract{key}{string}...} or ${extract{n}{sep}{string}...}: which form
  // it is depends on the first argument (see ExtractForms in ast.hpp).
  bool parse_extract(ItemNode& node) {
    skip_ws();
    if (util::is_alpha(peek())) {
      node.word = read_name();
      if (node.word != "json" && node.word != "jsons") {
        return fail("missing '{' for arg 1 of extract");
      }
    }
    if (!read_braced(node, "missing '{' for arg 1 of extract")) return false;
    node.extract = std::make_unique<ExtractForms>();
    ExtractForms& forms = *node.extract;
    std::string key;
    if (literal_text(node.args[0], key)) {
      if (util::trim(key).empty()) {
        return fail("first argument of \"extract\" must not be empty");
      }
      bool numeric = node.word.empty() && is_index_number(key);
      auto& form = numeric ? forms.as_number : forms.as_key;
      form = std::make_unique<ItemNode>();
      return parse_extract_tail(node, *form, numeric);
    }
    size_t start = pos_;
    forms.as_number = std::make_unique<ItemNode>();
    bool number_ok = parse_extract_tail(node, *forms.as_number, true);
    forms.number_error = std::exchange(error_, {});
    size_t number_end = pos_;
    pos_ = start;
    forms.as_key = std::make_unique<ItemNode>();
    bool key_ok = parse_extract_tail(node, *forms.as_key, false);
    if (!key_ok && !number_ok) return false;
    forms.key_error = std::exchange(error_, {});
    if (!key_ok) pos_ = number_end;
    return true;
  }

  // The arguments after the first, and the yes/no tail, in one reading.
  bool parse_extract_tail(const ItemNode& node, ItemNode& form, bool numeric) {
    form.id = node.id;
    form.name = node.name;
    int first = 2;
    int last = numeric && node.word.empty() ? 3 : 2;
    for (int i = first; i <= last; ++i) {
      if (!read_braced(form, "missing '{' for arg " + std::to_string(i) + " of extract")) {
        return false;
      }
    }
    return parse_yesno(form);
  }

  // ${map}, ${filter}, ${reduce}, ${sort}: a list and per-item parts.
  bool parse_list_op(ItemNode& node) {
    const std::string& n = node.name;
    if (!expect_brace("missing '{' for first arg of " + n)) return false;
    node.args.emplace_back();
    if (!parse_seq(node.args.back(), true)) return false;
    if (node.id == ItemId::reduce) {
      if (!expect_brace("missing '{' for second arg of reduce")) return false;
      node.args.emplace_back();
      if (!parse_seq(node.args.back(), true)) return false;
    }
    if (node.id == ItemId::sort) {
      if (!expect_brace("missing '{' for comparator arg of sort")) return false;
      node.args.emplace_back();
      if (!parse_seq(node.args.back(), true)) return false;
      if (!expect_brace("missing '{' for extractor arg of sort")) return false;
    } else if (!expect_brace("missing '{' for last arg of " + n)) {
      return false;
    }
    std::string inside = " inside \"" + n + "\" item";
    if (node.id == ItemId::filter) {
      node.cond = std::make_unique<CondNode>();
      if (!parse_condition(*node.cond)) return decorate(inside);
      skip_ws();
      if (peek() != '}') {
        return fail("missing } at end of condition or expression inside \"filter\"; could be "
                    "an unquoted } in the content");
      }
      ++pos_;
    } else {
      size_t start = pos_;
      node.args.emplace_back();
      if (!parse_seq(node.args.back(), true)) {
        return node.id == ItemId::sort ? false : decorate(inside);
      }
      // ${sort} names its extractor, as written, when it fails.
      node.word.assign(s_.substr(start, pos_ - 1 - start));
    }
    skip_ws();
    if (peek() != '}') {
      return fail("missing } at end of \"" + n + "\"");
    }
    ++pos_;
    return true;
  }

  // ---- conditions --------------------------------------------------------

  bool parse_condition(CondNode& cond) {
    DepthGuard guard(depth_);
    if (depth_ > kMaxDepth) {
      return fail("expansion nested too deeply");
    }
    skip_ws();
    while (peek() == '!') {
      cond.negated = !cond.negated;
      ++pos_;
      skip_ws();
    }
    std::string name(condition_name_prefix(rest()));
    pos_ += name.size();
    if (name.empty()) {
      return fail("condition name expected, but found \"" + std::string(rest().substr(0, 16)) +
                  "\"");
    }
    const CondInfo* info = find_condition(name);
    if (info == nullptr) {
      return fail("unknown condition \"" + name + "\"");
    }
    cond.id = info->id;
    cond.name = std::move(name);
    switch (info->shape) {
      case CondShape::none:
        return true;
      case CondShape::def:
        return parse_def(cond);
      case CondShape::one:
      case CondShape::two:
        if (cond.id == CondId::inbound_srs) return parse_cond_subs(cond, 2, 2);
        return parse_cond_strings(cond, info->shape == CondShape::one ? 1 : 2);
      case CondShape::group:
        return parse_cond_group(cond);
      case CondShape::iterate:
        return parse_cond_iterate(cond);
      case CondShape::braced_list:
        return parse_cond_braced_list(cond);
    }
    return true;
  }

  bool parse_def(CondNode& cond) {
    if (peek() != ':') {
      return fail("\":\" expected after \"def\"");
    }
    ++pos_;
    size_t start = pos_;
    std::string name = read_name();
    if (name.empty()) {
      return fail("variable name omitted after \"def:\"");
    }
    if (const HeaderPrefix* hp = header_prefix(name)) {
      pos_ = start + hp->prefix.size();
      size_t hstart = pos_;
      while (!at_end() && s_[pos_] != ':' && !util::is_space(s_[pos_]) && s_[pos_] != '{' &&
             s_[pos_] != '}') {
        ++pos_;
      }
      cond.word.assign(s_.substr(hstart, pos_ - hstart));
      cond.word_is_header = true;
      cond.header_mode = hp->mode;
      if (peek() == ':') ++pos_;
      return true;
    }
    cond.word = std::move(name);
    return true;
  }

  bool parse_cond_strings(CondNode& cond, int count) {
    static constexpr std::array<const char*, 2> kOrdinal = {"1st", "2nd"};
    for (int i = 0; i < count; ++i) {
      skip_ws();
      if (peek() != '{') {
        if (i == 0) return fail("missing { after \"" + cond.name + "\"");
        return fail(std::string("missing ") + kOrdinal[i] + " string in {} after \"" +
                    cond.name + "\"");
      }
      ++pos_;
      cond.args.emplace_back();
      if (!parse_seq(cond.args.back(), true)) return false;
    }
    return true;
  }

  // and{{c1}{c2}...} / or{...}
  bool parse_cond_group(CondNode& cond) {
    if (!expect_brace("missing { after \"" + cond.name + "\"")) return false;
    for (;;) {
      skip_ws();
      if (peek() == '}') {
        ++pos_;
        return true;
      }
      if (peek() != '{') {
        return fail("each subcondition inside an \"" + cond.name +
                    "{...}\" condition must be in its own {}");
      }
      ++pos_;
      cond.subs.emplace_back();
      if (!parse_condition(cond.subs.back())) {
        return decorate(" inside \"" + cond.name + "{...}\" condition");
      }
      skip_ws();
      if (peek() != '}') {
        return fail("missing } at end of condition inside \"" + cond.name + "\" group");
      }
      ++pos_;
    }
  }

  // forall{list}{condition} and friends
  bool parse_cond_iterate(CondNode& cond) {
    if (!expect_brace("missing { after \"" + cond.name + "\"")) return false;
    cond.args.emplace_back();
    if (!parse_seq(cond.args.back(), true)) return false;
    if (!expect_brace("missing { after \"" + cond.name + "\"")) return false;
    cond.subs.emplace_back();
    if (!parse_condition(cond.subs.back())) {
      return decorate(" inside \"" + cond.name + "\" condition");
    }
    skip_ws();
    if (peek() != '}') {
      return fail("missing } at end of condition inside \"" + cond.name + "\"");
    }
    ++pos_;
    return true;
  }

  // Braced arguments as Exim's read_subs() reads them for a condition:
  // at least `min`, at most `max`.
  bool parse_cond_subs(CondNode& cond, int min, int max, bool wrapped = false) {
    for (int i = 0; i < max; ++i) {
      skip_ws();
      if (peek() != '{') break;
      ++pos_;
      cond.args.emplace_back();
      if (!parse_seq(cond.args.back(), true)) return false;
    }
    if (static_cast<int>(cond.args.size()) < min) {
      return fail("too few arguments or bracketing error for " + cond.name);
    }
    skip_ws();
    if (wrapped && static_cast<int>(cond.args.size()) == max && peek() == '{') {
      return fail("Too many arguments for '' (max is " + std::to_string(max) + ")");
    }
    return true;
  }

  // acl {{name}{arg}...} and saslauthd {{user}{password}...}
  bool parse_cond_braced_list(CondNode& cond) {
    if (!expect_brace("missing { after \"" + cond.name + "\"")) return false;
    bool acl = cond.id == CondId::acl;
    if (!parse_cond_subs(cond, acl ? 1 : 2, acl ? 10 : 4, true)) return false;
    skip_ws();
    if (peek() != '}') {
      return fail("too few arguments or bracketing error for " + cond.name);
    }
    ++pos_;
    return true;
  }
};

}  // namespace

bool parse_expansion(std::string_view text, Tree& tree, std::string& error) {
  Parser parser(text);
  return parser.parse(tree, error);
}

}  // namespace corvid::expand
