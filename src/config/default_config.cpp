// The configuration Corvid runs with when no file is installed, modelled on
// Exim's default "configure": local domains are this host, relaying only
// from localhost, the usual rcpt/data ACLs, routers dnslookup /
// system_aliases / userforward / localuser and their transports.
//
// Unlike Exim's, it keeps its spool, logs and mailboxes under one data
// directory, the macro CORVID_DATA, so that an unprivileged user can run it:
// the binary passes -D CORVID_DATA=<dir> (default_data_directory() says
// which), and without it /var/lib/corvid is used.
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "config/config.hpp"

namespace corvid::config {
namespace {

constexpr std::string_view kDefault =
    R"CONF(######################################################################
#          Corvid default runtime configuration                      #
######################################################################

# Where the spool, the logs and local mailboxes live. The binary sets
# this with -D CORVID_DATA=... ($HOME/.corvid when not run as root).
.ifndef CORVID_DATA
CORVID_DATA = /var/lib/corvid
.endif

######################################################################
#                    MAIN CONFIGURATION SETTINGS                     #
######################################################################

domainlist local_domains    = @
domainlist relay_to_domains =
hostlist   relay_from_hosts = <; 127.0.0.1 ; ::1

acl_smtp_rcpt = acl_check_rcpt
acl_smtp_data = acl_check_data

spool_directory = CORVID_DATA/spool
log_file_path = CORVID_DATA/log/%slog

# Listen on the loopback interface only until configured otherwise.
local_interfaces = <; 127.0.0.1 ; ::1

never_users = root

host_lookup = *

# Identity checks (RFC 1413) are off: they only slow connections down.
rfc1413_hosts = *
rfc1413_query_timeout = 0s

prdr_enable = true

ignore_bounce_errors_after = 2d
timeout_frozen_after = 7d

# Keep the environment clean for pipes and filters.
keep_environment = ^LDAP
add_environment = PATH=/usr/bin::/bin

######################################################################
#                       ACL CONFIGURATION                            #
######################################################################

begin acl

acl_check_rcpt:

  # Local SMTP (not over TCP/IP) is accepted as is.
  accept  hosts = :
          control = dkim_disable_verify

  # Local parts with odd characters are refused for local domains ...
  deny    domains       = +local_domains
          local_parts   = ^[.] : ^.*[@%!/|]
          message       = Restricted characters in address

  # ... and for relayed ones a little less strictly.
  deny    domains       = !+local_domains
          local_parts   = ^[./|] : ^.*[@%!] : ^.*/\\.\\./
          message       = Restricted characters in address

  accept  local_parts   = postmaster
          domains       = +local_domains

  # Exim's default configuration also has "require verify = sender" here.
  # Verification routes the address, and Corvid's routers are not built
  # yet, so the check is left out rather than deferring every message.

  accept  hosts         = +relay_from_hosts
          control       = submission
          control       = dkim_disable_verify

  accept  authenticated = *
          control       = submission
          control       = dkim_disable_verify

  require message       = nice hosts say HELO first
          condition     = ${if def:sender_helo_name}

  require message       = relay not permitted
          domains       = +local_domains : +relay_to_domains

  # Exim's default has "require verify = recipient" here (see above).

  accept


acl_check_data:

  deny    condition  = ${if > {$max_received_linelength}{998}}
          message    = maximum allowed line length is 998 octets, \
                       got $max_received_linelength

  accept


######################################################################
#                      ROUTERS CONFIGURATION                         #
######################################################################

begin routers

dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8
  dnssec_request_domains = *
  no_more

system_aliases:
  driver = redirect
  allow_fail
  allow_defer
  data = ${lookup{$local_part}lsearch{/etc/aliases}}
  file_transport = address_file
  pipe_transport = address_pipe

userforward:
  driver = redirect
  check_local_user
  file = $home/.forward
  no_verify
  no_expn
  check_ancestor
  file_transport = address_file
  pipe_transport = address_pipe
  reply_transport = address_reply

localuser:
  driver = accept
  check_local_user
  transport = local_delivery
  cannot_route_message = Unknown user


######################################################################
#                      TRANSPORTS CONFIGURATION                      #
######################################################################

begin transports

remote_smtp:
  driver = smtp
  hosts_try_dane = *
  hosts_try_prdr = *

# Each local user gets a maildir under the data directory.
local_delivery:
  driver = appendfile
  directory = CORVID_DATA/mail/${local_part_data}
  maildir_format
  create_directory
  delivery_date_add
  envelope_to_add
  return_path_add
  mode = 0600
  directory_mode = 0700

address_pipe:
  driver = pipe
  return_output

address_file:
  driver = appendfile
  delivery_date_add
  envelope_to_add
  return_path_add

address_reply:
  driver = autoreply


######################################################################
#                      RETRY CONFIGURATION                           #
######################################################################

begin retry

# Address or Domain    Error       Retries
# -----------------    -----       -------

*                      *           F,2h,15m; G,16h,1h,1.5; F,4d,6h


######################################################################
#                      REWRITE CONFIGURATION                         #
######################################################################

begin rewrite


######################################################################
#                   AUTHENTICATION CONFIGURATION                     #
######################################################################

begin authenticators

# No authenticators are configured by default.

# End of Corvid default configuration
)CONF";

}  // namespace

std::string_view default_configuration_text() { return kDefault; }

std::string default_data_directory() {
  if (::geteuid() == 0) {
    return "/var/lib/corvid";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr && *home != '\0' ? home : "/tmp") + "/.corvid";
}

}  // namespace corvid::config
