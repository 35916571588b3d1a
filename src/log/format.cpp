// Escaping, intervals and host identity for log lines; see format.hpp.
#include "log/format.hpp"

#include <cstdio>

#include "util/strings.hpp"

namespace corvid::log {

std::string printing(std::string_view s, bool quoted, bool keep_tab) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (quoted && (c == '"' || c == '\\')) {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += keep_tab ? "\t" : "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", unsigned(c));
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out;
}

std::string print_time(std::chrono::seconds s) {
  long long t = s.count();
  if (t <= 0) {
    return t < 0 ? "-" + print_time(std::chrono::seconds(-t)) : "0s";
  }
  static constexpr struct {
    long long size;
    char unit;
  } kUnits[] = {{7 * 86400, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  std::string out;
  for (const auto& u : kUnits) {
    if (t >= u.size) {
      out += std::to_string(t / u.size);
      out += u.unit;
      t %= u.size;
    }
  }
  return out;
}

std::string time_diff(std::chrono::microseconds d, const Selector& sel) {
  long long us = d.count() < 0 ? 0 : d.count();
  if (!sel.has(Sel::millisec) || us >= 5'000'000) {
    return print_time(std::chrono::seconds(us / 1'000'000));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03llds", us / 1'000'000, (us % 1'000'000) / 1000);
  return buf;
}

namespace {

bool helo_is_own_literal(const HostId& h) {
  return h.helo.size() == h.ip.size() + 2 && h.helo.front() == '[' && h.helo.back() == ']' &&
         util::iequals(std::string_view(h.helo).substr(1, h.ip.size()), h.ip);
}

bool show_helo(const HostId& h) {
  if (h.helo.empty()) {
    return false;
  }
  if (h.name.empty()) {
    return true;
  }
  return !util::iequals(h.helo, h.name) && !helo_is_own_literal(h);
}

}  // namespace

std::string full_host(const HostId& h, const Selector& sel) {
  std::string out = h.name;
  if (show_helo(h)) {
    out += out.empty() ? "(" : " (";
    out += h.helo;
    out += ')';
  }
  out += out.empty() ? "[" : " [";
  out += h.ip;
  out += ']';
  if (sel.has(Sel::incoming_port) && h.port != 0) {
    out += ':' + std::to_string(h.port);
  }
  return out;
}

std::string interface_field(const HostId& h, const Selector& sel) {
  if (!sel.has(Sel::incoming_interface) || h.interface_ip.empty()) {
    return {};
  }
  return " I=[" + h.interface_ip + "]:" + std::to_string(h.interface_port);
}

std::string host_and_ident(const HostId& h, const Selector& sel) {
  if (h.local()) {
    return h.ident.empty() ? std::string() : "U=" + h.ident;
  }
  std::string out = "H=" + full_host(h, sel) + interface_field(h, sel);
  if (!h.ident.empty()) {
    out += " U=" + h.ident;
  }
  return out;
}

std::string connection_subject(const HostId& h, const Selector& sel) {
  if (h.local()) {
    return h.ident;
  }
  return full_host(h, sel) + interface_field(h, sel);
}

}  // namespace corvid::log
