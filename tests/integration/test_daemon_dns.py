"""The daemon with its resolver pointed at a real DNS server on loopback
(`dns_servers`): the client's host name in the <= line, a DNS list deciding
RCPT off the event loop while other sessions go on, a dead DNS server
turning into "assumed not in list" rather than a hang, and haproxy in front
with the PROXY client's name looked up afresh.

The whole 127.0.0.0/8 is loopback, so clients bind to 127.0.0.2 (which has
a PTR) or 127.0.0.5 (which has none) as their source address."""

import concurrent.futures
import smtplib

import pytest

import dnsenv
from conftest import corvid_daemon, free_port
from test_proxy_protocol import start_haproxy

RECORDS = [
    "2.0.0.127.in-addr.arpa. IN PTR good.test.",
    "good.test. IN A 127.0.0.2",
    "5.0.0.127.bl.test. IN A 127.0.0.2",
    '5.0.0.127.bl.test. IN TXT "listed for testing"',
]

CONFIG = """\
primary_hostname = mx.test.example
spool_directory = {{root}}/spool
log_file_path = {{root}}/log/%slog
log_selector = +proxy
dns_servers = {dns}
dns_retrans = 1s
dns_retry = 1
host_lookup = *
smtp_accept_max = 100
smtp_accept_max_per_host = 100
rfc1413_hosts =
# Reception is what is tested here: accepted messages stay queued.
queue_only = true
hosts_proxy = 127.0.0.1
domainlist local_domains = test.example
acl_smtp_rcpt = rcpt
begin acl
rcpt:
  deny    dnslists = bl.test
          message = $sender_host_address is listed at $dnslist_domain: $dnslist_text
  accept  domains = +local_domains
"""


def mainlog(env):
    path = env["root"] / "log" / "mainlog"
    return path.read_text() if path.exists() else ""


def send(port, source, rcpt="user@test.example"):
    with smtplib.SMTP("127.0.0.1", port, source_address=(source, 0), timeout=20) as s:
        s.ehlo("client.test")
        s.mail("sender@example.org")
        code, text = s.rcpt(rcpt)
        if code != 250:
            return code, text.decode()
        s.data(b"Subject: dns\r\n\r\nbody\r\n")
        return code, text.decode()


@pytest.fixture
def dns_server():
    with dnsenv.unbound_server(RECORDS) as server:
        yield server


def test_host_name_and_dnslists(dns_server, corvid_bin):
    config = CONFIG.format(dns=f"127.0.0.1.{dns_server.port}")
    with corvid_daemon(corvid_bin, config) as env:
        port = env["port"]
        with smtplib.SMTP("127.0.0.1", port, source_address=("127.0.0.2", 0), timeout=20) as s:
            code, greeting = s.ehlo("client.test")
            assert b"Hello good.test [127.0.0.2]" in greeting
            s.sendmail("sender@example.org", ["user@test.example"], b"Subject: x\r\n\r\nbody\r\n")
        with smtplib.SMTP("127.0.0.1", port, source_address=("127.0.0.5", 0), timeout=20) as s:
            s.ehlo("client.test")
            s.mail("sender@example.org")
            code, text = s.rcpt("user@test.example")
            assert code == 550
            assert text.decode() == "127.0.0.5 is listed at bl.test: listed for testing"
        log = mainlog(env)
        assert " H=good.test (client.test) [127.0.0.2] P=esmtp " in log
        assert "no host name found for IP address 127.0.0.5" in log
        # The spool header carries the name (tainted: it came from the DNS).
        headers = list((env["root"] / "spool" / "input").rglob("*-H"))
        assert len(headers) == 1
        assert "\n--host_name good.test\n" in headers[0].read_text()
        assert ("H=(client.test) [127.0.0.5] F=<sender@example.org> rejected RCPT "
                "<user@test.example>: 127.0.0.5 is listed at bl.test: listed for testing") in log


def test_many_sessions_with_dns_in_parallel(dns_server, corvid_bin):
    """DNS list checks run off the event loops: 40 sessions at once all get
    their answer, listed or not."""
    config = CONFIG.format(dns=f"127.0.0.1.{dns_server.port}")
    with corvid_daemon(corvid_bin, config) as env:
        def one(i):
            source = "127.0.0.5" if i % 2 else "127.0.0.2"
            with smtplib.SMTP("127.0.0.1", env["port"], source_address=(source, 0),
                              timeout=30) as s:
                s.ehlo("client.test")
                s.mail("sender@example.org")
                return source, s.rcpt("user@test.example")[0]
        with concurrent.futures.ThreadPoolExecutor(40) as pool:
            results = list(pool.map(one, range(40)))
        for source, code in results:
            assert code == (550 if source == "127.0.0.5" else 250), (source, code)


def test_dead_dns_server_means_not_listed(corvid_bin):
    """Nothing listens at the configured DNS server: the list counts as
    "not listed" (logged), the host has no name, and mail still flows."""
    dead = free_port()
    config = CONFIG.format(dns=f"127.0.0.1.{dead}")
    with corvid_daemon(corvid_bin, config) as env:
        with smtplib.SMTP("127.0.0.1", env["port"], source_address=("127.0.0.5", 0),
                          timeout=60) as s:
            s.ehlo("client.test")
            s.mail("sender@example.org")
            assert s.rcpt("user@test.example")[0] == 250
        log = mainlog(env)
        assert ("DNS list lookup defer (probably timeout) for 5.0.0.127.bl.test: "
                "assumed not in list") in log


@pytest.mark.parametrize("mode", ["send-proxy", "send-proxy-v2"])
def test_proxy_client_name_looked_up(dns_server, corvid_bin, mode):
    config = CONFIG.format(dns=f"127.0.0.1.{dns_server.port}")
    with corvid_daemon(corvid_bin, config) as env:
        front = start_haproxy(env, mode)
        assert send(front, "127.0.0.2")[0] == 250
        log = mainlog(env)
        assert " H=good.test (client.test) [127.0.0.2] P=esmtp " in log
        assert " PRX=127.0.0.1 " in log
