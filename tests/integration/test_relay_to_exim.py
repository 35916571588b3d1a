"""Corvid relaying to a real Exim 4.96 far end: `exim4 -bdf` started by
the test on 127.0.0.2 with its own configuration and spool; Corvid's
daemon accepts a message by SMTP and delivers it there at once (Exim
offers CHUNKING, so BDAT is used); Exim's log shows the message arriving
from Corvid, Exim's spool holds it with the same body, and Corvid's log
has the => line with Exim's confirmation."""

import os
import shutil
import socket
import smtplib
import subprocess
import tempfile
import time
from pathlib import Path


from conftest import corvid_daemon, free_port, stop_process

EXIM = """\
primary_hostname = far.example
spool_directory = {root}/spool
log_file_path = {root}/%slog
exim_path = /usr/sbin/exim4
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
queue_only = true
keep_environment =
acl_smtp_rcpt = rcpt
begin acl
rcpt:
  accept  domains = far.example
  deny
"""

CORVID = """\
primary_hostname = mx.test.example
spool_directory = {{root}}/spool
log_file_path = {{root}}/log/%slog
host_lookup =
rfc1413_hosts =
domainlist local_domains = test.example
acl_smtp_rcpt = rcpt
begin acl
rcpt:
  accept  domains = far.example
begin routers
far:
  driver = manualroute
  domains = far.example
  route_list = * 127.0.0.2::{port}
  transport = remote_smtp
begin transports
remote_smtp:
  driver = smtp
"""


def wait_for(predicate, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_corvid_relays_to_exim(corvid_bin, exim_bin):
    root = Path(tempfile.mkdtemp(prefix="corvid-exim-far-"))
    os.chmod(root, 0o777)
    (root / "spool").mkdir()
    os.chmod(root / "spool", 0o777)
    conf = root / "exim.conf"
    conf.write_text(EXIM.format(root=root))
    os.chmod(conf, 0o644)
    port = free_port()
    exim = subprocess.Popen([str(exim_bin), "-C", str(conf), "-bdf", "-oX", f"127.0.0.2.{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: socket.socket().connect_ex(("127.0.0.2", port)) == 0)
        with corvid_daemon(corvid_bin, CORVID.format(port=port)) as d:
            with smtplib.SMTP("127.0.0.1", d["port"], timeout=20) as s:
                s.sendmail("sender@example.org", ["someone@far.example"],
                           b"Subject: via corvid\r\n\r\nhello exim\r\n.leading dot\r\n")
            corvid_log = d["root"] / "log" / "mainlog"
            assert wait_for(lambda: " Completed" in (corvid_log.read_text()
                                                       if corvid_log.exists() else ""))
            log = corvid_log.read_text()
            assert "=> someone@far.example R=far T=remote_smtp H=127.0.0.2 [127.0.0.2] K C=\"250- " \
                   in log
        exim_log = (root / "mainlog").read_text()
        assert "<= sender@example.org H=(mx.test.example) [127.0.0.1] P=esmtp K S=" in exim_log
        (data,) = list((root / "spool" / "input").rglob("*-D"))
        assert data.read_text().split("\n", 1)[1] == "hello exim\n.leading dot\n"
    finally:
        stop_process(exim)
        shutil.rmtree(root, ignore_errors=True)
