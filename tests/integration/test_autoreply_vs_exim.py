"""The autoreply transport and unseen routers against Exim 4.96: a message
for "away" is delivered to its mailbox by the next router (unseen) and
answered by autoreply (From:, Reply-To:, To:, Cc:, Subject: from $h_subject:,
In-Reply-To:, References:, Auto-Submitted:, extra headers, the text; to, cc
and bcc less never_mail, from <>); -bt shows both routings as Exim does;
the mailboxes and the log lines are the same."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import run_mta as run, mta_root

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")
TIME = re.compile(r"\d\d:\d\d:\d\d")

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
auto:
  driver = accept
  local_parts = away
  transport = auto_reply
  unseen
local:
  driver = accept
  local_parts = away : s : c : b : n
  transport = mbox
begin transports
auto_reply:
  driver = autoreply
  to = $sender_address
  cc = c@test.example, n@test.example
  bcc = b@test.example
  never_mail = n@test.example
  reply_to = r@test.example
  from = away@test.example
  subject = Re: $h_subject:
  headers = X-Auto: yes
  text = I am away.\nBack soon.
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
"""




@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-autoreply-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_autoreply_and_unseen_match_exim(base, corvid_bin, exim_bin):
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root, conf = mta_root(base, who, CONFIG, ("spool", "mail"))
        bt = run(binary, conf, ["-bt", "away@test.example"]).stdout.decode()
        assert run(binary, conf, ["-odi", "-f", "s@test.example", "away@test.example"],
                   "Subject: hello\nMessage-Id: <m1@x>\n\nbody\n").returncode == 0
        for _ in range(50):  # Exim delivers the reply in a process of its own
            if not list((root / "spool" / "input").rglob("*-H")):
                break
            subprocess.run(["sleep", "0.1"])
        boxes = {p.name: TIME.sub("<t>", ID.sub("<id>", p.read_text()))
                 for p in sorted((root / "mail").iterdir())}
        # Exim's reply is received by a process running as its own user.
        log = sorted(re.sub(r" U=\S+ ", " U=<user> ", ID.sub("<id>", l.split(" ", 2)[2]))
                     for l in (root / "spool" / "mainlog").read_text().splitlines()
                     if "privilege" not in l)
        got[who] = (bt, boxes, log)
    assert got["corvid"] == got["exim"]
    bt, boxes, log = got["corvid"]
    assert sorted(boxes) == ["away", "b", "c", "s"]  # never_mail kept n out
    assert "Subject: Re: hello\nIn-Reply-To: <m1@x>\nReferences: <m1@x>\n" in boxes["s"]
    assert "<id> => away <away@test.example> R=auto T=auto_reply" in log
    assert bt.count("    <-- away@test.example\n") == 2
