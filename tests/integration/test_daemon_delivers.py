"""The daemon delivers: a message accepted by SMTP is delivered at once
(Exim's default) to a maildir, and with -odq it waits on the queue until
the daemon's own queue run (-q1s) delivers it; either way the spool ends
empty and the log has the => and Completed lines."""

import shutil
import smtplib
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import free_port, stop_process, wait_for_port

CONFIG = """\
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = {root}/spool
log_file_path = {root}/log/%slog
log_selector = +queue_run
host_lookup =
rfc1413_hosts =
domainlist local_domains = test.example
acl_smtp_rcpt = rcpt
begin acl
rcpt:
  accept  domains = +local_domains
begin routers
local:
  driver = accept
  domains = +local_domains
  local_parts = alice : bob
  transport = maildir
begin transports
maildir:
  driver = appendfile
  directory = {root}/mail/$local_part_data
  maildir_format
  envelope_to_add
"""


def wait_for(predicate, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("extra", [[], ["-odq", "-q1s"]], ids=["immediate", "queue_run"])
def test_daemon_delivers(corvid_bin, extra):
    root = Path(tempfile.mkdtemp(prefix="corvid-delivers-"))
    (root / "mail").mkdir()
    conf = root / "corvid.conf"
    conf.write_text(CONFIG.format(root=root))
    port = free_port()
    proc = subprocess.Popen([str(corvid_bin), "-C", str(conf), "-bdf", "-oX", f"127.0.0.1.{port}",
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=20) as s:
            s.sendmail("sender@example.org", ["alice@test.example", "bob@test.example"],
                       b"Subject: deliver me\r\n\r\nhello\r\n")
        inputs = root / "spool" / "input"
        assert wait_for(lambda: len(list((root / "mail").rglob("new/*"))) == 2)
        assert wait_for(lambda: not list(inputs.rglob("*-H")))
        # (The spool files go just before the Completed line is written.)
        mainlog = root / "log" / "mainlog"
        assert wait_for(lambda: " Completed" in mainlog.read_text())
        log = mainlog.read_text()
        assert "=> alice <alice@test.example> R=local T=maildir" in log
        assert "=> bob <bob@test.example> R=local T=maildir" in log
        if extra:
            assert "Start queue run" in log
        text = next((root / "mail" / "alice" / "new").iterdir()).read_text()
        assert "Envelope-to: alice@test.example\n" in text and text.endswith("\nhello\n")
    finally:
        stop_process(proc)
        shutil.rmtree(root, ignore_errors=True)


def test_bs_session_delivers_when_it_ends(corvid_bin):
    """corvid -bs delivers what the session accepted once it ends (in the
    background, as Exim's -odb): the maildir gets the message, the spool
    ends empty."""
    root = Path(tempfile.mkdtemp(prefix="corvid-bs-"))
    (root / "mail").mkdir()
    conf = root / "corvid.conf"
    conf.write_text(CONFIG.format(root=root))
    try:
        dialogue = ("EHLO c.example\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<alice@test.example>\r\n"
                    "DATA\r\nSubject: bs\r\n\r\nvia -bs\r\n.\r\nQUIT\r\n")
        proc = subprocess.run([str(corvid_bin), "-C", str(conf), "-bs"], input=dialogue.encode(),
                              capture_output=True, timeout=30)
        assert b"250 OK id=" in proc.stdout
        assert wait_for(lambda: len(list((root / "mail").rglob("new/*"))) == 1)
        assert wait_for(lambda: not list((root / "spool" / "input").rglob("*-H")))
        text = next((root / "mail" / "alice" / "new").iterdir()).read_text()
        assert text.endswith("\nvia -bs\n")
    finally:
        shutil.rmtree(root, ignore_errors=True)
