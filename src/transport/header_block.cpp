#include "config/values.hpp"
#include "expand/expansion.hpp"
#include "lists/list_reader.hpp"
#include "transport/transport.hpp"
#include "util/strings.hpp"

namespace corvid::transport {
namespace {

// Expands option `name` of `t`; false (with `error`) when that fails,
// forced failures included, as Exim defers then.
bool expand_option(const config::DriverInstance& t, std::string_view name,
                   const expand::Context& ctx, std::string& out, std::string& error) {
  out.clear();
  const config::OptionValue* v = t.option(name);
  if (v == nullptr || !v->is_set) return true;
  if (!v->expansion) {
    out = v->text;
    return true;
  }
  expand::Result r = expand::expand(*v->expansion, ctx);
  if (!r.ok()) {
    error = "failed to expand " + std::string(name) + ": " + r.message;
    return false;
  }
  out = r.value.text;
  return true;
}

// Whether header line `text` is named in the headers_remove list.
bool removed(const std::string& text, const std::vector<std::string>& names) {
  size_t colon = text.find(':');
  if (colon == std::string::npos) return false;
  std::string name = util::lower(text.substr(0, colon));
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  for (const std::string& n : names) {
    if (n.ends_with('*') ? name.starts_with(n.substr(0, n.size() - 1)) : name == n) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> header_block(const config::DriverInstance& t, const Message& m,
                                        const route::Address& a, const std::string& date,
                                        const expand::Context& ctx, std::string& error) {
  std::string remove_list, add_list;
  if (!expand_option(t, "headers_remove", ctx, remove_list, error) ||
      !expand_option(t, "headers_add", ctx, add_list, error)) {
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const std::string& n : lists::split_list(a.headers_remove)) names.push_back(util::lower(n));
  for (const std::string& n : lists::split_list(remove_list)) names.push_back(util::lower(n));
  std::string out;
  if (t.bool_option("return_path_add").value_or(false)) {
    out += "Return-path: <" + return_path(t, m, a, ctx) + ">\n";
  }
  if (t.bool_option("envelope_to_add").value_or(false)) {
    out += "Envelope-to: " + a.address + "\n";
  }
  if (t.bool_option("delivery_date_add").value_or(false)) {
    out += "Delivery-date: " + date + "\n";
  }
  for (const spool::HeaderLine& h : m.header.headers) {
    if (h.type != spool::kHeaderDeleted && (names.empty() || !removed(h.text, names))) {
      out += h.text;
    }
  }
  // The routers' lines first, then the transport's.
  for (const std::string& line : a.headers_add) out += line;
  // Exim expands the whole list first and then takes it line by line. An
  // empty line is left out (Exim writes it, ending the header early).
  // (Split as is: Exim keeps the spaces at the end of a line.)
  for (size_t start = 0; start < add_list.size();) {
    size_t nl = add_list.find('\n', start);
    std::string line = add_list.substr(start, nl == std::string::npos ? nl : nl - start);
    start = nl == std::string::npos ? add_list.size() : nl + 1;
    if (!line.empty()) out += line + "\n";
  }
  return out;
}

std::string return_path(const config::DriverInstance& t, const Message& m,
                        const route::Address& a, const expand::Context& ctx) {
  std::string text, error;
  const config::OptionValue* v = t.option("return_path");
  if (v != nullptr && v->configured && expand_option(t, "return_path", ctx, text, error)) {
    return text;
  }
  return return_path(m, a);
}

std::optional<std::string> message_text(const config::DriverInstance& t, const Message& m,
                                        const route::Address& a, const expand::Context& ctx,
                                        std::string& error, std::optional<std::string> body) {
  TString date;
  ctx.variable("tod_full", date);
  std::string text;
  if (!t.bool_option("body_only").value_or(false)) {
    std::optional<std::string> headers = header_block(t, m, a, date.text, ctx, error);
    if (!headers) return std::nullopt;
    text = *headers + "\n";
  }
  if (!t.bool_option("headers_only").value_or(false)) {
    text += body ? *body : std::string(m.body);
  }
  return text;
}

std::optional<Result> over_size_limit(const config::DriverInstance& t, const Message& m,
                                      const expand::Context& ctx) {
  std::string text, error;
  if (!expand_option(t, "message_size_limit", ctx, text, error) || text.empty()) {
    return std::nullopt;
  }
  std::int64_t limit = 0;
  if (config::parse_integer(text, "message_size_limit", limit) || limit <= 0) return std::nullopt;
  std::int64_t size = static_cast<std::int64_t>(m.header.headers_size() + 1 + m.body.size());
  if (size <= limit) return std::nullopt;
  Result r;
  r.status = Result::Status::fail;
  r.message = "message is too big (transport limit = " + std::to_string(limit) + ")";
  return r;
}

}  // namespace corvid::transport
