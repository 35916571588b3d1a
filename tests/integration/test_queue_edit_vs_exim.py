"""Changing a queued message from the command line against Exim 4.96:
-Mf (freeze), -Mt (thaw), -Mar (add recipients), -Mmd (mark delivered),
with their errors (already frozen, not frozen, no address, an unqualified
address, not a recipient, no such message) give the same output, exit
codes, log lines and -H file as Exim's."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import free_port, run_mta as run, mta_root

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")

CONFIG = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
"""




@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-edit-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_queue_edits_match_exim(base, corvid_bin, exim_bin):
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root, conf = mta_root(base, who, CONFIG)
        assert run(binary, conf, ["-odq", "-f", "s@test.example", "a@x.example", "b@x.example"],
                   "Subject: x\n").returncode == 0
        (header,) = list((root / "spool" / "input").rglob("*-H"))
        mid = header.name[:-2]
        steps = [["-Mf", mid], ["-Mf", mid], ["-Mt", mid], ["-Mt", mid],
                 ["-Mar", mid, "c@x.example", "d@x.example"], ["-Mar", mid, "e"],
                 ["-Mar", mid], ["-Mmd", mid, "a@x.example"], ["-Mmd", mid, "zz@x.example"],
                 ["-Mmd", mid], ["-Mf", mid], ["-Mf", mid[:-1] + ("A" if mid[-1] != "A" else "B")]]
        out = []
        for args in steps:
            r = run(binary, conf, args)
            out.append((ID.sub("<id>", r.stdout.decode()), r.returncode))
        spool = [l for l in header.read_text().split("\n\n")[0].splitlines()
                 if not l.startswith(("-received_time", "-frozen ")) and not l[:3].isdigit()]
        log = [ID.sub("<id>", l.split(" ", 2)[2]) for l in
               (root / "spool" / "mainlog").read_text().splitlines()
               if "privilege" not in l and "<=" not in l]
        got[who] = (out, spool[3:], log)
    assert got["corvid"] == got["exim"]
    out, spool, log = got["corvid"]
    assert out[0] == ("Message <id> is now frozen\n", 0)
    assert "NN a@x.example" in spool and "-manual_thaw" not in spool  # frozen again at the end
    assert "<id> address <a@x.example> marked delivered by root" in log


SELECT = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
begin routers
closed:
  driver = manualroute
  domains = closed.example
  route_list = * 127.0.0.1::@PORT@
  self = send
  transport = smtp
local:
  driver = accept
  local_parts = s
  transport = mbox
begin transports
smtp:
  driver = smtp
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
begin retry
* * F,1h,1s
"""


def test_queue_runs_for_selected_recipients_and_senders_match_exim(base, corvid_bin, exim_bin):
    """-R and -S (literal, caseless; r: a regular expression; f: every
    selected message forced; ff: frozen ones too; both: both must match)
    select the same messages and log their queue runs as Exim does."""
    port = free_port()
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root = base / who
        for d in (root / "spool", root / "mail"):
            d.mkdir(parents=True)
            os.chmod(d, 0o777)
        os.chmod(root, 0o777)
        conf = root / "select.conf"
        conf.write_text(SELECT.replace("@ROOT@", str(root)).replace("@PORT@", str(port)))
        os.chmod(conf, 0o644)
        for rcpt in ("a@closed.example", "s@test.example"):
            assert run(binary, conf, ["-odq", "-f", "s@test.example", rcpt],
                       "Subject: x\n").returncode == 0
        for args in (["-R", "closed.EXAMPLE"], ["-Rff", "closed"], ["-S", "s@test", "-R", "nomatch"],
                     ["-Rr", "^s@"], ["-Sf", "s@test.example"]):
            run(binary, conf, args)
        got[who] = [re.sub(r"pid=\d+", "pid=N", ID.sub("<id>", l.split(" ", 2)[2])) for l in
                    (root / "spool" / "mainlog").read_text().splitlines()
                    if "privilege" not in l and "<=" not in l]
    assert got["corvid"] == got["exim"]
    assert "Start queue run: pid=N -qff -R closed" in got["corvid"]
    assert "Start queue run: pid=N -R nomatch -S s@test" in got["corvid"]
