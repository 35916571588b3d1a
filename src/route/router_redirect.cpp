// The redirect router: `data` (or `file`) gives a list of new addresses,
// files and pipes; :blackhole: discards, :fail: and :defer: (when
// allow_fail / allow_defer permit) fail or defer with their text, and an
// empty result (or a forced expansion failure) declines. Unqualified new
// addresses get qualify_recipient (or the address's own domain with
// qualify_preserve_domain).
#include <cerrno>
#include <fstream>
#include <sstream>

#include "route/router.hpp"
#include "util/strings.hpp"

namespace corvid::route {
namespace {

using Kind = RouterResult::Kind;

// Splits redirect data at commas and newlines outside quotes and <...>.
std::vector<std::string> items(std::string_view data) {
  std::vector<std::string> out(1);
  char quote = 0;
  for (char c : data) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"') {
      quote = '"';
    } else if (c == '<') {
      quote = '>';
    } else if (c == ',' || c == '\n') {
      out.emplace_back();
      continue;
    }
    out.back() += c;
  }
  std::vector<std::string> clean;
  for (std::string& s : out) {
    std::string t(util::trim(s));
    if (t.size() >= 2 && t.front() == '<' && t.back() == '>') t = t.substr(1, t.size() - 2);
    if (!t.empty() && t.front() != '#') clean.push_back(t);
  }
  return clean;
}

RouterResult not_permitted(const std::string& item) {
  RouterResult r;
  r.kind = Kind::defer;
  r.message = "error in redirect data: \"" + item + "\" is not permitted";
  return r;
}

}  // namespace

RouterResult route_redirect(const config::DriverInstance& r, Address& a, RouteContext& ctx) {
  RouterResult out;
  std::optional<std::string> data;
  bool forced = false;
  std::string error;
  // (What the configuration set: the option tables carry display defaults.)
  const char* option = r.option("data") && r.option("data")->configured ? "data" : "file";
  if (!ctx.expand_option(r, option, data, forced, error)) {
    if (forced) return out;  // decline
    out.kind = Kind::defer;
    out.message = "failed to expand \"" + std::string(option) + "\": " + error;
    return out;
  }
  if (!data) return out;
  std::string text = *data;
  if (std::string_view(option) == "file") {
    std::ifstream in(text);
    if (!in) {
      // No file (a user without a .forward) simply declines.
      if (errno == ENOENT || errno == ENOTDIR) return out;
      out.kind = Kind::defer;
      out.message = "failed to open " + text;
      return out;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  std::vector<std::string> list = items(text);
  if (list.empty()) return out;  // nothing: decline
  const std::string& qualify = r.bool_option("qualify_preserve_domain").value_or(false)
                                   ? a.domain
                                   : ctx.base().qualify_recipient();
  for (const std::string& item : list) {
    if (item == ":blackhole:") {
      if (list.size() == 1) {
        out.kind = Kind::discard;
        return out;
      }
      continue;
    }
    if (item.starts_with(":fail:") || item.starts_with(":defer:")) {
      bool fail = item.starts_with(":fail:");
      if (!r.bool_option(fail ? "allow_fail" : "allow_defer").value_or(false)) {
        return not_permitted(item);
      }
      out.kind = fail ? Kind::fail : Kind::defer;
      out.message = std::string(util::trim(item.substr(fail ? 6 : 7)));
      return out;
    }
    if (item.front() == '/' || item.front() == '|') {
      bool file = item.front() == '/';
      std::string t = r.string_option(file ? "file_transport" : "pipe_transport").value_or("");
      if (t.empty()) {
        out.kind = Kind::defer;
        out.message = std::string(file ? "file" : "pipe") + "_transport is unset in " + r.name +
                      " router";
        return out;
      }
      out.children.push_back({item, file ? Outcome::file : Outcome::pipe, t});
      continue;
    }
    std::string addr = item;
    if (addr.find('@') == std::string::npos) addr += "@" + qualify;
    out.children.push_back({addr, Outcome::routed, {}});
  }
  out.kind = out.children.empty() ? Kind::discard : Kind::redirect;
  return out;
}

}  // namespace corvid::route
