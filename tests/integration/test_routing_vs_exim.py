"""Routing against Exim 4.96: `corvid -bt` and `-bv` print the same lines
and exit with the same status as `exim4 -bt` / `-bv` for the same
configuration and addresses. Routers: redirect (aliases file with
lists, :blackhole:, :fail:, :defer:, files and pipes), accept with
check_local_user and conditions, manualroute (route_list with ports,
route_data, a host that is this machine), dnslookup (MX, no MX, missing
domain, a DNS failure) and ipliteral. Both run inside a network
namespace whose only DNS server is a local unbound (dnsenv), so dnslookup
sees the test records and nothing else."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import dnsenv
from conftest import assert_lines_match

RECORDS = [
    "mx.test. IN MX 10 mail1.mx.test.",
    "mx.test. IN MX 20 mail2.mx.test.",
    "mail1.mx.test. IN A 127.0.0.11",
    "mail2.mx.test. IN A 127.0.0.12",
    "nomx.test. IN A 127.0.0.13",
    "selfmx.test. IN MX 5 me.test.",
    "me.test. IN A 127.0.0.1",
    "v6mx.test. IN MX 1 v6.test.",
    "v6.test. IN AAAA 2001:db8::25",
]
SERVFAIL = ["broken.test."]

ALIASES = """\
postmaster: root
list: someone@mx.test, localuser
black: :blackhole:
failme: :fail: no such person here
later: :defer: try again later
file: /tmp/corvid-routing/mbox
pipe: |/bin/cat
chain: list
single: other@nomx.test
"""

CONFIG = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/%slog
domainlist local_domains = test.example
begin routers
aliases:
  driver = redirect
  domains = +local_domains
  data = ${lookup{$local_part}lsearch{@ROOT@/aliases}}
  allow_fail
  allow_defer
  file_transport = address_file
  pipe_transport = address_pipe
localuser:
  driver = accept
  domains = +local_domains
  check_local_user
  transport = local_delivery
byprefix:
  driver = accept
  domains = +local_domains
  condition = ${if match{$local_part}{^svc-}}
  transport = local_delivery
literal:
  driver = ipliteral
  transport = remote_smtp
manual:
  driver = manualroute
  domains = manual.example : other.example : self.example
  route_list = manual.example "127.0.0.2 : 127.0.0.3::2525" ; \
               self.example 127.0.0.1 ; \
               other.example 127.0.0.4 byname
  transport = remote_smtp
data_route:
  driver = manualroute
  domains = data.example
  route_data = ${if eq{$local_part}{none}{}{127.0.0.5}}
  transport = remote_smtp
dns:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  no_more
begin transports
local_delivery:
  driver = appendfile
  file = @ROOT@/mail/$local_part
remote_smtp:
  driver = smtp
address_file:
  driver = appendfile
address_pipe:
  driver = pipe
"""

ADDRESSES = [
    "root@test.example", "root", "nosuchuser@test.example", "postmaster@test.example",
    "list@test.example", "black@test.example", "failme@test.example", "later@test.example",
    "file@test.example", "pipe@test.example", "chain@test.example", "single@test.example",
    "svc-backup@test.example", "u@manual.example", "u@other.example", "u@self.example",
    "u@data.example", "none@data.example", "u@mx.test", "u@nomx.test", "u@selfmx.test",
    "u@v6mx.test", "u@nosuch.test", "u@broken.test", "u@[127.0.0.9]", "u@[IPv6:2001:db8::9]",
    "root@test.example",
]


@pytest.fixture
def setup():
    reason = dnsenv.namespace_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="corvid-routing-"))
    os.chmod(root, 0o777)
    (root / "spool").mkdir()
    (root / "aliases").write_text(ALIASES)
    conf = root / "routing.conf"
    conf.write_text(CONFIG.replace("@ROOT@", str(root)))
    for p in (root / "aliases", conf):
        os.chmod(p, 0o644)
    yield conf
    shutil.rmtree(root, ignore_errors=True)


def run(binary, conf, args):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
    proc = dnsenv.in_dns_namespace([binary, "-C", conf, *args], RECORDS, env=env,
                                   servfail_zones=SERVFAIL, timeout=60)
    return proc.returncode, proc.stdout.splitlines()


@pytest.mark.parametrize("mode", ["-bt", "-bv"])
def test_routing_matches_exim(mode, setup, corvid_bin, exim_bin):
    exim_rc, exim_out = run(exim_bin, setup, [mode, *ADDRESSES])
    corvid_rc, corvid_out = run(corvid_bin, setup, [mode, *ADDRESSES])
    want = [f"exit {exim_rc}"] + exim_out
    got = [f"exit {corvid_rc}"] + corvid_out
    assert_lines_match(f"routing/{mode}", want, got)
