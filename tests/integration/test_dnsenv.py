"""Proves that dnsenv gives tests a DNS they control, and nothing else.

Part one talks to unbound_server directly with dnsenv.query. Part two runs
Debian's exim4 inside in_dns_namespace: Exim only knows the system
resolver, so what it finds there shows what the namespace's resolver sees.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dnsenv
from dnsenv import NOERROR, NXDOMAIN, SERVFAIL

RECORDS = [
    "mx.test. 300 IN A 127.0.0.1",
    "mx.test. 300 IN AAAA ::1",
    "mail.test. IN MX 10 mx.test.",
    "multi.test. IN A 127.0.0.5",
    "multi.test. IN A 127.0.0.6",
    "host.test. IN A 127.0.0.2",
    "2.0.0.127.bl.test. IN A 127.0.0.2",
    '2.0.0.127.bl.test. IN TXT "listed"',
    "2.0.0.127.in-addr.arpa. IN PTR host.test.",
    # 127.0.0.1 and ::1 have built-in PTRs ("localhost.") in unbound: ours win.
    "1.0.0.127.in-addr.arpa. IN PTR one.test.",
    f"{dnsenv.reverse_name('::1')}. IN PTR six.test.",
    "kept.defer.test. IN A 127.0.0.7",
]
SERVFAIL_ZONES = ["defer.test"]

# Exim's environment: small and fixed, as in conftest.
EXIM_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}


# --- unbound_server ---------------------------------------------------------

@pytest.fixture(scope="module")
def dns():
    with dnsenv.unbound_server(RECORDS, servfail_zones=SERVFAIL_ZONES) as server:
        yield server


@pytest.mark.parametrize("name, qtype, expected", [
    ("mx.test", "A", ["127.0.0.1"]),
    ("mx.test", "AAAA", ["::1"]),
    ("mail.test", "MX", ["10 mx.test"]),
    ("2.0.0.127.bl.test", "A", ["127.0.0.2"]),
    ("2.0.0.127.bl.test", "TXT", ["listed"]),
    ("2.0.0.127.in-addr.arpa", "PTR", ["host.test"]),
    ("1.0.0.127.in-addr.arpa", "PTR", ["one.test"]),
    (dnsenv.reverse_name("::1"), "PTR", ["six.test"]),
])
def test_server_answers_records(dns, name, qtype, expected):
    assert dns.query(name, qtype) == (NOERROR, expected)


def test_server_answers_every_record_of_a_set(dns):
    rcode, answers = dns.query("multi.test", "A")
    assert (rcode, sorted(answers)) == (NOERROR, ["127.0.0.5", "127.0.0.6"])


def test_server_answers_over_tcp(dns):
    assert dns.query("mx.test", "A", tcp=True) == (NOERROR, ["127.0.0.1"])


@pytest.mark.parametrize("name", ["nope.test", "www.example.com", "mx.test.example", "com"])
def test_names_without_records_are_nxdomain(dns, name):
    assert dns.query(name, "A") == (NXDOMAIN, [])


@pytest.mark.parametrize("name, qtype", [
    ("mx.test", "MX"),    # the name has other types
    ("bl.test", "A"),     # an empty non-terminal above 2.0.0.127.bl.test
])
def test_existing_names_answer_nodata(dns, name, qtype):
    assert dns.query(name, qtype) == (NOERROR, [])


@pytest.mark.parametrize("name, qtype", [
    ("localhost", "A"),
    ("x.localhost", "A"),
    ("10.in-addr.arpa", "SOA"),
    ("3.0.0.127.in-addr.arpa", "PTR"),
])
def test_unbound_builtin_zones_are_off(dns, name, qtype):
    assert dns.query(name, qtype) == (NXDOMAIN, [])


def test_builtin_zone_apex_has_no_builtin_data(dns):
    # "test." exists only as the parent of our names: no built-in NS/SOA.
    assert dns.query("test", "NS") == (NOERROR, [])
    assert dns.query("test", "SOA") == (NOERROR, [])


@pytest.mark.parametrize("name, qtype", [("x.defer.test", "A"), ("defer.test", "MX")])
def test_servfail_zone_fails_at_once(dns, name, qtype):
    started = time.monotonic()
    assert dns.query(name, qtype) == (SERVFAIL, [])
    assert time.monotonic() - started < 1


def test_names_with_records_inside_a_servfail_zone_answer_normally(dns):
    assert dns.query("kept.defer.test", "A") == (NOERROR, ["127.0.0.7"])
    assert dns.query("kept.defer.test", "MX") == (NOERROR, [])


def test_server_on_a_given_port_stops_at_exit():
    port = dnsenv.free_udp_tcp_port()
    with dnsenv.unbound_server(RECORDS, port=port) as server:
        assert (server.address, server.port) == ("127.0.0.1", port)
        assert dnsenv.query(port, "host.test", "A") == (NOERROR, ["127.0.0.2"])
    assert server.process.poll() is not None
    with pytest.raises(OSError):
        dnsenv.query(port, "host.test", "A", timeout=0.5)


def test_bad_record_fails_with_unbound_log():
    with pytest.raises(dnsenv.UnboundError, match="exited") as failure:
        with dnsenv.unbound_server(["mx.test. IN A not-an-address"]):
            pass
    assert "not-an-address" in str(failure.value)


# --- in_dns_namespace -------------------------------------------------------

@pytest.fixture(scope="module")
def namespaces():
    reason = dnsenv.namespace_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)


def test_namespace_sees_only_its_files_and_lo(namespaces):
    before = _host_view()
    result = dnsenv.in_dns_namespace(
        ["sh", "-c", "cat /etc/resolv.conf; echo ---; cat /etc/hosts; echo ---; ip -o link"],
        RECORDS, hosts_lines=["127.0.0.1 localhost", "192.0.2.9 fixed.test"])
    assert result.returncode == 0, result.stderr
    resolv, hosts, links = result.stdout.split("---\n")
    assert resolv == "nameserver 127.0.0.1\n"
    assert hosts == "127.0.0.1 localhost\n192.0.2.9 fixed.test\n"
    assert [line.split(":")[1].strip() for line in links.splitlines()] == ["lo"]
    assert _host_view() == before


def test_namespace_serves_on_both_loopback_addresses(namespaces):
    script = ("import dnsenv; "
              "print(dnsenv.query(53, 'mx.test', 'A', address='::1')[1]); "
              "print(dnsenv.query(53, 'mx.test', 'A', tcp=True)[1])")
    result = dnsenv.in_dns_namespace([sys.executable, "-c", script], RECORDS,
                                     cwd=Path(dnsenv.__file__).parent, env=EXIM_ENV)
    assert result.stdout == "['127.0.0.1']\n['127.0.0.1']\n", result.stderr


def test_namespace_passes_stdin_env_and_status(namespaces):
    result = dnsenv.in_dns_namespace(["sh", "-c", 'cat; echo "$WHO"; exit 3'], RECORDS,
                                     input="from stdin\n", env={"WHO": "env", "PATH": "/bin"})
    assert (result.returncode, result.stdout) == (3, "from stdin\nenv\n")
    assert "start of service" in result.dns_log
    assert _processes_with(b"dnsenv-ns-") == []


def test_namespace_timeout_kills_everything(namespaces):
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        dnsenv.in_dns_namespace(["sleep", "31.4159"], RECORDS, timeout=1)
    assert time.monotonic() - started < 5
    # The kernel kills the PID namespace's processes as its init goes.
    deadline = time.monotonic() + 5
    while _processes_with(b"31.4159") or _processes_with(b"dnsenv-ns-"):
        assert time.monotonic() < deadline, "processes outlived the namespace"
        time.sleep(0.05)


EXIM_CONFIG = """\
primary_hostname = test.example
spool_directory = {root}/spool
log_file_path = {root}/log/%slog
host_lookup = *
rfc1413_hosts =
acl_smtp_connect = acl_connect

