// Delivery log lines; see delivery_events.hpp for what is checked.
#include "log/delivery_events.hpp"

namespace corvid::log {
namespace {

// "<id> <flag> addr <orig> (parent)"
std::string address_head(const DeliveryAddress& a, std::string_view flag, const Selector& sel) {
  std::string out = a.message_id.empty() ? std::string() : a.message_id + ' ';
  out += flag;
  out += ' ' + a.address;
  if (sel.has(Sel::all_parents) && !a.parent.empty()) {
    out += " (" + a.parent + ")";
  }
  if (!a.original.empty()) {
    out += " <" + a.original + ">";
  }
  return out;
}

std::string sender_fields(const DeliveryAddress& a, const Selector& sel, bool with_path) {
  std::string out;
  if (sel.has(Sel::sender_on_delivery)) {
    out += " F=<" + a.sender + ">";
  }
  if (with_path && sel.has(Sel::return_path_on_delivery)) {
    out += " P=<" + a.return_path + ">";
  }
  return out;
}

std::string router_fields(const DeliveryAddress& a) {
  std::string out;
  if (!a.router.empty()) {
    out += " R=" + a.router;
  }
  if (!a.transport.empty()) {
    out += " T=" + a.transport;
  }
  return out;
}

std::string host_fields(const DeliveryHost& h, const Selector& sel) {
  if (h.empty()) {
    return {};
  }
  std::string out = sel.has(Sel::dnssec) && h.dnssec ? " DS" : "";
  out += " H=" + h.name + " [" + h.ip + "]";
  if (sel.has(Sel::outgoing_port) && h.port != 0) {
    out += ':' + std::to_string(h.port);
  }
  if (h.continued) {
    out += '*';
  }
  if (sel.has(Sel::incoming_interface) && sel.has(Sel::outgoing_interface) && !h.local_ip.empty()) {
    out += " I=[" + h.local_ip + "]";
    if (sel.has(Sel::outgoing_port)) {
      out += ':' + std::to_string(h.local_port);
    }
  }
  return out;
}

std::string dt_field(const DeliveryAddress& a, const Selector& sel) {
  return sel.has(Sel::deliver_time) ? " DT=" + time_diff(a.deliver_time, sel) : std::string();
}

std::string smtp_fields(const Delivered& d, const Selector& sel) {
  std::string out = tls_fields(d.tls, sel, false) + auth_field(d.auth, sel);
  if (d.prdr) {
    out += " PRDR";
  }
  if (sel.has(Sel::pipelining) && d.pipelining) {
    out += d.early_pipelining ? " L*" : " L";
  }
  if (d.chunking) {
    out += " K";
  }
  if (sel.has(Sel::proxy) && !d.proxy_address.empty()) {
    out += " PRX=" + d.proxy_address;
  }
  if (sel.has(Sel::smtp_confirmation) && !d.confirmation.empty()) {
    // Made printable first (a newline becomes "\n"), then quoted, which
    // doubles that backslash: 4.96 writes multi-line replies so.
    out += " C=\"" + printing(printing(d.confirmation), true) + "\"";
  }
  return out;
}

}  // namespace

std::optional<Line> Delivered::render(const Selector& sel) const {
  static constexpr const char* kFlags[] = {"=>", "->", ">>", "*>"};
  std::string text = address_head(a, kFlags[static_cast<int>(flag)], sel);
  text += sender_fields(a, sel, true) + router_fields(a);
  if (sel.has(Sel::delivery_size)) {
    text += " S=" + std::to_string(size);
  }
  text += host_fields(a.host, sel) + smtp_fields(*this, sel);
  if (!shadow_transport.empty()) {
    text += " ST=" + shadow_transport;
  }
  if (sel.has(Sel::queue_time)) {
    text += " QT=" + time_diff(queue_time, sel);
  }
  text += dt_field(a, sel);
  return Line{std::move(text), to_main, {}};
}

std::optional<Line> Deferred::render(const Selector& sel) const {
  // 4.96 writes the host after "defer (n)" (a host that could not be
  // reached has a line of its own and none here).
  std::string text = address_head(a, "==", sel) + router_fields(a);
  text += " defer (" + std::to_string(error) + ")" + host_fields(a.host, sel) + dt_field(a, sel);
  if (!message.empty()) {
    text += ": " + message;
  }
  return Line{std::move(text), to_main, {}};
}

// A failure decided without routing ("retry timeout exceeded") has no F=
// and no DT= in 4.96.
std::optional<Line> Failed::render(const Selector& sel) const {
  const bool routed = !a.router.empty();
  std::string text = address_head(a, "**", sel);
  if (routed) {
    text += sender_fields(a, sel, !a.transport.empty());
  }
  text += router_fields(a) + host_fields(a.host, sel);
  if (!message.empty()) {
    text += ": " + message;
  }
  if (routed) {
    text += dt_field(a, sel);
  }
  return Line{std::move(text), to_main, {}};
}

std::optional<Line> Completed::render(const Selector& sel) const {
  std::string text = message_id.empty() ? "Completed" : message_id + " Completed";
  if (sel.has(Sel::queue_time_overall)) {
    text += " QT=" + time_diff(queue_time, sel);
  }
  return Line{std::move(text), to_main, {}};
}

}  // namespace corvid::log
