"""Generic router options against Exim 4.96: local_part_prefix and
local_part_suffix (wildcards, _optional, $local_part_prefix...),
require_files and cannot_route_message (taken from the last router
considered) give the same -bt answers and exit codes, and a delivery
through a prefix is logged and delivered as Exim does it."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import run_mta as run, mta_root

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")

CONFIG = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
begin routers
files:
  driver = accept
  local_parts = f
  require_files = @ROOT@/present : !@ROOT@/absent
  transport = mbox
nofiles:
  driver = accept
  local_parts = g
  require_files = @ROOT@/absent
  transport = mbox
pre:
  driver = accept
  local_part_prefix = *- : foo+
  local_part_suffix = +*
  local_part_suffix_optional
  local_parts = u
  transport = mbox
plain:
  driver = accept
  local_parts = u : v
  cannot_route_message = no such place ($local_part)
  transport = mbox
begin transports
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data.$local_part_prefix.$local_part_suffix
"""

ADDRESSES = ["bar-u@test.example", "foo+u@test.example", "u+tag@test.example",
             "bar-u+t@test.example", "u@test.example", "v-x@test.example", "f@test.example",
             "g@test.example"]




@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-routeropts-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_router_options_match_exim(base, corvid_bin, exim_bin):
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root = base / who
        for d in (root / "spool", root / "mail"):
            d.mkdir(parents=True)
            os.chmod(d, 0o777)
        os.chmod(root, 0o777)
        (root / "present").write_text("")
        conf = root / "r.conf"
        conf.write_text(CONFIG.replace("@ROOT@", str(root)))
        os.chmod(conf, 0o644)
        answers = []
        for a in ADDRESSES:
            r = run(binary, conf, ["-bt", a])
            answers.append((r.stdout.decode().replace(str(root), "<root>"), r.returncode))
        assert run(binary, conf, ["-odi", "-f", "s@test.example", "foo+u@test.example"],
                   "Subject: x\n").returncode == 0
        log = [ID.sub("<id>", l.split(" ", 2)[2]) for l in
               (root / "spool" / "mainlog").read_text().splitlines()
               if "privilege" not in l and "<=" not in l]
        got[who] = (answers, log, sorted(p.name for p in (root / "mail").iterdir()))
    assert got["corvid"] == got["exim"]
    answers, log, boxes = got["corvid"]
    by = dict(zip(ADDRESSES, answers))
    assert by["u+tag@test.example"] == (
        "u+tag@test.example is undeliverable: no such place (u+tag)\n", 2)
    assert by["bar-u+t@test.example"][0].startswith("bar-u+t@test.example\n  router = pre")
    assert "router = files" in by["f@test.example"][0]
    assert "<id> => u <foo+u@test.example> R=pre T=mbox" in log
    assert boxes == ["u.foo+."]


HEADERS = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
received_header_text = Received: by mx.test.example id $message_exim_id
begin routers
r1:
  driver = redirect
  local_parts = alias
  headers_add = X-Redirected: yes
  headers_remove = x-gone
  data = u@test.example
r2:
  driver = accept
  local_parts = u
  headers_add = X-Router: $local_part\nX-Router2: two
  headers_remove = x-drop : subject
  transport = mbox
begin transports
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
  headers_add = X-Transport: t
  headers_remove = x-keep
"""


def test_router_headers_add_and_remove_match_exim(base, corvid_bin, exim_bin):
    """Routers' headers_add / headers_remove build up along a redirection
    (the parent's first) and come before the transport's."""
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root, conf = mta_root(base, who, HEADERS, ("spool", "mail"))
        assert run(binary, conf, ["-odi", "-f", "s@test.example", "alias@test.example"],
                   "Subject: t\nX-Drop: 1\nX-Gone: 2\nX-Keep: 3\n\nbody\n").returncode == 0
        text = (root / "mail" / "u").read_text()
        text = re.sub(r"\d\d:\d\d:\d\d", "<time>", ID.sub("<id>", text))
        got[who] = text
    assert got["corvid"] == got["exim"]
    assert "X-Redirected: yes\nX-Router: u\nX-Router2: two\nX-Transport: t\n\nbody" in got["corvid"]
    assert "X-Drop" not in got["corvid"] and "X-Keep" not in got["corvid"]


ERRORS_TO = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
received_header_text = Received: by mx.test.example id $message_exim_id
begin routers
list:
  driver = redirect
  local_parts = list
  errors_to = owner@test.example
  data = m1@test.example, bad@test.example
silent:
  driver = redirect
  local_parts = quiet
  errors_to =
  data = bad2@test.example
fail:
  driver = redirect
  local_parts = bad : bad2
  allow_fail
  data = :fail: no such user
local:
  driver = accept
  local_parts = m1 : owner : s
  transport = mbox
begin transports
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
  return_path_add
"""


def test_errors_to_matches_exim(base, corvid_bin, exim_bin):
    """errors_to: deliveries under it take it as their return path, its
    failures bounce to it (worded for a third party, "(generated from
    ...)", Final-Recipient the address given), and an empty one means no
    bounce ("error ignored")."""
    boundary = re.compile(r"[0-9]{10}-eximdsn-[0-9]+")
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root, conf = mta_root(base, who, ERRORS_TO, ("spool", "mail"))
        assert run(binary, conf, ["-odi", "-f", "s@test.example", "list@test.example",
                                  "quiet@test.example"], "Subject: hello\n\nbody\n").returncode == 0
        for _ in range(50):  # Exim delivers the bounce in a process of its own
            if not list((root / "spool" / "input").rglob("*-H")):
                break
            subprocess.run(["sleep", "0.1"])
        boxes = {p.name: boundary.sub("<b>", re.sub(r"\d\d:\d\d:\d\d", "<t>",
                                                    ID.sub("<id>", p.read_text())))
                 for p in sorted((root / "mail").iterdir())}
        log = sorted(ID.sub("<id>", l.split(" ", 2)[2]) for l in
                     (root / "spool" / "mainlog").read_text().splitlines()
                     if "privilege" not in l and "<=" not in l)
        got[who] = (boxes, log)
    assert got["corvid"] == got["exim"]
    boxes, log = got["corvid"]
    assert boxes["m1"].startswith("From owner@test.example ")
    assert "Subject: Mail delivery failed\n" in boxes["owner"]
    assert "  bad@test.example\n    (generated from list@test.example)\n" in boxes["owner"]
    assert "Final-Recipient: rfc822;list@test.example\n" in boxes["owner"]
    assert "<id> bad2@test.example <quiet@test.example>: error ignored" in log
