// The evaluator: walks a parsed expansion (ast.hpp) against a Context.
//
// Output is appended to one buffer per argument, so a long expansion does
// not build and copy intermediate strings. The evaluator owns the state that
// belongs to the expansion itself: $value (set by ${lookup}, ${extract} and
// others for their yes/no strings), $item (inside ${map}, ${filter}...),
// and the numeric variables $0..$9 set by regular-expression matches. Each
// construct that sets them restores the old values when it ends, as Exim
// does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "expand/ast.hpp"
#include "expand/context.hpp"
#include "expand/expansion.hpp"

namespace corvid::expand {

class Evaluator {
 public:
  explicit Evaluator(const Context& ctx) : ctx_(ctx) {}

  const Context& ctx() const { return ctx_; }

  // Appends the expansion of `seq` to `out`. False on failure (see status()).
  bool eval_append(const Seq& seq, TString& out);
  // Expands `seq` into `out`, replacing what it held. Exim's strings end at
  // a NUL, so a finished sub-expansion is cut at its first one.
  bool eval(const Seq& seq, TString& out) {
    out.clear();
    if (!eval_append(seq, out)) return false;
    cut_at_nul(out);
    return true;
  }
  static void cut_at_nul(TString& s) {
    size_t nul = s.text.find('\0');
    if (nul != std::string::npos) s.text.resize(nul);
  }
  bool eval_condition(const CondNode& cond, bool& result);

  // Failure reporting: both return false so callers can `return error(...)`.
  bool error(std::string message);
  bool forced_fail(std::string message);
  // Appends Exim's context (" inside \"map\" item") to the current
  // failure's message; returns false.
  bool decorate(std::string_view suffix) {
    message_.append(suffix);
    return false;
  }
  // Forgets the current failure, for constructs that report their own.
  void clear_failure() {
    status_ = Status::ok;
    message_.clear();
  }
  Status status() const { return status_; }
  const std::string& message() const { return message_; }

  // $value
  std::optional<TString> value;
  // $item, while iterating a list
  std::optional<TString> item;
  // $0..$n from the last successful regex match
  std::vector<TString> numeric;
  // $runrc: the exit status of the last ${run}
  int runrc = 0;
  // Variables an item sets for the rest of this expansion
  // ($prvscheck_address, $prvscheck_keynum, $prvscheck_result); they hide
  // the context's variables of the same name.
  void set_local(std::string_view name, TString v);
  void unset_local(std::string_view name);

  // The yes/no tail of an item: expands yes or no according to `chosen`,
  // with the defaults Exim uses when they are absent (`dflt_yes` when yes is
  // missing). Forced failure when "fail" was given and `chosen` is false.
  bool eval_yesno(const ItemNode& node, bool chosen, const TString& dflt_yes, TString& out);

  // Saves and restores $value, $item and the numeric variables.
  struct Saved {
    std::optional<TString> value;
    std::optional<TString> item;
    std::vector<TString> numeric;
  };
  Saved save() const { return {value, item, numeric}; }
  void restore(Saved s) {
    value = std::move(s.value);
    item = std::move(s.item);
    numeric = std::move(s.numeric);
  }

 private:
  bool eval_part(const Part& part, TString& out);
  bool eval_variable(const Part& part, TString& out);
  bool eval_operator(const Part& part, TString& out);
  bool eval_item(const ItemNode& node, TString& out);
  bool eval_def(const CondNode& cond, bool& result);
  bool eval_acl_condition(std::vector<TString>& args, bool& result);
  bool eval_match(const TString& subject, const TString& pattern, bool& result);
  bool eval_list_match(CondId id, const TString& subject, const TString& list, bool& result);
  bool eval_iterate(const CondNode& cond, const TString& list, bool& result);
  bool eval_inbound_srs(const TString& local_part, const TString& secret, bool& result);

  const Context& ctx_;
  std::vector<std::pair<std::string, TString>> locals_;
  Status status_ = Status::ok;
  std::string message_;
  int depth_ = 0;
};

}  // namespace corvid::expand
