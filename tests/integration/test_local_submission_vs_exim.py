"""Local submission (`corvid [-t] [-i] [-f s] [-F n] address...`, -bm)
against Exim 4.96 doing the same: both read the same message on standard
input with the same configuration, and the spool files they write (-H
envelope and headers, -D body), their exit status and their <= log lines
must be the same once message ids and times are masked.

Covered: recipients from arguments (several per argument, unqualified
ones qualified) and from To/Cc/Bcc with -t (Bcc: removed, the arguments
taken out), the "." line ending the message unless -i/-oi, CRLF input,
bare local parts in address headers rewritten (the old header kept,
marked deleted), Message-Id:/From:/Date: added when missing, -f (with
-f <> no From: is added), -F, acl_not_smtp and its variables; with the
default log_selector and with +all.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import assert_lines_match

CONFIG = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @SPOOL@
log_file_path = @SPOOL@/%slog
queue_only = true
keep_environment =
@SELECTOR@
received_header_text = Received: ${if def:sender_rcvhost {from $sender_rcvhost\n\t}{${if def:sender_ident {from ${quote_local_part:$sender_ident} }}${if def:sender_helo_name {(helo=$sender_helo_name)\n\t}}}}by $primary_hostname ${if def:received_protocol {with $received_protocol }}${if def:tls_in_ver { ($tls_in_ver)}}${if def:tls_in_cipher_std { tls $tls_in_cipher_std\n\t}}(Exim 4.96)\n\t${if def:sender_address {(envelope-from <$sender_address>)\n\t}}id $message_exim_id${if def:received_for {\n\tfor $received_for}}
acl_not_smtp = not_smtp
begin acl
not_smtp:
  warn    logwrite = not_smtp: sender=<$sender_address> rcpts=<$recipients> \
                     ident=$sender_ident proto=$received_protocol subject=$h_subject:
  deny    condition = ${if match{$h_subject:}{forbidden}}
          message = no forbidden subjects
  accept
"""

MESSAGE = ("To: dave@test.example, \"Eve E\" <eve@x.example>\r\nCc: frank\r\n"
           "Bcc: gina@y.example\r\nSubject: t\r\n\r\nbody\r\n.\r\nmore\r\n")
BARE = "Subject: bare\n\nline one\n..double dot\nlast\n"
WITH_HEADERS = ("From: Someone <someone@x.example>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n"
                "Message-ID: <given@x.example>\nReply-To: replies\nSubject: kept\n\nbody\n")

CASES = [
    ("args", ["bob@test.example", "carol"], MESSAGE),
    ("comma_list", ["bob, carol@x.example", "dave"], BARE),
    ("dot_ends", ["bob"], BARE.replace("last", ".\nafter the dot")),
    ("dash_i", ["-i", "bob"], BARE.replace("last", ".\nafter the dot")),
    ("dash_oi", ["-oi", "bob"], MESSAGE),
    ("extract", ["-t"], MESSAGE),
    ("extract_minus_args", ["-t", "-i", "dave@test.example"], MESSAGE),
    ("sender", ["-f", "alice@x.example", "-i", "bob"], BARE),
    ("null_sender", ["-f", "<>", "-oi", "bob"], BARE),
    ("full_name", ["-F", "Bobby Tables", "-oi", "bob"], BARE),
    ("sender_and_name", ["-fbounce@x.example", "-FSome One", "-oi", "bob"], BARE),
    ("headers_given", ["-oi", "bob"], WITH_HEADERS),
    ("no_headers", ["-oi", "bob"], "just a body line\n"),
    ("acl_denies", ["-oi", "bob"], "Subject: forbidden\n\nx\n"),
]

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")
DATE = re.compile(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}")


def normalise(text):
    text = ID.sub("<id>", text)
    text = DATE.sub("<date>", text)
    text = re.sub(r"^\d{10} 0$", "<time> 0", text, flags=re.M)
    text = re.sub(r"^(-received_time_usec|-received_time_complete) .*$", r"\1 <t>", text, flags=re.M)
    text = re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{3})? (\[\d+\] )?", "", text, flags=re.M)
    text = re.sub(r"\bRT=[0-9.]+s\b", "RT=<t>", text)
    return text


def run(binary, config, args, text):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
    proc = subprocess.run([str(binary), "-C", str(config), *args], input=text.encode(),
                          capture_output=True, timeout=60, env=env)
    return proc.returncode


def spool_text(spool):
    files = sorted((spool / "input").rglob("*-[HD]")) if (spool / "input").exists() else []
    out = []
    for f in files:
        out.append(f"== {f.name[-2:]}")
        out.append(normalise(f.read_text()))
    log = spool / "mainlog"
    lines = log.read_text().splitlines() if log.exists() else []
    out += [normalise(l) for l in lines if "<=" in l or "not_smtp:" in l or "rejected" in l]
    return "\n".join(out).split("\n")


SELECTORS = {"default": "", "all": "log_selector = +all"}


@pytest.fixture(params=sorted(SELECTORS))
def spools(request):
    root = Path(tempfile.mkdtemp(prefix="corvid-local-"))
    os.chmod(root, 0o777)
    made = {"selector": request.param}
    for who in ("exim", "corvid"):
        spool = root / who
        spool.mkdir()
        os.chmod(spool, 0o777)
        conf = root / f"{who}.conf"
        conf.write_text(CONFIG.replace("@SPOOL@", str(spool))
                        .replace("@SELECTOR@", SELECTORS[request.param]))
        os.chmod(conf, 0o644)
        made[who] = (spool, conf)
    yield made
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("name,args,text", CASES, ids=[c[0] for c in CASES])
def test_local_submission_matches_exim(name, args, text, spools, corvid_bin, exim_bin):
    exim_spool, exim_conf = spools["exim"]
    corvid_spool, corvid_conf = spools["corvid"]
    # -oep: Exim prints errors instead of mailing them back (Corvid's way
    # until it can send bounces).
    exim_rc = run(exim_bin, exim_conf, ["-oep", *args], text)
    corvid_rc = run(corvid_bin, corvid_conf, args, text)
    want = [f"exit {exim_rc}"] + spool_text(exim_spool)
    got = [f"exit {corvid_rc}"] + spool_text(corvid_spool)
    assert_lines_match(f"local/{spools['selector']}/{name}", want, got)
