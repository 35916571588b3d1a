// The -H spool file of Exim 4.96: envelope, status and headers of one
// message, as a plain struct (HeaderFile) with a writer and a reader.
//
// Promises:
//   * write_header_file() produces the bytes Exim 4.96's spool writer
//     produces for the same data: the same lines in the same order, the
//     same taint marks ("--name" for tainted values, "--(quoter)name" for
//     values quoted for a lookup), the same recipient encoding and the same
//     "%03d<type> " header prefixes. Options that are unset are omitted,
//     as Exim omits them.
//   * read_header_file() accepts what Exim 4.96 writes (and what older
//     releases wrote that 4.96 still reads: "-host_address a.b.c.d.port",
//     recipients without the "#" suffix); read(write(h)) == h.
//     Option lines it does not know are kept in extra_options, in order,
//     and written back after the known ones.
//   * A file cut short (crash while writing, disk full) is a format error,
//     never a partial message: the reader wants the id line, the envelope,
//     the recipient count, that many recipients, the blank line and whole
//     headers (each of exactly its announced length).
//
// Layout (each line ends in "\n"):
//   <id>-H
//   <login> <uid> <gid>
//   <<sender>>
//   <received seconds> <warning count>
//   -option lines
//   non-recipients tree ("XX" when empty)
//   <recipient count>
//   recipients
//   (blank line)
//   NNN<type> <header text>     NNN = length of the text, newlines included
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spool/non_recipients.hpp"

namespace corvid::spool {

// A string variable with Exim's taint marking.
struct SpoolString {
  std::string value;
  bool tainted = false;
  std::string quoter;  // lookup it is quoted for ("" = none); implies tainted
  bool operator==(const SpoolString&) const = default;
};

// "-host_address [ip]:port" and "-interface_address [ip]:port".
struct SpoolAddress {
  std::string ip;
  int port = 0;
  bool tainted = false;
  bool operator==(const SpoolAddress&) const = default;
};

// -aclc / -aclm: ACL connection and message variables. `name` is what
// follows "acl_c" / "acl_m" ("_foo", "0").
struct AclVariable {
  char scope = 'm';  // 'c' or 'm'
  std::string name;
  std::string value;  // may hold newlines
  bool tainted = false;
  bool operator==(const AclVariable&) const = default;
};

// DSN NOTIFY bits as stored in the recipient line (Exim's rf_* values).
enum DsnFlags : int {
  kDsnLastHop = 0x01,
  kDsnNever = 0x02,
  kDsnSuccess = 0x04,
  kDsnFailure = 0x08,
  kDsnDelay = 0x10,
};

// -dsn_ret values.
enum DsnRet : int { kDsnRetNone = 0, kDsnRetFull = 1, kDsnRetHeaders = 2 };

struct Recipient {
  std::string address;
  std::string orcpt;      // DSN ORCPT, as given ("rfc822;a@b")
  int dsn_flags = 0;      // DsnFlags
  std::string errors_to;  // errors_to of a one_time redirect child
  int parent = -1;        // index of its parent, -1 for none
  // The extended form "<addr> <orcpt> <len>,<flags> <errors_to> <len>,<parent>#3"
  // is written when any of the fields above is set (as Exim does).
  bool extended() const { return parent >= 0 || !errors_to.empty() || dsn_flags != 0; }
  bool operator==(const Recipient&) const = default;
};

// Header type characters.
enum HeaderType : char {
  kHeaderOther = ' ',
  kHeaderDeleted = '*',
  kHeaderBcc = 'B',
  kHeaderCc = 'C',
  kHeaderFrom = 'F',
  kHeaderMessageId = 'I',
  kHeaderReceived = 'P',
  kHeaderReplyTo = 'R',
  kHeaderSender = 'S',
  kHeaderTo = 'T',
};

struct HeaderLine {
  char type = kHeaderOther;
  std::string text;  // "Name: value\n", continuation lines included
  bool operator==(const HeaderLine&) const = default;
};

// The type Exim gives a header line by its name (case-insensitive):
// Bcc B, Cc C, From F, Message-Id I, Received P, Reply-To R, Sender S,
// To T, else ' '. `text` is the whole "Name: value" line.
char header_type_for(std::string_view text);

struct HeaderFile {
  std::string id;
  std::string originator_login;
  std::int64_t originator_uid = 0;
  std::int64_t originator_gid = 0;
  std::string sender;  // without the angle brackets; "" for <>
  std::int64_t received_time = 0;
  int warning_count = 0;

