#include "event/event.hpp"

#include "expand/expansion.hpp"
#include "log/events.hpp"

namespace corvid::event {
namespace {

// The event's variables over the delivery's own.
class EventContext final : public expand::Context {
 public:
  EventContext(const expand::Context& base, const Event& e, std::string_view transport,
               const std::string& message_id)
      : base_(base), e_(e), transport_(transport), message_id_(message_id) {}

  expand::VarStatus variable(std::string_view n, TString& out) const override {
    auto put = [&](std::string v, bool tainted = false) {
      out = TString(std::move(v), tainted);
      return expand::VarStatus::found;
    };
    if (n == "event_name") return put(e_.name);
    if (n == "event_data") return put(e_.data, true);
    if (n == "event_defer_errno") return put(std::to_string(e_.defer_errno));
    if (n == "message_exim_id" || n == "message_id") return put(message_id_);
    if (n == "transport_name") return put(std::string(transport_));
    if (e_.host != nullptr) {
      if (n == "host") return put(e_.host->name);
      if (n == "host_address") return put(e_.host->address);
      if (n == "host_port") return put(std::to_string(e_.host->port == 0 ? 25 : e_.host->port));
    } else if (n == "host" || n == "host_address") {
      return put("");
    } else if (n == "host_port") {
      return put("0");
    }
    if (e_.address != nullptr) {
      if (n == "domain") return put(e_.address->domain, true);
      if (n == "local_part") return put(e_.address->local_part, true);
      if (n == "router_name") return put(e_.address->router);
    } else if (n == "local_part" || n == "router_name" || (n == "domain" && e_.host == nullptr)) {
      // A connection event has the batch's domain (from the delivery's
      // context) but no one address; msg:complete has neither.
      return put("");
    }
    return base_.variable(n, out);
  }
  bool header(std::string_view name, expand::HeaderMode mode, TString& out) const override {
    return base_.header(name, mode, out);
  }
  std::optional<expand::AclCall> call_acl(std::string_view name,
                                          std::vector<TString> args) const override {
    return base_.call_acl(name, std::move(args));
  }
  const lists::NamedList* named_list(lists::Kind k, std::string_view n) const override {
    return base_.named_list(k, n);
  }
  bool expand_list(std::string_view text, std::string& out, std::string& error) const override {
    return base_.expand_list(text, out, error);
  }
  std::vector<std::string> host_addresses(std::string_view name) const override {
    return base_.host_addresses(name);
  }
  std::string primary_hostname() const override { return base_.primary_hostname(); }
  lists::NamedListCache* named_list_cache() const override { return base_.named_list_cache(); }

 private:
  const expand::Context& base_;
  const Event& e_;
  std::string_view transport_;
  const std::string& message_id_;
};

}  // namespace

std::string Raiser::main(const Event& e) const {
  return run(config_.main().value("event_action"), "main", e);
}

std::string Raiser::transport(const config::DriverInstance& t, const Event& e) const {
  return run(t.option("event_action"), t.name, e);
}

std::string Raiser::run(const config::OptionValue* action, std::string_view owner,
                        const Event& e) const {
  if (action == nullptr || !action->is_set) return {};
  // The transport's name only for a transport's events, and for msg:*
  // events about an address that has one.
  std::string_view transport;
  if (owner != "main") {
    transport = owner;
  } else if (e.address != nullptr) {
    transport = e.address->transport;
  }
  EventContext ctx(base_, e, transport, message_id_);
  if (!action->expansion) return action->text;
  expand::Result r = expand::expand(*action->expansion, ctx);
  if (r.ok()) return r.value.text;
  if (r.status != expand::Status::forced_fail && logger_ != nullptr) {
    log::Text t;
    t.message_id = message_id_;
    t.text = "failed to expand event_action " + e.name + " in " + std::string(owner) + ": " +
             r.message;
    t.targets = log::to_main | log::to_panic;
    logger_->log(t);
  }
  return {};
}

}  // namespace corvid::event
