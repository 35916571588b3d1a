"""Delivery when things go wrong. A far end that drops the connection in
the middle of DATA leaves the message queued, deferred, and it is
delivered by the next run (compared with Exim's log line for it). A
SIGKILL in the middle of a queue run loses nothing: the next run delivers
every message that was not delivered, and re-delivers only the one that
was in flight (each finished address is in the -J journal first)."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import free_port

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
far:
  driver = manualroute
  domains = far.example
  route_list = * 127.0.0.1::@PORT@
  self = send
  transport = smtp
begin transports
smtp:
  driver = smtp
begin retry
* * F,1h,1m
"""


class FarEnd:
    """A minimal SMTP server: records each message it accepts; with
    `drop_in_data` it closes the connection after the first DATA line,
    with `delay` it waits that long before answering the final dot."""

    def __init__(self, port, drop_in_data=False, delay=0.0):
        self.port, self.drop, self.delay = port, drop_in_data, delay
        self.messages = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.session, args=(conn,), daemon=True).start()

    def session(self, conn):
        f = conn.makefile("rb")
        try:
            conn.sendall(b"220 far ready\r\n")
            data = None
            for line in f:
                if data is not None:
                    if line == b".\r\n":
                        time.sleep(self.delay)
                        self.messages.append(b"".join(data))
                        conn.sendall(b"250 OK queued\r\n")
                        data = None
                    else:
                        if self.drop:
                            conn.close()
                            return
                        data.append(line)
                    continue
                verb = line[:4].upper()
                if verb == b"EHLO":
                    conn.sendall(b"250-far\r\n250 8BITMIME\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    data = []
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    break
                else:
                    conn.sendall(b"250 OK\r\n")
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self):
        # shutdown() wakes the thread blocked in accept(); close() alone
        # would leave the port listening.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(5)


def run(binary, conf, args, text=""):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
    return subprocess.run([str(binary), "-C", str(conf), *args], input=text.encode(),
                          capture_output=True, timeout=120, env=env)


def prepare(root, port):
    (root / "spool").mkdir(parents=True)
    os.chmod(root, 0o777)
    os.chmod(root / "spool", 0o777)
    conf = root / "c.conf"
    conf.write_text(CONFIG.replace("@ROOT@", str(root)).replace("@PORT@", str(port)))
    os.chmod(conf, 0o644)
    return conf


def queued(root):
    return sorted(p.name[:-2] for p in (root / "spool" / "input").rglob("*-H"))


@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-crash-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_far_end_gone_in_the_middle_of_data(base, corvid_bin, exim_bin):
    port = free_port()
    far = FarEnd(port, drop_in_data=True)
    lines = {}
    try:
        for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
            root = base / who
            conf = prepare(root, port)
            assert run(binary, conf, ["-odq", "-f", "s@test.example", "u@far.example"],
                       "Subject: t\n\n" + "line\n" * 2000).returncode == 0
            (msg_id,) = queued(root)
            run(binary, conf, ["-M", msg_id])
            assert queued(root) == [msg_id]
            lines[who] = [ID.sub("<id>", l.split(" ", 2)[2]) for l in
                          (root / "spool" / "mainlog").read_text().splitlines()
                          if "==" in l]
    finally:
        far.stop()
    assert lines["corvid"] == lines["exim"] == [
        "<id> == u@far.example R=far T=smtp defer (-18) H=127.0.0.1 [127.0.0.1]: "
        "Remote host closed connection in response to end of data"]
    # Then the far end works again: the next run delivers it.
    far = FarEnd(port)
    try:
        conf = base / "corvid" / "c.conf"
        run(corvid_bin, conf, ["-qff"])
        assert queued(base / "corvid") == []
        assert len(far.messages) == 1 and far.messages[0].count(b"line\r\n") == 2000
    finally:
        far.stop()


def test_sigkill_during_a_queue_run_loses_nothing(base, corvid_bin):
    port = free_port()
    # Slow enough to be killed in the middle of the run.
    far = FarEnd(port, delay=0.2)
    root = base / "corvid"
    conf = prepare(root, port)
    try:
        for i in range(10):
            assert run(corvid_bin, conf, ["-odq", "-f", "s@test.example", "u@far.example"],
                       f"Subject: message {i}\n\nbody {i}\n").returncode == 0
        ids = queued(root)
        assert len(ids) == 10
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "TZ": "UTC"}
        proc = subprocess.Popen([str(corvid_bin), "-C", str(conf), "-qf"], env=env)
        deadline = time.time() + 20
        while len(far.messages) < 3 and time.time() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        before = len(far.messages)
        log = (root / "spool" / "mainlog").read_text()
        delivered_before = set(re.findall(r"(\S+) => u@far\.example", log))
        assert 3 <= before < 10
        # Nothing lost: what was not delivered is still queued.
        assert set(queued(root)) == set(ids) - delivered_before
        far.delay = 0.0
        run(corvid_bin, conf, ["-qf"])
        assert queued(root) == []
        bodies = [m for m in far.messages]
        for i in range(10):
            assert any(f"body {i}".encode() in b for b in bodies), i
        # Only the message in flight when the run died may come twice.
        assert len(bodies) <= 11
    finally:
        far.stop()
