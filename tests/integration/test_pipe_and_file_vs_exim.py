"""Deliveries to pipes and files that a redirect router produces, against
Exim 4.96: the command gets the same input ("From " line, headers, body,
empty line), its exit status decides as in Exim (0 delivered, 75 deferred,
anything else failed) with the same log lines, and a "/path" item is
appended to like an mbox."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CONFIG = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
received_header_text = Received: by mx.test.example id $message_exim_id
begin routers
aliases:
  driver = redirect
  data = ${lookup{$local_part}lsearch{@ROOT@/aliases}}
  pipe_transport = address_pipe
  file_transport = address_file
begin transports
address_pipe:
  driver = pipe
address_file:
  driver = appendfile
begin retry
* * F,1h,10m
"""

SCRIPT = "#!/bin/sh\ncat > {out}/out.$1\nexit ${{2:-0}}\n"
ALIASES = ("ok: |{root}/catter ok\nfails: |{root}/catter fails 1\n"
           "later: |{root}/catter later 75\nfile: {out}/mbox\n")
ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")
DATES = re.compile(r"(\w{3}, \d\d \w{3} \d{4} [\d:]{8} [+-]\d{4})|(\w{3} \w{3} \d\d [\d:]{8} \d{4})")


def normalise(text, root):
    return DATES.sub("<date>", ID.sub("<id>", text)).replace(str(root), "<root>")


@pytest.mark.parametrize("who_to", ["ok", "fails", "later", "file"])
def test_pipe_and_file_match_exim(who_to, corvid_bin, exim_bin):
    results = {}
    base = Path(tempfile.mkdtemp(prefix="corvid-pipe-"))
    os.chmod(base, 0o777)
    try:
        for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
            root = base / who
            out = root / "out"
            for d in (root, root / "spool", out):
                d.mkdir(parents=True, exist_ok=True)
                os.chmod(d, 0o777)
            (root / "catter").write_text(SCRIPT.format(out=out))
            os.chmod(root / "catter", 0o755)
            (root / "aliases").write_text(ALIASES.format(root=root, out=out))
            conf = root / "c.conf"
            conf.write_text(CONFIG.replace("@ROOT@", str(root)))
            for p in (root / "aliases", conf):
                os.chmod(p, 0o644)
            env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "TZ": "UTC"}
            subprocess.run([str(binary), "-C", str(conf), "-odq", "-oi", "-f", "s@x.example",
                            who_to], input=b"Subject: pipe\n\nbody\nFrom me\n", env=env,
                           capture_output=True, timeout=60)
            (msg_id,) = [p.name[:-2] for p in (root / "spool" / "input").rglob("*-H")]
            subprocess.run([str(binary), "-C", str(conf), "-M", msg_id], env=env,
                           capture_output=True, timeout=60)
            log = [normalise(l.split(" ", 2)[2], root)
                   for l in (root / "spool" / "mainlog").read_text().splitlines()]
            # The bounce a failure causes: its own delivery is asynchronous in Exim.
            log = [l for l in log if "<=" not in l and "privilege" not in l
                   and "s@x.example" not in l and "Frozen" not in l]
            outputs = {p.name: normalise(p.read_text(), root) for p in sorted(out.iterdir())}
            results[who] = (log, outputs)
        assert results["corvid"] == results["exim"]
    finally:
        shutil.rmtree(base, ignore_errors=True)
