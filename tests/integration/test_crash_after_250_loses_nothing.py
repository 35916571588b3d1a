"""Durability: every message that got a 250 survives a SIGKILL of the
daemon at a random moment under load, complete, and is listed by -bp after
a restart. Messages in flight when the daemon died may be lost (their
clients saw no 250); nothing acknowledged may be."""

import random
import signal
import smtplib
import subprocess
import threading
import time

from test_daemon_receives_mail import daemon, spool_ids  # noqa: F401
from conftest import run_binary, wait_for_port

SENDERS = 8


def sender_loop(port, stop, acked, errors):
    n = 0
    while not stop.is_set():
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=5) as s:
                s.ehlo("load.example")
                s.mail(f"load{n}@client.example")
                s.rcpt("u@test.example")
                code, resp = s.data(b"Subject: load\r\n\r\n" + b"x" * 2000 + b"\r\n")
                if code == 250:
                    acked.append(resp.decode().split("id=")[1])
        except (OSError, smtplib.SMTPException) as e:
            errors.append(repr(e))
            time.sleep(0.01)
        n += 1


def test_sigkill_under_load_keeps_every_acknowledged_message(daemon, corvid_bin):
    stop = threading.Event()
    acked, errors = [], []
    threads = [threading.Thread(target=sender_loop, args=(daemon["port"], stop, acked, errors))
               for _ in range(SENDERS)]
    for t in threads:
        t.start()
    time.sleep(random.uniform(0.5, 1.5))
    daemon["proc"].send_signal(signal.SIGKILL)
    daemon["proc"].wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert len(acked) >= 5, f"too few messages accepted before the kill: {errors[:3]}"
    print(f"{len(acked)} messages acknowledged before SIGKILL")

    on_disk = set(spool_ids(daemon["root"]))
    missing = [m for m in acked if m not in on_disk]
    assert not missing, f"{len(missing)} acknowledged messages lost: {missing[:5]}"
    input_dir = daemon["root"] / "spool" / "input"
    for msg_id in acked:
        header = (input_dir / f"{msg_id}-H").read_text()
        assert header.startswith(f"{msg_id}-H\n")
        assert "u@test.example" in header and "Subject: load" in header
        body = (input_dir / f"{msg_id}-D").read_text()
        assert body == f"{msg_id}-D\n" + "x" * 2000 + "\n"

    # A restarted daemon (and -bp) sees the same queue.
    proc = subprocess.Popen([str(corvid_bin), "-C", str(daemon["config"]), "-bdf", "-oX",
                             f"127.0.0.1.{daemon['port']}"], stderr=subprocess.PIPE)
    daemon["proc"] = proc
    wait_for_port(daemon["port"], proc)
    rc, out, _ = run_binary(corvid_bin, ["-bp"], config_path=daemon["config"])
    assert rc == 0
    for msg_id in acked:
        assert msg_id in out
