// "control =": name and option syntax, the per-ACL permission check, and
// recording the control in the Result (and telling the Session at once).
#include "acl/eval.hpp"
#include "util/strings.hpp"

namespace corvid::acl::detail {
namespace {

bool one_of(std::string_view opt, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (n.back() == '=' ? opt.starts_with(n) : opt == n) {
      return true;
    }
  }
  return false;
}

// Checks each '/'-separated option of a control.
bool options_valid(Control c, std::string_view opts) {
  if (c == Control::fakedefer || c == Control::fakereject || c == Control::dscp) {
    return true;  // free text: a message, a DSCP name or number
  }
  while (!opts.empty()) {
    size_t slash = opts.find('/');
    std::string_view opt = opts.substr(0, slash);
    bool ok = false;
    switch (c) {
      case Control::freeze: ok = opt == "no_tell"; break;
      case Control::queue: ok = opt == "first_pass_route"; break;
      case Control::submission: ok = one_of(opt, {"sender_retain", "domain=", "name="}); break;
      case Control::cutthrough_delivery: ok = opt == "defer=spool" || opt == "defer=pass"; break;
      case Control::utf8_downconvert: ok = one_of(opt, {"1", "0", "-1"}); break;
      case Control::debug:
        ok = one_of(opt, {"tag=", "opts=", "kill", "stop", "pretrigger=", "trigger="});
        break;
      default: break;
    }
    if (!ok) {
      return false;
    }
    opts = slash == std::string_view::npos ? std::string_view() : opts.substr(slash + 1);
  }
  return true;
}

}  // namespace

Rc eval_control(Frame& f, const std::string& arg) {
  std::string_view text = util::trim(arg);
  size_t slash = text.find('/');
  std::string_view name = text.substr(0, slash);
  std::string_view opts = slash == std::string_view::npos ? "" : text.substr(slash + 1);
  const ControlInfo* info = find_control(name);
  if (info == nullptr || (slash != std::string_view::npos && !info->takes_options)) {
    f.log_msg = "syntax error in \"control=" + std::string(text) + "\"";
    return Rc::error;
  }
  if ((info->forbidden & bit(f.session.where())) != 0) {
    f.log_msg = "cannot use \"control=" + std::string(info->name) + "\" in " +
                std::string(where_name(f.session.where())) + " ACL";
    return Rc::error;
  }
  if (!options_valid(info->id, opts)) {
    f.log_msg = "syntax error in \"control=" + std::string(text) + "\"";
    return Rc::error;
  }
  if (info->id == Control::error) {
    return Rc::error;
  }
  ControlSetting setting{info->id, std::string(opts)};
  f.session.apply_control(setting);
  f.effects.controls.push_back(std::move(setting));
  return Rc::ok;
}

}  // namespace corvid::acl::detail
