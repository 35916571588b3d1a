"""PROXY protocol v1/v2 in front of the daemon (hosts_proxy), through a real
HAProxy (send-proxy, send-proxy-v2) and with hand-written headers: the
session takes the client address from the header, $proxy_* hold the rest,
`+proxy` adds PRX= to the <= line, a bad or missing header leaves only QUIT
allowed, and a host not in hosts_proxy gets no trust."""

import os
import shutil
import smtplib
import socket
import subprocess
import time

import pytest

from conftest import corvid_daemon, free_port, wait_for_port

CONFIG = """\
primary_hostname = mx.test.example
spool_directory = {root}/spool
log_file_path = {root}/log/%slog
log_selector = +proxy
host_lookup =
rfc1413_hosts =
# Reception is what is tested here: accepted messages stay queued.
queue_only = true
hosts_proxy = 127.0.0.1
proxy_protocol_timeout = 1s
domainlist local_domains = test.example
acl_smtp_connect = connect
acl_smtp_rcpt = rcpt
begin acl
connect:
  accept logwrite = PROXYVARS session=$proxy_session client=$sender_host_address:$sender_host_port \\
                    local=$proxy_local_address external=$proxy_external_address:$proxy_external_port \\
                    seed=$proxy_host_address/$proxy_target_address
rcpt:
  accept  domains = +local_domains
"""


@pytest.fixture
def proxied(corvid_bin):
    # Listens on 127.0.0.1 (in hosts_proxy) and 127.0.0.3 (not in it).
    with corvid_daemon(corvid_bin, CONFIG,
                       interfaces="<; 127.0.0.1.{port} ; 127.0.0.3.{port}") as state:
        yield state


def mainlog(env):
    path = env["root"] / "log" / "mainlog"
    return path.read_text() if path.exists() else ""


def start_haproxy(env, mode):
    haproxy = shutil.which("haproxy", path="/usr/sbin:/usr/bin:" + os.environ.get("PATH", ""))
    if haproxy is None:
        pytest.skip("haproxy is not installed (scripts/install-deps installs it)")
    front = free_port()
    cfg = env["root"] / f"haproxy-{mode}.cfg"
    cfg.write_text(f"""
global
    maxconn 100
defaults
    mode tcp
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend smtp_in
    bind 127.0.0.1:{front}
    default_backend corvid
backend corvid
    server c1 127.0.0.1:{env['port']} {mode}
""")
    proc = subprocess.Popen([haproxy, "-db", "-f", str(cfg)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    env["procs"].append(proc)
    wait_for_port(front, proc)
    return front


@pytest.mark.parametrize("mode", ["send-proxy", "send-proxy-v2"])
def test_through_haproxy_the_real_client_is_seen(proxied, mode):
    front = start_haproxy(proxied, mode)
    with smtplib.SMTP("127.0.0.1", front, timeout=10,
                      source_address=("127.0.0.2", 0)) as s:
        s.ehlo("client.example")
        s.sendmail("a@client.example", ["u@test.example"], b"Subject: p\r\n\r\nbody\r\n")
    time.sleep(0.2)
    log = mainlog(proxied)
    assert "PROXYVARS session=yes client=127.0.0.2:" in log
    assert "local=127.0.0.1 " in log
    assert f"external=127.0.0.1:{front}" in log
    assert "seed=127.0.0.1/127.0.0.1" in log
    received = [l for l in log.splitlines() if " <= " in l]
    assert len(received) == 1
    assert "H=(client.example) [127.0.0.2] P=esmtp PRX=127.0.0.1 S=" in received[0]


def dialogue(port, header, commands, source="127.0.0.1"):
    """Sends `header` (a PROXY header, or anything) at once, then waits for
    the banner and sends each command after the previous reply, as a real
    client does. Returns the banner and the replies as text."""
    with socket.create_connection(("127.0.0.1", port), timeout=10,
                                  source_address=(source, 0)) as s:
        f = s.makefile("rb")

        def read_reply():
            lines = []
            while True:
                line = f.readline().decode()
                lines.append(line)
                if not line or line[3:4] != "-":
                    return "".join(lines)

        if header:
            s.sendall(header)
        replies = [read_reply()]
        for c in commands:
            s.sendall(c + b"\r\n")
            replies.append(read_reply())
    return replies


def test_hand_written_v1_header(proxied):
    replies = dialogue(proxied["port"], b"PROXY TCP4 192.0.2.7 127.0.0.1 40000 25\r\n",
                       [b"EHLO c.example", b"QUIT"])
    assert replies[0].startswith("220 ")
    assert "250-mx.test.example Hello c.example [192.0.2.7]" in replies[1]
    assert "session=yes client=192.0.2.7:40000 local=127.0.0.1 external=127.0.0.1:25" in mainlog(proxied)


def test_hand_written_v2_header(proxied):
    header = (b"\r\n\r\n\x00\r\nQUIT\n" + bytes([0x21, 0x11, 0x00, 12]) +
              bytes([198, 51, 100, 9, 127, 0, 0, 1]) + (41000).to_bytes(2, "big") +
              (25).to_bytes(2, "big"))
    replies = dialogue(proxied["port"], header, [b"EHLO c.example", b"QUIT"])
    assert "Hello c.example [198.51.100.9]" in replies[1]


@pytest.mark.parametrize("garbage", [
    b"PROXY TCP4 999.1.1.1 127.0.0.1 1 2\r\n",
    b"HELO not.a.proxy.header\r\n",
    b"\r\n\r\n\x00\r\nQUIT\n\x99\x11\x00\x0c" + b"\x00" * 12,
])
def test_bad_header_leaves_only_quit(proxied, garbage):
    replies = dialogue(proxied["port"], garbage,
                       [b"EHLO c.example", b"MAIL FROM:<a@b.c>", b"QUIT"])
    assert replies[0].startswith("220 ")
    refused = "503 Command refused, required Proxy negotiation failed\r\n"
    assert replies[1:3] == [refused, refused]
    assert replies[3].startswith("221 ")


def test_missing_header_times_out_then_only_quit(proxied):
    with socket.create_connection(("127.0.0.1", proxied["port"]), timeout=10) as s:
        start = time.time()
        banner = s.recv(1024).decode()
        assert banner.startswith("220 ")
        assert time.time() - start >= 0.9  # proxy_protocol_timeout = 1s
        s.sendall(b"EHLO c.example\r\n")
        assert s.recv(1024).decode().startswith("503 Command refused")
        s.sendall(b"QUIT\r\n")
        assert s.recv(1024).decode().startswith("221 ")


def test_host_not_in_hosts_proxy_gets_no_trust(proxied):
    # 127.0.0.3 is not in hosts_proxy: a PROXY line is just a bad command.
    replies = dialogue(proxied["port"], b"",
                       [b"PROXY TCP4 192.0.2.7 127.0.0.1 40000 25", b"EHLO c.example", b"QUIT"],
                       source="127.0.0.3")
    assert replies[1] == "500 unrecognized command\r\n"
    assert "Hello c.example [127.0.0.3]" in replies[2]