begin acl

acl_connect:
  deny    dnslists = bl.test
          message = $sender_host_address is listed at $dnslist_domain: \\
                    $dnslist_text (name=$sender_host_name)
  accept
"""


@pytest.fixture
def exim_config(tmp_path):
    root = tmp_path / "exim"
    for sub in ("spool", "log"):
        (root / sub).mkdir(parents=True)
    os.chmod(root, 0o777)  # exim4 may switch to its own user
    path = root / "exim.conf"
    path.write_text(EXIM_CONFIG.format(root=root))
    return path


def run_exim_in_namespace(exim_bin, config, args, input=None):
    result = dnsenv.in_dns_namespace([exim_bin, "-C", config, *args], RECORDS,
                                     input=input, env=EXIM_ENV, timeout=30,
                                     servfail_zones=SERVFAIL_ZONES)
    assert result.returncode == 0, f"{result.stderr}\n--- unbound log ---\n{result.dns_log}"
    return result


@pytest.mark.parametrize("expansion, expected", [
    ("${lookup dnsdb{a=mx.test}}", "127.0.0.1"),
    ("${lookup dnsdb{ptr=127.0.0.2}}", "host.test"),
    ("${lookup dnsdb{ptr=127.0.0.1}}", "one.test"),
    ("${lookup dnsdb{mxh=mail.test}}", "mx.test"),
    ("${lookup dnsdb{txt=2.0.0.127.bl.test}}", "listed"),
    ("${lookup dnsdb{a=nope.test}{found}{not found}}", "not found"),
    ("${lookup dnsdb{a=localhost}{found}{not found}}", "not found"),
    ("${lookup dnsdb{defer_never,a=x.defer.test}{found}{not found}}", "not found"),
    ("${lookup dnsdb{a=x.defer.test}{found}{not found}}",
     'Failed: lookup of "a=x.defer.test" gave DEFER: '),
])
def test_exim_dnsdb_sees_the_test_dns(namespaces, exim_bin, exim_config, expansion, expected):
    result = run_exim_in_namespace(exim_bin, exim_config, ["-be", expansion])
    assert result.stdout == expected + "\n"


def test_exim_dnslists_lists_a_listed_host(namespaces, exim_bin, exim_config):
    result = run_exim_in_namespace(exim_bin, exim_config, ["-bh", "127.0.0.2"], input="QUIT\r\n")
    assert "550 127.0.0.2 is listed at bl.test: listed (name=host.test)" in result.stdout


def test_exim_dnslists_accepts_an_unlisted_host(namespaces, exim_bin, exim_config):
    result = run_exim_in_namespace(exim_bin, exim_config, ["-bh", "127.0.0.3"], input="QUIT\r\n")
    assert "220 test.example ESMTP" in result.stdout
    assert "3.0.0.127.bl.test. A IN NXDOMAIN" in result.dns_log


# --- helpers ----------------------------------------------------------------

def _host_view():
    """What the namespace must leave untouched on the machine itself."""
    mounts = [line for line in Path("/proc/self/mountinfo").read_text().splitlines()
              if " /etc/resolv.conf " in line or " /etc/hosts " in line]
    return Path("/etc/resolv.conf").read_bytes(), Path("/etc/hosts").read_bytes(), mounts


def _processes_with(marker):
    """PIDs whose command line contains `marker` (bytes)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass  # gone meanwhile
    return found
