"""Generic transport options against Exim 4.96: headers_only, body_only,
headers_add (expanded, then taken line by line, trailing spaces kept),
headers_remove (names and "x-*" prefixes) and message_size_limit ("message
is too big (transport limit = N)") give the same mailboxes, byte for byte
but for ids and the version in Received:, and the same log lines."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import run_mta as run, mta_root

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")
DATES = re.compile(r"\w{3}, \d\d \w{3} \d{4} [\d:]{8} [+-]\d{4}|\w{3} \w{3} \d\d [\d:]{8} \d{4}")

CONFIG = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
received_header_text = Received: by mx.test.example id $message_exim_id
begin routers
local:
  driver = accept
  local_parts = ho : bo : ha : big
  transport = t_$local_part_data
begin transports
t_ho:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
  headers_only
t_bo:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
  body_only
t_ha:
  driver = appendfile
  directory = @ROOT@/mail/$local_part_data
  maildir_format
  headers_add = X-One: $local_part\nX-Empty: ${if eq{1}{2}{x}}\nX-Two: two
  headers_remove = subject : x-drop*
t_big:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
  message_size_limit = 100
"""

MESSAGE = "Subject: t\nX-Drop-Me: 1\nX-Dropper: 2\nX-Keep: 3\n\nbody line\nFrom here\n"




@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-topts-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_generic_transport_options_match_exim(base, corvid_bin, exim_bin):
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root, conf = mta_root(base, who, CONFIG, ("spool", "mail"))
        assert run(binary, conf, ["-odq", "-f", "s@test.example", "ho@test.example",
                                  "bo@test.example", "ha@test.example", "big@test.example"],
                   MESSAGE).returncode == 0
        (header,) = list((root / "spool" / "input").rglob("*-H"))
        run(binary, conf, ["-M", header.name[:-2]])
        boxes = {}
        for f in sorted((root / "mail").rglob("*")):
            if f.is_file():
                name = f.relative_to(root / "mail").parts[0]
                boxes[name] = DATES.sub("<date>", ID.sub("<id>", f.read_text()))
        log = [ID.sub("<id>", l.split(" ", 2)[2]) for l in
               (root / "spool" / "mainlog").read_text().splitlines()
               if "privilege" not in l and "<=" not in l and "s@test.example" not in l
               and "Frozen" not in l]
        got[who] = (boxes, log)
    assert got["corvid"] == got["exim"]
    boxes, log = got["corvid"]
    assert boxes["bo"] == "From s@test.example <date>\nbody line\n>From here\n\n"
    assert "X-Keep: 3\n" in boxes["ha"] and "Subject" not in boxes["ha"] \
        and "X-Drop" not in boxes["ha"] and "X-Empty: \nX-Two: two\n\nbody" in boxes["ha"]
    assert boxes["ho"].endswith("Date: <date>\n\n\n")
    assert ("<id> ** big@test.example R=local T=t_big: message is too big "
            "(transport limit = 100)") in log


RETURN_PATH = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
log_selector = +return_path_on_delivery
received_header_text = Received: by mx.test.example id $message_exim_id
begin routers
local:
  driver = accept
  local_parts = u : v
  transport = mbox
begin transports
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
  return_path_add
  return_path = ${if eq{$local_part}{v}{bad}{bounces+$local_part@test.example}}
"""


def test_return_path_matches_exim(base, corvid_bin, exim_bin):
    """A transport's return_path, expanded per address, is the delivery's
    envelope sender: the mbox "From " line, Return-path: and P=."""
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root, conf = mta_root(base, who, RETURN_PATH, ("spool", "mail"))
        assert run(binary, conf, ["-odi", "-f", "s@test.example", "u@test.example",
                                  "v@test.example"], "Subject: x\n").returncode == 0
        log = [ID.sub("<id>", l.split(" ", 2)[2]) for l in
               (root / "spool" / "mainlog").read_text().splitlines()
               if "privilege" not in l and "<=" not in l]
        heads = [DATES.sub("<date>", "".join((root / "mail" / n).read_text().splitlines(True)[:2]))
                 for n in ("u", "v")]
        got[who] = (log, heads)
    assert got["corvid"] == got["exim"]
    assert "<id> => u <u@test.example> P=<bounces+u@test.example> R=local T=mbox" in got["corvid"][0]
    assert got["corvid"][1][0] == ("From bounces+u@test.example <date>\n"
                                   "Return-path: <bounces+u@test.example>\n")
