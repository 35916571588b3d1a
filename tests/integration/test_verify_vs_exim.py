"""verify = recipient / sender, VRFY and EXPN against Exim 4.96: with
routers in the configuration, SMTP dialogues run by `corvid -bh` and
`exim4 -bh` give the same replies and log lines (routing itself is
compared in test_routing_vs_exim.py)."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import assert_lines_match, run_binary
from test_smtp_vs_exim import log_lines, normalise

CONFIG = r"""
primary_hostname = mx.test.example
smtp_banner = $smtp_active_hostname ESMTP test banner
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/log/%slog
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
pipelining_connect_advertise_hosts =
smtputf8_advertise_hosts =
domainlist local_domains = test.example
acl_smtp_mail = mail
acl_smtp_rcpt = rcpt
acl_smtp_vrfy = accept
acl_smtp_expn = accept
begin acl
mail:
  warn    !verify = sender
          log_message = sender check: $acl_verify_message
  accept
rcpt:
  deny    !verify = recipient
  accept
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
smarthost:
  driver = manualroute
  domains = ! +local_domains
  route_list = self.example 127.0.0.1 ; * 127.0.0.2
  transport = remote_smtp
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

ALIASES = """\
postmaster: root
list: someone@remote.example, nosuchuser
failme: :fail: no such person here
later: :defer: try again later
selfish: u@self.example
"""

DIALOGUES = {
    "rcpt_verify": """EHLO client.example
MAIL FROM:<nosuchuser@test.example>
RCPT TO:<root@test.example>
RCPT TO:<nosuchuser@test.example>
RCPT TO:<failme@test.example>
RCPT TO:<later@test.example>
RCPT TO:<u@self.example>
RCPT TO:<list@test.example>
RCPT TO:<postmaster@test.example>
RCPT TO:<someone@remote.example>
QUIT
""",
    "sender_verify": """EHLO client.example
MAIL FROM:<root@test.example>
RSET
MAIL FROM:<>
RSET
MAIL FROM:<failme@test.example>
QUIT
""",
    "vrfy_expn": """EHLO client.example
VRFY root@test.example
VRFY root
VRFY nosuchuser@test.example
VRFY later@test.example
VRFY list@test.example
VRFY <postmaster@test.example>
VRFY
EXPN root@test.example
EXPN nosuchuser@test.example
QUIT
""",
}


@pytest.fixture
def config():
    root = Path(tempfile.mkdtemp(prefix="corvid-verify-"))
    os.chmod(root, 0o777)
    for sub in ("spool", "log"):
        (root / sub).mkdir()
        os.chmod(root / sub, 0o777)
    (root / "aliases").write_text(ALIASES)
    conf = root / "verify.conf"
    conf.write_text(CONFIG.replace("@ROOT@", str(root)))
    for p in (root / "aliases", conf):
        os.chmod(p, 0o644)
    yield conf
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("name", sorted(DIALOGUES))
def test_verify_matches_exim(name, config, corvid_bin, exim_bin):
    text = "".join(line + "\r\n" for line in DIALOGUES[name].splitlines())
    _, exim_out, exim_err = run_binary(exim_bin, ["-bh", "10.0.0.1"], input=text,
                                       config_path=config)
    _, corvid_out, corvid_err = run_binary(corvid_bin, ["-bh", "10.0.0.1"], input=text,
                                           config_path=config)
    want = normalise(exim_out).split("\n") + log_lines(exim_err)
    got = normalise(corvid_out).split("\n") + log_lines(corvid_err)
    assert_lines_match(f"verify/{name}", want, got)
