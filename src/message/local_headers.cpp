#include "message/local_headers.hpp"

#include <algorithm>
#include <cctype>

#include "message/address_list.hpp"

namespace corvid::message {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_one_of(const std::string& name, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return iequals(name, n); });
}

bool has_header(const std::vector<Header>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const Header& h) {
    return !h.deleted && iequals(header_name(h.text), name);
  });
}

// The value with every bare local part given "@domain"; nullopt when
// nothing needed qualifying.
std::optional<std::string> qualified(const std::string& value, const std::string& domain) {
  std::vector<AddressSpan> spans = find_addresses(value);
  std::string out = value;
  bool changed = false;
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    if (it->address.find('@') != std::string::npos || it->address.empty()) continue;
    out.insert(it->end, "@" + domain);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace

std::string header_name(const std::string& text) {
  size_t colon = text.find(':');
  if (colon == std::string::npos) return {};
  std::string name = text.substr(0, colon);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  return name;
}

std::vector<std::string> fix_local_headers(std::vector<Header>& headers,
                                           const LocalSubmission& s) {
  // -t takes the recipients as written (they are qualified later, as
  // recipients); then the headers are qualified.
  std::vector<std::string> recipients;
  if (s.extract_recipients) {
    for (Header& h : headers) {
      if (h.deleted || !is_one_of(header_name(h.text), {"To", "Cc", "Bcc"})) continue;
      for (const AddressSpan& a : find_addresses(h.text.substr(header_name(h.text).size() + 1))) {
        if (std::find(recipients.begin(), recipients.end(), a.address) == recipients.end()) {
          recipients.push_back(a.address);
        }
      }
      // The point of Bcc: nobody sees it.
      if (iequals(header_name(h.text), "Bcc")) h.deleted = true;
    }
  }

  // Qualify bare local parts: a rewritten header is marked deleted and its
  // new version follows it.
  std::vector<Header> out;
  for (Header& h : headers) {
    out.push_back(h);
    if (h.deleted) continue;
    std::string name = header_name(h.text);
    const std::string* domain = nullptr;
    if (is_one_of(name, {"To", "Cc", "Bcc"})) domain = &s.qualify_recipient;
    if (is_one_of(name, {"From", "Sender", "Reply-To"})) domain = &s.qualify_domain;
    if (domain == nullptr) continue;
    std::string value = h.text.substr(name.size() + 1);
    if (std::optional<std::string> q = qualified(value, *domain)) {
      out.back().deleted = true;
      out.push_back(Header{name + ":" + *q, false, true});
    }
  }
  headers = std::move(out);

  add_missing_headers(headers, s);
  return recipients;
}

void add_missing_headers(std::vector<Header>& headers, const LocalSubmission& s) {
  if (!has_header(headers, "Message-Id")) {
    headers.push_back(
        Header{"Message-Id: <E" + s.message_id + "@" + s.primary_hostname + ">\n", false, true});
  }
  if (!has_header(headers, "From") && s.sender) {
    std::string address = s.sender_given ? *s.sender : s.user_address;
    const std::optional<std::string>& name = s.full_name;
    std::string value = name && !name->empty() ? *name + " <" + address + ">" : address;
    headers.push_back(Header{"From: " + value + "\n", false, true});
  }
  if (!has_header(headers, "Date")) {
    headers.push_back(Header{"Date: " + s.date + "\n", false, true});
  }
}

}  // namespace corvid::message
