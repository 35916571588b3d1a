// Parsing the address in a MAIL FROM / RCPT TO argument (sans-I/O).
//
// Contract: parse_path() takes the address text left after the ESMTP
// parameters were removed (mail_rcpt.hpp does that) and returns either the
// address (source route dropped, comments and white space removed) or the
// error text Exim 4.96 puts after "501 <argument>: ". It never throws and
// reads only the given view.
//
// What Exim accepts here is RFC 822-ish rather than RFC 5321-strict, and
// this parser follows what `exim4 -bh` showed:
//  - "<a@b.c>", bare "a@b.c", "Name <a@b.c>" (a phrase before "<"), white
//    space and (comments) between tokens ("<a @ b.c>" is fine);
//  - source routes "<@x,@y:a@b.c>" are accepted and dropped;
//  - local parts are atoms (8-bit bytes and backslash pairs allowed),
//    quoted strings and dots in any order (".x", "x..y", "x." all pass);
//  - domains are labels of [A-Za-z0-9-] that start with a letter or digit,
//    separated by dots; no trailing dot; anything else in the domain ends
//    the address and then reads as trailing junk;
//  - "[...]" domain literals fail with "domain literals not allowed"
//    unless allow_domain_literals (Exim's option of that name) is set;
//  - an address without "@domain" is returned with an empty domain: whether
//    that is allowed (sender_unqualified_hosts...) is the session's call;
//    unqualified_error() gives the reply text.
// Not modelled: Exim's RFC 2047 / group syntax ("a: b@c;"), which no SMTP
// client sends; such input gets one of the errors below.
#pragma once

#include <string>
#include <string_view>

namespace corvid::smtp::proto {

struct PathOptions {
  bool allow_domain_literals = false;
};

struct Path {
  std::string address;     // local@domain, or local alone when unqualified
  std::string local_part;  // as written (quotes kept)
  std::string domain;      // empty when unqualified
  bool ok = false;
  std::string error;  // Exim's text, e.g. "domain missing or malformed"
};

Path parse_path(std::string_view text, const PathOptions& options = {});

// "sender address must contain a domain" / "recipient address must ...".
std::string unqualified_error(bool sender);

}  // namespace corvid::smtp::proto
