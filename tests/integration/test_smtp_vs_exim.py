"""Differential test of SMTP dialogues: `corvid -bh` against `exim4 -bh`.

Each corpus/smtp/*.dlg file is one client side of an SMTP session (lines
starting with '#' are comments; every other line is sent with CRLF). Both
programs run it as a fake session from 10.0.0.1 with the same configuration
(ACLs included; a "# host: <ip>" line picks another address), and the replies they send and the lines they log must be
the same, after message ids are replaced by a placeholder. The banner is
fixed by the configuration, and the extensions Corvid does not offer yet
(STARTTLS, PIPECONNECT, SMTPUTF8) are switched off for both.

A successful PROXY header is not among the dialogues: Exim then looks up
the client's host name in the DNS whatever host_lookup says, and these
tests never query the machine's resolver (test_proxy_protocol.py covers it
against Corvid alone).

Every dialogue runs twice: with Exim's default log_selector and with
`log_selector = +all` (connection, syntax/protocol error, incomplete
transaction and "no MAIL" lines, every <= field, pids and milliseconds);
times (D=, RT=, the milliseconds) and pids are masked before comparing.

Differences that are understood and not yet fixed are listed in
corpus/smtp_known_differences.txt as "<file>: <exim line> | <corvid line>".
"""

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import record_match_count, run_binary

CORPUS = Path(__file__).parent / "corpus" / "smtp"
KNOWN = Path(__file__).parent / "corpus" / "smtp_known_differences.txt"
ID = re.compile(r"\b[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}\b")
TIMES = re.compile(r"\b(D|RT)=[0-9.]+s\b")
LOG_PREFIX = re.compile(r"^LOG: (?:[0-9]{3} )?(?:\[[0-9]+\] )?")
SELECTORS = {"default": "", "all": "log_selector = +all"}

CONFIG = r"""
primary_hostname = mx.test.example
smtp_banner = $smtp_active_hostname ESMTP test banner
spool_directory = @TMP@/spool
log_file_path = @TMP@/log/%slog
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
pipelining_connect_advertise_hosts =
smtputf8_advertise_hosts =
hosts_proxy = 10.9.9.9
message_size_limit = 2K
keep_environment =
@SELECTOR@
# Exim's default Received: text with its version written out, so that both
# programs build the same header (Corvid's default names Corvid).
received_header_text = Received: ${if def:sender_rcvhost {from $sender_rcvhost\n\t}{${if def:sender_ident {from ${quote_local_part:$sender_ident} }}${if def:sender_helo_name {(helo=$sender_helo_name)\n\t}}}}by $primary_hostname ${if def:received_protocol {with $received_protocol }}${if def:tls_in_ver { ($tls_in_ver)}}${if def:tls_in_cipher_std { tls $tls_in_cipher_std\n\t}}(Exim 4.96)\n\t${if def:sender_address {(envelope-from <$sender_address>)\n\t}}id $message_exim_id${if def:received_for {\n\tfor $received_for}}
domainlist local_domains = test.example
acl_smtp_mail = mail
acl_smtp_rcpt = rcpt
acl_smtp_data = data
acl_smtp_auth = auth

begin acl

mail:
  deny    senders = *@bad.example
          message = sender $sender_address is not welcome
  defer   senders = *@slow.example
          message = try again later
  accept

rcpt:
  deny    senders   = *@limited.example
          ratelimit = 2 / 1h / strict / per_rcpt / $sender_address_domain
          message   = rate limit exceeded: $sender_rate / $sender_rate_period
  accept  domains = +local_domains
  deny    message = relay not permitted

data:
  deny    condition = ${if match{$h_subject:}{buy now}}
          message = no spam here
  accept

auth:
  deny    condition = ${if eq{$smtp_command_argument}{LOGIN bG9ja2Vk}}
          message = that user is locked out
  accept

begin authenticators

plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = ${if and{{eq{$auth2}{user}}{eq{$auth3}{secret}}}}
  server_set_id = $auth2

login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = ${if and{{eq{$auth1}{user}}{eq{$auth2}{secret}}}}
  server_set_id = $auth1

cram:
  driver = cram_md5
  public_name = CRAM-MD5
  server_secret = ${if eq{$auth1}{user}{secret}fail}
  server_set_id = $auth1
"""


def load_dialogue(path):
    lines = [l for l in path.read_text().splitlines() if not l.startswith("#")]
    return "".join(l + "\r\n" for l in lines)


def dialogue_host(path):
    """The client address: 10.0.0.1, or a "# host: <ip>" line's."""
    for line in path.read_text().splitlines():
        if line.startswith("# host:"):
            return line.split(":", 1)[1].strip()
    return "10.0.0.1"


def normalise(text):
    return TIMES.sub(r"\1=<t>", ID.sub("<id>", text)).replace("\r\n", "\n")


def log_lines(stderr):
    return [LOG_PREFIX.sub("LOG: ", normalise(l)) for l in stderr.splitlines()
            if l.startswith("LOG:") and l != "LOG: MAIN"]


def load_known():
    known = set()
    if KNOWN.exists():
        for line in KNOWN.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                known.add(line)
    return known


@pytest.fixture(params=sorted(SELECTORS))
def smtp_config(tmp_path, request):
    # Exim drops to its own user for the spool and logs, so they live in a
    # directory every user may enter (pytest's own is private to root).
    shared = Path(tempfile.mkdtemp(prefix="corvid-smtp-"))
    os.chmod(shared, 0o777)
    for sub in ("spool", "log"):
        (shared / sub).mkdir()
        os.chmod(shared / sub, 0o777)
    path = tmp_path / f"{request.param}.conf"
    path.write_text(CONFIG.replace("@TMP@", str(shared))
                    .replace("@SELECTOR@", SELECTORS[request.param]))
    yield path
    shutil.rmtree(shared, ignore_errors=True)


DIALOGUES = sorted(CORPUS.glob("*.dlg"))


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[p.stem for p in DIALOGUES])
def test_dialogue_matches_exim(dialogue, smtp_config, corvid_bin, exim_bin):
    text = load_dialogue(dialogue)
    host = dialogue_host(dialogue)
    _, exim_out, exim_err = run_binary(exim_bin, ["-bh", host], input=text,
                                       config_path=smtp_config)
    _, corvid_out, corvid_err = run_binary(corvid_bin, ["-bh", host], input=text,
                                           config_path=smtp_config)
    want = normalise(exim_out).split("\n") + log_lines(exim_err)
    got = normalise(corvid_out).split("\n") + log_lines(corvid_err)
    known = load_known()
    diffs = []
    matched = 0
    for i in range(max(len(want), len(got))):
        w = want[i] if i < len(want) else "<nothing>"
        g = got[i] if i < len(got) else "<nothing>"
        if w == g:
            matched += 1
        elif f"{dialogue.name}: {w} | {g}" not in known:
            diffs.append((w, g))
    variant = smtp_config.name.split(".")[0]
    record_match_count(f"smtp/{variant}/{dialogue.name}", matched, max(len(want), len(got)))
    if diffs:
        lines = [f"{len(diffs)} lines differ from Exim in {dialogue.name}:"]
        for w, g in diffs:
            lines.append(f"  exim:   {w!r}")
            lines.append(f"  corvid: {g!r}")
        pytest.fail("\n".join(lines), pytrace=False)
