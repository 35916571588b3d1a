"""Retry rules against Exim 4.96: `-brt` finds the same rule for domains,
addresses and error names (refused covering refused_MX, rcpt_4xx covering
rcpt_451, quota_<time>, unknown names refused) and prints it the same
way; a delivery whose connection is refused follows a `refused_A` rule
(the address waits), as in Exim (without a rule for it, the address would fail at once).
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import free_port, run_mta as run

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")

RULES = """
qualify_domain = test.example
begin retry
*.example.com   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h
user@x.example  refused  F,1h,1m
x.example       *        F,90m,1d; G,3w,61s,2
*               quota    F,1h,1m
*               rcpt_4xx F,3h,5m
*               *        F,2h,15m; G,16h,1h,1.5; F,4d,6h
"""

QUERIES = [["a.example.com"], ["user@x.example"], ["x.example"], ["other@x.example"],
           ["foo.org"], ["foo.org", "quota"], ["u@x.example", "refused"],
           ["user@x.example", "refused_MX"], ["foo.org", "quota_3d"], ["foo.org", "rcpt_451"],
           ["foo.org", "bogus"], []]

DELIVER = r"""
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
begin transports
smtp:
  driver = smtp
begin retry
*   refused_A   F,1h,10m
"""




@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-retry-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_brt_matches_exim(base, corvid_bin, exim_bin):
    conf = base / "retry.conf"
    conf.write_text(RULES)
    os.chmod(conf, 0o644)
    for q in QUERIES:
        exim = run(exim_bin, conf, ["-brt", *q])
        corvid = run(corvid_bin, conf, ["-brt", *q])
        assert (corvid.stdout, corvid.returncode) == (exim.stdout, exim.returncode), q
    assert run(corvid_bin, conf, ["-brt", "x.example"]).stdout.decode() == \
        "Retry rule: x.example  *  F,1h30m,1d; G,3w,1m1s,2.0; \n"


def test_a_refused_connection_follows_its_rule_as_in_exim(base, corvid_bin, exim_bin):
    port = free_port()
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root = base / who
        (root / "spool").mkdir(parents=True)
        os.chmod(root, 0o777)
        os.chmod(root / "spool", 0o777)
        conf = root / "d.conf"
        conf.write_text(DELIVER.replace("@ROOT@", str(root)).replace("@PORT@", str(port)))
        os.chmod(conf, 0o644)
        assert run(binary, conf, ["-odq", "-f", "s@test.example", "u@closed.example"],
                   "Subject: x\n").returncode == 0
        (header,) = list((root / "spool" / "input").rglob("*-H"))
        run(binary, conf, ["-M", header.name[:-2]])
        got[who] = ([ID.sub("<id>", l.split(" ", 2)[2]) for l in
                     (root / "spool" / "mainlog").read_text().splitlines()
                     if "privilege" not in l and "<=" not in l],
                    header.exists())
    assert got["corvid"] == got["exim"]
    lines, still_queued = got["corvid"]
    assert still_queued and not any("retry timeout exceeded" in l for l in lines)
