#include "transport/transport.hpp"

namespace corvid::transport {

std::string header_block(const config::DriverInstance& t, const Message& m,
                         const route::Address& a, const std::string& date) {
  std::string out;
  if (t.bool_option("return_path_add").value_or(false)) {
    out += "Return-path: <" + m.header.sender + ">\n";
  }
  if (t.bool_option("envelope_to_add").value_or(false)) {
    out += "Envelope-to: " + a.address + "\n";
  }
  if (t.bool_option("delivery_date_add").value_or(false)) {
    out += "Delivery-date: " + date + "\n";
  }
  for (const spool::HeaderLine& h : m.header.headers) {
    if (h.type != '*') out += h.text;
  }
  return out;
}

}  // namespace corvid::transport
