"""Address rewriting ("begin rewrite") against Exim 4.96: `-brw` prints
the same rewrites for every place an address can be (wildcards and
regular expressions with $1..., field flags, q, an expansion in the
replacement, unqualified and unparseable results refused with Exim's log
text); a message received by SMTP (-bs) or on the command line (-bm) is
spooled the same way: rewritten envelope, the rewritten header lines after
the originals marked deleted, X-rewrote-* lines, the same S=; a bad flag
is a configuration error naming the file and line."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import run_mta as run

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")
DATE = re.compile(r"\w{3}, \d\d \w{3} \d{4} [\d:]{8} [+-]\d{4}")

RULES = r"""
begin rewrite
*@old.example   $1@new.example
\N^(\w+)\.(\w+)@corp\.example$\N  ${2}_$1@corp.example  Fr
jo@*            joe@$1   T
big@x.example   :fail:   h
*@new.example   "${if eq{$local_part}{stop}{fail}{$local_part@newer.example}}"  q
*@newer.example  $local_part@newest.example
x-*@lists.example  $1@lists2.example  ft
nodomain@a.example  plainuser  E
*@cc.example    ${local_part}-x@cc2.example   c
"""

MAIN = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
acl_smtp_rcpt = accept
received_header_text = Received: by mx.test.example id $message_exim_id (envelope-from <$sender_address>)
"""

ADDRESSES = ["a@old.example", "stop@old.example", "john.smith@corp.example", "x-foo@lists.example",
             "nodomain@a.example", "big@x.example", "c@cc.example", "jo@y.example", "user"]

SMTP = ("EHLO x\r\nMAIL FROM:<a@old.example>\r\nRCPT TO:<jo@y.example>\r\n"
        "RCPT TO:<b@old.example>\r\nDATA\r\n"
        "From: A Person <a@old.example>\r\nTo: jo@y.example, \"B\" <b@old.example>\r\n"
        "Cc: c@cc.example (comment)\r\nReply-To: r@old.example\r\nSubject: t\r\n"
        "Message-Id: <m@x>\r\nDate: Sun, 06 Dec 2026 20:00:00 +0000\r\n\r\nbody\r\n.\r\nQUIT\r\n")

LOCAL = ("From: A Person <a@old.example>\nTo: jo@y.example, \"B\" <b@old.example>\n"
         "Cc: c@cc.example (comment)\nReply-To: r@old.example\nSubject: t\nMessage-Id: <m@x>\n\n"
         "body\n")




@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-rewrite-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def make(base, who):
    root = base / who
    (root / "spool").mkdir(parents=True)
    os.chmod(root, 0o777)
    os.chmod(root / "spool", 0o777)
    conf = root / "rw.conf"
    conf.write_text(MAIN.replace("@ROOT@", str(root)) + RULES)
    os.chmod(conf, 0o644)
    return root, conf


def test_brw_matches_exim(base, corvid_bin, exim_bin):
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        _, conf = make(base, who)
        out = []
        for a in ADDRESSES:
            r = run(binary, conf, ["-brw", a])
            complaints = [l.split(" ", 2)[2] for l in r.stderr.decode().splitlines()
                          if "privilege" not in l]
            out.append((r.stdout.decode(), complaints))
        got[who] = out
    assert got["corvid"] == got["exim"]
    by_address = dict(zip(ADDRESSES, got["corvid"]))
    assert "env-from: smith_john@corp.example\n" in by_address["john.smith@corp.example"][0]
    assert "  env-to: joe@y.example\n" in by_address["jo@y.example"][0]
    assert by_address["stop@old.example"][1][0] == \
        'Rewrite of stop@new.example yielded unqualified address "fail"'


@pytest.mark.parametrize("how", ["smtp", "local"])
def test_received_messages_are_rewritten_as_exim_does(base, corvid_bin, exim_bin, how):
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root, conf = make(base, who)
        if how == "smtp":
            assert run(binary, conf, ["-odq", "-bs"], SMTP).returncode == 0
        else:
            assert run(binary, conf, ["-odq", "-f", "a@old.example", "jo@y.example",
                                      "b@old.example"], LOCAL).returncode == 0
        (header,) = list((root / "spool" / "input").rglob("*-H"))
        lines = header.read_text().splitlines()
        envelope = [lines[2]] + lines[lines.index("XX"):]
        spool = [DATE.sub("<date>", ID.sub("<id>", l)) for l in envelope]
        log = [ID.sub("<id>", l.split(" ", 3)[3]) for l in
               (root / "spool" / "mainlog").read_text().splitlines() if "privilege" not in l]
        got[who] = (spool, log)
    assert got["corvid"] == got["exim"]
    spool, log = got["corvid"]
    assert "031* From: A Person <a@old.example>" in spool
    assert "033F From: A Person <a@newer.example>" in spool
    # One X-rewrote line per rule that changed an address.
    assert "032* X-rewrote-sender: a@old.example" in spool
    assert "032* X-rewrote-sender: a@new.example" in spool
    assert spool[0] == "<a@newer.example>" and "joe@y.example" in spool
    assert log[-1].startswith("<= a@newer.example ")


def test_a_bad_rewrite_flag_is_a_configuration_error(base, corvid_bin):
    conf = base / "bad.conf"
    conf.write_text("begin rewrite\na@b.example c@d.example e\n")
    r = run(corvid_bin, conf, ["-brw", "x@y.example"])
    assert r.returncode == 1
    assert r.stderr.decode() == (
        f"Exim configuration error in line 2 of {conf}:\n"
        "  unknown rewrite flag character 'e' (could be missing quotes round replacement "
        "item)\n")
