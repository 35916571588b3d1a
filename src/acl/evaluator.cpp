// Running a compiled ACL: the statement loop and Exim's rules for what each
// verb does with the outcome of its conditions (see acl.hpp, result.hpp).
#include <cstdio>

#include "acl/eval.hpp"
#include "util/strings.hpp"

namespace corvid::acl::detail {
namespace {

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// The expansion of a message / log_message modifier, or nullopt (failure or
// empty: ignored; an expansion error is logged as Exim does).
std::optional<std::string> expand_message(Frame& f, const Item& item, std::string_view what) {
  expand::Result r = expand::expand(item.value, f.session);
  if (r.status == expand::Status::error) {
    f.session.log_write("failed to expand ACL " + std::string(what) + " \"" + item.text +
                            "\": " + r.message,
                        LogTargets{}, false);
    return std::nullopt;
  }
  if (!r.ok() || r.value.text.empty()) {
    return std::nullopt;
  }
  return std::move(r.value.text);
}

// The statement decided the ACL's result: apply its message modifiers.
void finish_messages(Frame& f, const StatementState& st) {
  Variables& vars = f.session.acl_variables();
  if (st.message != nullptr) {
    vars.set_side("acl_verify_message", TString(f.user_msg));
    if (auto m = expand_message(f, *st.message, "message")) {
      f.user_msg = *m;
    }
    vars.clear_side("acl_verify_message");
  }
  if (st.log_message != nullptr) {
    if (auto m = expand_message(f, *st.log_message, "log_message")) {
      f.log_msg = f.log_msg.empty() ? *m : *m + ": " + f.log_msg;
    }
  }
  if (f.log_msg.empty() && st.message != nullptr && !f.user_msg.empty()) {
    f.log_msg = first_line(f.user_msg);
  }
}

// A warn statement whose conditions were all true.
void finish_warn(Frame& f, const StatementState& st) {
  if (st.log_message != nullptr) {
    if (auto m = expand_message(f, *st.log_message, "log_message")) {
      std::string line = "Warning: " + first_line(*m);
      if (f.session.acl_variables().first_warning(line)) {
        f.session.log_write(line, LogTargets{}, true);
      }
    }
  }
  if (st.message != nullptr && is_message_acl(f.session.where())) {
    if (auto m = expand_message(f, *st.message, "message")) {
      f.effects.add_headers.push_back(AddedHeader{*m, HeaderPosition::at_end});
    }
  }
}

// Runs the items of one statement; returns the combined condition result.
Rc run_items(Frame& f, const Statement& s, StatementState& st) {
  for (const Item& item : s.items) {
    const CondInfo& info = *item.info;
    if (item.id() == Cond::endpass) {
      st.after_endpass = true;
      continue;
    }
    if ((info.forbidden & bit(f.session.where())) != 0) {
      f.log_msg = std::string("cannot ") + (info.modifier ? "use " : "test ") +
                  std::string(info.name) + " condition in " +
                  std::string(where_name(f.session.where())) + " ACL";
      return Rc::error;
    }
    std::string arg;
    if (info.expanded && item.id() != Cond::message && item.id() != Cond::log_message) {
      bool error = false;
      std::optional<std::string> v = expand_arg(f, item.value, error);
      if (!v) {
        if (error) {
          return Rc::error;
        }
        continue;  // forced failure: the item is ignored
      }
      arg = std::move(*v);
    }
    Rc rc = info.modifier ? eval_modifier(f, item, arg, st)
            : item.id() == Cond::acl ? eval_nested_acl(f, item)
                                     : eval_condition(f, item, arg);
    if (item.negated) {
      rc = rc == Rc::ok ? Rc::fail : rc == Rc::fail ? Rc::ok : rc;
    }
    if (rc != Rc::ok) {
      return rc;
    }
  }
  return Rc::ok;
}

// Maps a non-OK condition result to the statement's verdict; nullopt means
// "go on with the next statement".
std::optional<Status> verdict_on_failure(Frame& f, const Statement& s, const StatementState& st,
                                         Rc rc, bool& endpass) {
  bool drop = rc == Rc::drop;
  switch (s.verb) {
    case Verb::accept:
    case Verb::discard:
      if (st.after_endpass) {
        endpass = true;
        finish_messages(f, st);
        return drop ? Status::drop : Status::fail;
      }
      return std::nullopt;
    case Verb::require:
      finish_messages(f, st);
      return drop ? Status::drop : Status::fail;
    default:
      return std::nullopt;
  }
}

std::optional<Status> verdict_on_success(Frame& f, const Statement& s,
                                         const StatementState& st) {
  static constexpr Status kStatus[] = {Status::ok,      Status::defer, Status::fail,
                                       Status::discard, Status::drop};
  if (s.verb == Verb::require) {
    return std::nullopt;
  }
  if (s.verb == Verb::warn) {
    finish_warn(f, st);
    return std::nullopt;
  }
  bool accepting = s.verb == Verb::accept || s.verb == Verb::discard;
  if (!(accepting && s.has_endpass)) {
    finish_messages(f, st);
  }
  return kStatus[static_cast<int>(s.verb)];
}

void log_warn_defer(Frame& f) {
  std::string line = "Warning: ACL \"warn\" statement skipped: condition test deferred";
  if (!f.log_msg.empty()) {
    line += ": " + f.log_msg;
  }
  f.session.log_write(line, LogTargets{}, true);
  f.log_msg.clear();
}

// One statement: nullopt to continue with the next.
std::optional<Status> run_statement(Frame& f, const Statement& s, Outcome& out) {
  // What a condition said in an earlier statement (a failed verify in a
  // warn, say) does not carry over to this one's reply.
  f.user_msg.clear();
  f.log_msg.clear();
  StatementState st;
  Rc rc = run_items(f, s, st);
  switch (rc) {
    case Rc::ok:
      return verdict_on_success(f, s, st);
    case Rc::discard:
      if (s.verb == Verb::accept || s.verb == Verb::discard) {
        return Status::discard;
      }
      return s.verb == Verb::warn ? std::nullopt : std::optional(Status::error);
    case Rc::error:
      return Status::error;
    case Rc::defer:
      if (s.verb == Verb::warn) {
        log_warn_defer(f);
        return std::nullopt;
      }
      return Status::defer;
    case Rc::fail:
    case Rc::drop:
      return verdict_on_failure(f, s, st, rc, out.endpass);
  }
  return std::nullopt;
}

}  // namespace

Outcome run_acl(const AclSet& set, const CompiledAcl& acl, Session& session, Result& effects,
                int depth) {
  Frame f{set, session, effects, depth, {}, {}};
  Outcome out;
  for (const Statement& s : acl.statements) {
    if (std::optional<Status> st = run_statement(f, s, out)) {
      out.status = *st;
      out.user_msg = std::move(f.user_msg);
      out.log_msg = std::move(f.log_msg);
      return out;
    }
  }
  out.status = Status::fail;
  out.implicit = true;
  out.user_msg = std::move(f.user_msg);
  out.log_msg = std::move(f.log_msg);
  return out;
}

std::optional<std::string> expand_arg(Frame& f, const expand::Expansion& e, bool& error) {
  expand::Result r = expand::expand(e, f.session);
  if (r.ok()) {
    return std::move(r.value.text);
  }
  if (r.status == expand::Status::error) {
    error = true;
    f.log_msg = "failed to expand ACL string \"" + e.source() + "\": " + r.message;
  }
  return std::nullopt;
}

std::optional<long long> parse_time(std::string_view s) {
  s = util::trim(s);
  if (s.empty()) {
    return std::nullopt;
  }
  long long total = 0;
  while (!s.empty()) {
    long long n = 0;
    size_t i = 0;
    while (i < s.size() && util::is_digit(s[i])) {
      n = n * 10 + (s[i++] - '0');
    }
    if (i == 0) {
      return std::nullopt;
    }
    s.remove_prefix(i);
    long long mult = 1;
    if (!s.empty()) {
      switch (s[0]) {
        case 's': mult = 1; break;
        case 'm': mult = 60; break;
        case 'h': mult = 3600; break;
        case 'd': mult = 86400; break;
        case 'w': mult = 7 * 86400; break;
        default: return std::nullopt;
      }
      s.remove_prefix(1);
    }
    total += n * mult;
  }
  return total;
}

}  // namespace corvid::acl::detail