  // --- "-" option lines, in the order Exim writes them
  std::optional<int> received_time_usec;                         // .NNNNNN
  std::optional<std::pair<std::int64_t, int>> received_time_complete;  // sec, usec
  std::optional<SpoolString> helo_name;
  std::optional<SpoolAddress> host_address;
  std::optional<SpoolString> host_name;  // written only with host_address
  std::optional<SpoolString> host_auth;
  std::optional<SpoolString> host_auth_pubname;
  std::optional<SpoolAddress> interface_address;
  std::optional<SpoolString> active_hostname;
  std::optional<SpoolString> ident;
  std::optional<SpoolString> received_protocol;
  std::vector<AclVariable> acl_variables;  // -aclc ones, then -aclm ones
  bool spool_file_wireformat = false;      // replaces -body_linecount
  std::int64_t body_linecount = 0;
  std::int64_t max_received_linelength = 0;
  std::int64_t body_zerocount = 0;  // written when > 0
  std::optional<SpoolString> auth_id;
  std::optional<SpoolString> auth_sender;
  bool allow_unqualified_recipient = false;
  bool allow_unqualified_sender = false;
  bool deliver_firsttime = false;
  std::optional<std::int64_t> frozen_at;  // -frozen <time>
  bool dont_deliver = false;              // -N
  bool host_lookup_deferred = false;
  bool host_lookup_failed = false;
  bool local = false;
  bool localerror = false;
  std::optional<SpoolString> local_scan;
  std::optional<SpoolString> spam_bar;
  std::optional<SpoolString> spam_score;
  std::optional<SpoolString> spam_score_int;
  bool manual_thaw = false;
  bool sender_set_untrusted = false;
  bool tls_certificate_verified = false;
  std::optional<SpoolString> tls_cipher;
  std::optional<std::string> tls_peercert;  // PEM text, written tainted
  std::optional<SpoolString> tls_peerdn;
  std::optional<SpoolString> tls_sni;
  std::optional<std::string> tls_ourcert;
  std::optional<int> tls_ocsp;
  std::optional<char> tls_resumption = 'A';  // Exim 4.96 always writes it
  std::optional<SpoolString> tls_ver;
  bool smtputf8 = false;
  int utf8_downcvt = 0;  // 1: -utf8_downcvt, -1: -utf8_optdowncvt (needs smtputf8)
  std::optional<std::string> dsn_envid;
  int dsn_ret = kDsnRetNone;
  std::vector<std::string> extra_options;  // unknown lines, without "\n"

  NonRecipients non_recipients;
  std::vector<Recipient> recipients;
  std::vector<HeaderLine> headers;

  // Sum of the header lengths, deleted ones included (Exim's
  // message_size after reading the -H file).
  std::uint64_t headers_size() const;
  bool frozen() const { return frozen_at.has_value(); }
  bool operator==(const HeaderFile&) const = default;
};

std::string write_header_file(const HeaderFile& h);

struct HeaderReadError {
  enum class Kind { format, envelope_only } kind = Kind::format;
  std::string reason;  // e.g. "recipient count missing (line 17)"
};

struct HeaderReadResult {
  std::optional<HeaderFile> file;  // set on success; with envelope_only the
                                   // envelope is set and headers are partial
  std::optional<HeaderReadError> error;
  bool ok() const { return file.has_value() && !error; }
};

// Parses a whole -H file. `expected_id`, when not empty, must match the
// first line (Exim's check that the file is the one it opened).
HeaderReadResult read_header_file(std::string_view bytes, std::string_view expected_id = {});

}  // namespace corvid::spool
