"""LMTP against Exim 4.96, with Dovecot's LMTP server (started by the test
on a loopback port and a Unix socket of its own) as the far end: the lmtp
transport over `socket` (batch_max, DATA, one reply per recipient, logged
as a local delivery with C=) and the smtp transport with protocol = lmtp
(LHLO, CHUNKING when offered) give the same log lines as Exim's, and
Dovecot files every message in the recipient's maildir."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import free_port, run_mta as run

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")
# Dovecot's session ids in its replies ("<a@b> 2PXALxPQFWuYMQAAg+zDdQ:R2 Saved").
SESSION = re.compile(r" [A-Za-z0-9+/]{22}(:R\d+)? Saved")

DOVECOT = """\
base_dir = {root}/run
state_dir = {root}/run
log_path = {root}/dovecot.log
protocols = lmtp
ssl = no
listen = 127.0.0.1
mail_location = maildir:{root}/mail/%n
first_valid_uid = 0
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%n allow_all_users=yes
}}
passdb {{
  driver = static
  args = nopassword=y
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {port}
  }}
  unix_listener lmtp {{
    mode = 0666
  }}
}}
"""

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
tcp:
  driver = manualroute
  domains = tcp.example
  route_list = * 127.0.0.1
  self = send
  transport = lmtp_tcp
sock:
  driver = accept
  domains = test.example
  transport = lmtp_sock
begin transports
lmtp_tcp:
  driver = smtp
  protocol = lmtp
  port = @PORT@
lmtp_sock:
  driver = lmtp
  socket = @SOCKET@
  batch_max = 10
"""


@pytest.fixture
def dovecot():
    if not shutil.which("dovecot"):
        pytest.skip("dovecot is not installed (scripts/install-deps)")
    root = Path(tempfile.mkdtemp(prefix="corvid-dovecot-"))
    os.chmod(root, 0o755)
    (root / "run").mkdir()
    (root / "mail").mkdir()
    os.chmod(root / "mail", 0o777)
    port = free_port()
    conf = root / "dovecot.conf"
    conf.write_text(DOVECOT.format(root=root, port=port))
    proc = subprocess.Popen(["dovecot", "-F", "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    socket_path = root / "run" / "lmtp"
    deadline = time.time() + 20
    while not socket_path.exists() and time.time() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.05)
    try:
        yield {"root": root, "port": port, "socket": socket_path}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)




def test_lmtp_matches_exim(dovecot, corvid_bin, exim_bin):
    base = Path(tempfile.mkdtemp(prefix="corvid-lmtp-"))
    os.chmod(base, 0o777)
    try:
        got = {}
        for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
            root = base / who
            (root / "spool").mkdir(parents=True)
            os.chmod(root, 0o777)
            os.chmod(root / "spool", 0o777)
            conf = root / "lmtp.conf"
            conf.write_text(CONFIG.replace("@ROOT@", str(root))
                            .replace("@PORT@", str(dovecot["port"]))
                            .replace("@SOCKET@", str(dovecot["socket"])))
            os.chmod(conf, 0o644)
            recipients = [f"{who}-a@tcp.example", f"{who}-b@tcp.example",
                          f"{who}-c@test.example", f"{who}-d@test.example"]
            assert run(binary, conf, ["-odi", "-f", "s@test.example", *recipients],
                       "Subject: lmtp\n\nbody\n").returncode == 0
            got[who] = [SESSION.sub(" <session> Saved",
                                    ID.sub("<id>", l.split(" ", 2)[2])).replace(who, "<who>")
                        for l in (root / "spool" / "mainlog").read_text().splitlines()
                        if "privilege" not in l and "<=" not in l]
        assert got["corvid"] == got["exim"]
        assert got["corvid"][:2] == [
            '<id> => <who>-c <<who>-c@test.example> R=sock T=lmtp_sock '
            'C="250 2.0.0 <<who>-c@test.example> <session> Saved"',
            '<id> -> <who>-d <<who>-d@test.example> R=sock T=lmtp_sock '
            'C="250 2.0.0 <<who>-d@test.example> <session> Saved"']
        for name in ("corvid-a", "corvid-b", "corvid-c", "corvid-d"):
            (delivered,) = list((dovecot["root"] / "mail" / name / "new").iterdir())
            assert "Subject: lmtp\n" in delivered.read_text()
    finally:
        shutil.rmtree(base, ignore_errors=True)
