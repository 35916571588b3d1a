"""A real DNS server for integration tests, on loopback only.

Tests that exercise DNS (dnsdb lookups, dnslists, host name lookups, MX
routing) need answers they control, and must never reach the machine's
own resolver or the network. This module runs Debian's `unbound` as a
purely local, authoritative-only server for a list of test records:

  unbound_server(records, port=None, servfail_zones=())
      Context manager: unbound on 127.0.0.1:<free port> (UDP and TCP).
      Yields a DnsServer (.address, .port, .query(name, qtype), .log()).

  in_dns_namespace(argv, records, hosts_lines=None, input=None, env=None,
                   timeout=60, cwd=None, servfail_zones=())
      Runs argv in fresh network, mount and PID namespaces where unbound
      serves `records` on 127.0.0.1:53 (and [::1]:53), /etc/resolv.conf
      says "nameserver 127.0.0.1" and /etc/hosts holds `hosts_lines`.
      Returns a subprocess.CompletedProcess with text stdout/stderr (and
      .dns_log, unbound's log). Needs root; namespace_unavailable_reason()
      says why it cannot run here, for a test to skip.

  query(port, name, qtype, address="127.0.0.1", timeout=2.0, tcp=False)
      A minimal stub query: (rcode, [rdata as text]).

  reverse_name(ip)  ->  "2.0.0.127.in-addr.arpa" (or the ip6.arpa name)
  free_udp_tcp_port()  a loopback port free for both UDP and TCP
  unbound_config(records, addresses, port, workdir, servfail_zones=())
      The generated unbound.conf text, for inspection.

Records are zone-file lines, absolute names, class IN, TTL optional:
    "mx.test. 300 IN A 127.0.0.1"
    "2.0.0.127.bl.test. IN TXT \"listed\""
    "1.0.0.127.in-addr.arpa. IN PTR host.test."
Every name without a record answers NXDOMAIN (a name that has records,
but none of the asked type, answers NOERROR with no data). unbound's
built-in zones (localhost, 127.in-addr.arpa, test., the RFC 6303 reverse
zones...) are switched off, so "localhost" is NXDOMAIN too unless a
record says otherwise, and a PTR for 127.0.0.1 or ::1 is exactly the one
given. Names at and below a zone in `servfail_zones` answer SERVFAIL
(rcode 2, at once), which the glibc resolver reports as TRY_AGAIN and
Exim as a DNS defer; a name there that has records of its own still
answers normally (its other types with NOERROR and no data).

Which to use:
  * Corvid has its own resolver settings: point it at unbound_server
    through the `dns_servers` main option, value "127.0.0.1.<port>".
  * Exim (Debian's exim4) only uses the system resolver, and glibc's
    resolv.conf cannot name a port. Exim therefore runs under
    in_dns_namespace, where 127.0.0.1:53 is our server and nothing else
    is reachable (the namespace has no interface but lo).

Nothing here ever sends a packet off loopback: unbound is told not to
query any address, its only upstream ("." stub) is a closed loopback
port, and the namespaces have no route anywhere else.
"""

import contextlib
import functools
import ipaddress
import json
import os
import random
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

UNBOUND = "/usr/sbin/unbound"

NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED = range(6)

QTYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28}
_QTYPE_NAMES = {v: k for k, v in QTYPES.items()}

# How long a freshly started unbound may take to answer (it needs well
# under a second; the margin is for a loaded machine).
STARTUP_TIMEOUT = 10


# --- A minimal DNS client -------------------------------------------------

def reverse_name(ip):
    """The in-addr.arpa / ip6.arpa name under which the PTR of `ip` lives."""
    return ipaddress.ip_address(ip).reverse_pointer


def query(port, name, qtype, address="127.0.0.1", timeout=2.0, tcp=False):
    """Asks address:port one question (class IN, recursion desired).

    Returns (rcode, answers): answers are the answer-section records of
    type `qtype`, as text: A/AAAA addresses, names without the final dot
    (PTR, NS, CNAME), "10 mx.test" for MX, the concatenated strings of a
    TXT record, "mname rname serial refresh retry expire minimum" for SOA.
    A truncated UDP answer is asked again over TCP. Raises OSError
    (socket.timeout included) when nothing answers.
    """
    qtype_code = QTYPES[qtype.upper()] if isinstance(qtype, str) else qtype
    ident = random.randrange(0x10000)
    packet = _build_query(ident, name, qtype_code)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    if tcp:
        reply = _exchange_tcp(family, address, port, packet, timeout)
    else:
        reply = _exchange_udp(family, address, port, packet, ident, timeout)
        if _header(reply)["tc"]:
            reply = _exchange_tcp(family, address, port, packet, timeout)
    return _parse_reply(reply, ident, qtype_code)


def _build_query(ident, name, qtype_code):
    flags = 0x0100  # RD: a stub resolver's usual question
    header = struct.pack("!HHHHHH", ident, flags, 1, 0, 0, 0)
    return header + _encode_name(name) + struct.pack("!HH", qtype_code, 1)


def _encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            raw = label.encode("ascii")
            out += bytes([len(raw)]) + raw
    return out + b"\0"


def _exchange_udp(family, address, port, packet, ident, timeout):
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.connect((address, port))
        s.send(packet)
        while True:
            reply = s.recv(65535)
            # A late answer to an earlier attempt is not ours: keep waiting.
            if len(reply) >= 12 and struct.unpack("!H", reply[:2])[0] == ident:
                return reply


def _exchange_tcp(family, address, port, packet, timeout):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect((address, port))
        s.sendall(struct.pack("!H", len(packet)) + packet)
        length = struct.unpack("!H", _recv_exactly(s, 2))[0]
        return _recv_exactly(s, length)


def _recv_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("DNS server closed the TCP connection early")
        data += chunk
    return data


def _header(reply):
    ident, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", reply[:12])
    return {"id": ident, "tc": bool(flags & 0x0200), "rcode": flags & 0x000F,
            "qdcount": qd, "ancount": an}


def _parse_reply(reply, ident, qtype_code):
    header = _header(reply)
    if header["id"] != ident:
        raise ValueError("DNS reply for another query")
    offset = 12
    for _ in range(header["qdcount"]):
        _, offset = _read_name(reply, offset)
        offset += 4
    answers = []
    for _ in range(header["ancount"]):
        _, offset = _read_name(reply, offset)
        rtype, _, _, rdlength = struct.unpack("!HHIH", reply[offset:offset + 10])
        offset += 10
        if rtype == qtype_code:
            answers.append(_rdata_text(reply, offset, rdlength, rtype))
        offset += rdlength
    return header["rcode"], answers


def _read_name(message, offset):
    """(name without the final dot, offset after the name), following
    compression pointers."""
    labels = []
    end = None
    for _ in range(128):  # a bound, so that a pointer loop cannot hang us
        length = message[offset]
        if length & 0xC0 == 0xC0:
            if end is None:
                end = offset + 2
            offset = struct.unpack("!H", message[offset:offset + 2])[0] & 0x3FFF
            continue
        if length == 0:
            return ".".join(labels), (end if end is not None else offset + 1)
        labels.append(message[offset + 1:offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    raise ValueError("DNS name compression loop")


def _rdata_text(message, offset, length, rtype):
    rdata = message[offset:offset + length]
    name = _QTYPE_NAMES.get(rtype)
    if name == "A":
        return socket.inet_ntop(socket.AF_INET, rdata)
    if name == "AAAA":
        return socket.inet_ntop(socket.AF_INET6, rdata)
    if name in ("PTR", "NS", "CNAME"):
        return _read_name(message, offset)[0]
    if name == "MX":
        preference = struct.unpack("!H", rdata[:2])[0]
        return f"{preference} {_read_name(message, offset + 2)[0]}"
    if name == "TXT":
        return _txt_text(rdata)
    if name == "SOA":
        mname, pos = _read_name(message, offset)
        rname, pos = _read_name(message, pos)
        numbers = struct.unpack("!IIIII", message[pos:pos + 20])
        return " ".join([mname, rname] + [str(n) for n in numbers])
    return rdata.hex()


def _txt_text(rdata):
    # Exim's dnsdb and $dnslist_text join a record's strings with nothing
    # between them; so does this, which keeps comparisons simple.
    parts = []
    pos = 0
    while pos < len(rdata):
        length = rdata[pos]
        parts.append(rdata[pos + 1:pos + 1 + length].decode("utf-8", "replace"))
        pos += 1 + length
    return "".join(parts)


# --- unbound configuration --------------------------------------------------

def _builtin_zones():
    """unbound's default local zones (1.17; resolver.arpa and service.arpa
    come with later versions). Each would otherwise answer from its own
    built-in data (localhost -> 127.0.0.1, a PTR "localhost." for 127.0.0.1
    and ::1, SOA/NS at every apex), shadowing or mixing with test records;
    switched off, everything falls into our "." zone instead."""
    zones = [
        "localhost.", "127.in-addr.arpa.",
        "1." + "0." * 31 + "ip6.arpa.", "0." * 32 + "ip6.arpa.",
        "home.arpa.", "onion.", "test.", "invalid.", "resolver.arpa.", "service.arpa.",
        "0.in-addr.arpa.", "10.in-addr.arpa.", "254.169.in-addr.arpa.",
        "2.0.192.in-addr.arpa.", "168.192.in-addr.arpa.", "100.51.198.in-addr.arpa.",
        "113.0.203.in-addr.arpa.", "255.255.255.255.in-addr.arpa.",
        "d.f.ip6.arpa.", "8.e.f.ip6.arpa.", "9.e.f.ip6.arpa.", "a.e.f.ip6.arpa.",
        "b.e.f.ip6.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa.",
    ]
    zones += [f"{n}.100.in-addr.arpa." for n in range(64, 128)]
    zones += [f"{n}.172.in-addr.arpa." for n in range(16, 32)]
    return zones


def unbound_config(records, addresses, port, workdir, servfail_zones=()):
    """The text of an unbound.conf serving `records` on `addresses`:port.

    The "." zone is static: local-data answers, every other name is
    NXDOMAIN, and nothing is ever looked up elsewhere. A servfail zone is
    "transparent", so that its names fall through to the iterator, whose
    only way out is a "." stub pointing at an address that
    do-not-query-address forbids: it gives up at once with SERVFAIL.
    """
    ipv6 = any(":" in a for a in addresses)
    lines = [
        "# Written by tests/integration/dnsenv.py: local test data only.",
        "server:",
        *[f"    interface: {a}@{port}" for a in addresses],
        f"    port: {port}",
        "    do-ip4: yes",
        f"    do-ip6: {'yes' if ipv6 else 'no'}",
        "    do-udp: yes",
        "    do-tcp: yes",
        "    access-control: 127.0.0.0/8 allow",
        "    access-control: ::1/128 allow",
        '    chroot: ""',
        '    username: ""',
        f'    directory: "{workdir}"',
        "    use-syslog: no",
        '    logfile: ""',
        "    log-time-ascii: yes",
        "    verbosity: 1",
        "    log-queries: yes",
        "    log-replies: yes",
        "    log-servfail: yes",
        "    num-threads: 1",
        # No validator: it would want a trust anchor and DS lookups.
        '    module-config: "iterator"',
        # Belt and braces: no upstream address is ever allowed.
        "    do-not-query-localhost: yes",
        "    do-not-query-address: 0.0.0.0/0",
        "    do-not-query-address: ::/0",
        '    local-zone: "." static',
        *[f'    local-zone: "{z}" nodefault' for z in _builtin_zones()],
        *[f'    local-zone: "{_absolute(z)}" transparent' for z in servfail_zones],
        *[f"    local-data: '{_checked_record(r)}'" for r in records],
        # Replaces the compiled-in root hints, so that even a query that
        # reaches the iterator has nowhere real to go.
        "stub-zone:",
        '    name: "."',
        "    stub-addr: 127.0.0.1@1",
        "remote-control:",
        "    control-enable: no",
    ]
    return "\n".join(lines) + "\n"


def _absolute(name):
    return name if name.endswith(".") else name + "."


def _checked_record(record):
    # local-data is written in single quotes so that TXT data may hold
    # double quotes; a single quote or newline would break the config.
    if "'" in record or "\n" in record:
        raise ValueError(f"record cannot hold a single quote or newline: {record!r}")
    return record


# --- Running unbound ---------------------------------------------------------

class UnboundError(RuntimeError):
    """unbound did not start answering; the message holds its log."""


def _require_unbound():
    if not os.access(UNBOUND, os.X_OK):
        raise FileNotFoundError(f"{UNBOUND} is missing: apt-get install -y unbound")


def _spawn_unbound(config_path, log_path):
    with open(log_path, "ab") as log:
        # -d: stay in the foreground, so that we own the process; -p: no pidfile.
        return subprocess.Popen([UNBOUND, "-d", "-p", "-c", str(config_path)],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def _wait_until_answering(proc, address, port, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise UnboundError(f"unbound exited with status {proc.returncode} before answering "
                               f"on {address} port {port}; its log:\n{_read_log(log_path)}")
        try:
            query(port, ".", "SOA", address=address, timeout=0.2)
            return
        except OSError:
            pass  # not listening yet (refused) or not answering yet (timeout)
        if time.monotonic() > deadline:
            raise UnboundError(f"unbound did not answer on {address} port {port} within "
                               f"{STARTUP_TIMEOUT}s; its log:\n{_read_log(log_path)}")
        time.sleep(0.02)


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _read_log(log_path):
    try:
        return Path(log_path).read_text(errors="replace")
    except OSError:
        return "(no log)"


def free_udp_tcp_port():
    """A loopback port free for both TCP and UDP right now."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise OSError("no free loopback port for both TCP and UDP")


@dataclass
class DnsServer:
    address: str
    port: int
    config_path: Path
    log_path: Path
    process: subprocess.Popen

    def query(self, name, qtype, **kwargs):
        """query() against this server: (rcode, [rdata text])."""
        return query(self.port, name, qtype, address=self.address, **kwargs)

    def log(self):
        return _read_log(self.log_path)


@contextlib.contextmanager
def unbound_server(records, port=None, servfail_zones=()):
    """Runs unbound on 127.0.0.1 (UDP and TCP) serving `records`; yields a
    DnsServer once it answers, and stops it on exit. See the module
    docstring for what it answers. If the body raises, unbound's log is
    written to stderr, which pytest shows with the failure."""
    _require_unbound()
    workdir = Path(tempfile.mkdtemp(prefix="dnsenv-"))
    try:
        server = _start_on_loopback(records, port, servfail_zones, workdir)
        try:
            yield server
        except BaseException:
            print(f"--- unbound log ({server.address} port {server.port}) ---\n{server.log()}",
                  file=sys.stderr)
            raise
        finally:
            _stop(server.process)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _start_on_loopback(records, port, servfail_zones, workdir):
    # A free port found here can be taken before unbound binds it; when we
    # chose the port, such a clash is worth another try on a new one.
    attempts = 1 if port is not None else 3
    for attempt in range(attempts):
        chosen = port if port is not None else free_udp_tcp_port()
        config_path = workdir / "unbound.conf"
        config_path.write_text(unbound_config(records, ["127.0.0.1"], chosen, workdir, servfail_zones))
        log_path = workdir / f"unbound-{attempt}.log"
        proc = _spawn_unbound(config_path, log_path)
        try:
            _wait_until_answering(proc, "127.0.0.1", chosen, log_path)
        except UnboundError:
            _stop(proc)
            if attempt + 1 < attempts and "already in use" in _read_log(log_path):
                continue
            raise
        return DnsServer("127.0.0.1", chosen, config_path, log_path, proc)
    raise AssertionError("unreachable")


# --- The DNS namespace -------------------------------------------------------

# What the namespace runner itself needs; the command gets its own env.
_TOOL_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
_RUNNER_ENV = {"PATH": _TOOL_PATH, "LANG": "C", "LC_ALL": "C"}
_RUNNER_FLAG = "--dnsenv-namespace-runner"

# --pid with --fork and --kill-child is what makes cleanup certain: the
# runner is PID 1 of its own PID namespace, so when it ends, however it
# ends (even SIGKILLed because unshare was killed on a timeout), the
# kernel kills everything left in there: unbound, the command, and any
# child they forked. --mount-proc gives that namespace its own /proc.
_UNSHARE_FLAGS = ["--net", "--mount", "--propagation", "private",
                  "--pid", "--fork", "--kill-child", "--mount-proc"]


@functools.lru_cache(maxsize=None)
def namespace_unavailable_reason():
    """None if in_dns_namespace can work here, else why not (for a skip)."""
    if os.geteuid() != 0:
        return "in_dns_namespace needs root (unshare of network and mount namespaces)"
    for tool in ("unshare", "ip", "mount"):
        if shutil.which(tool, path=_TOOL_PATH) is None:
            return f"in_dns_namespace needs `{tool}` (util-linux / iproute2)"
    probe = subprocess.run(["unshare", *_UNSHARE_FLAGS, "true"], capture_output=True,
                           env=_RUNNER_ENV, timeout=30)
    if probe.returncode != 0:
        return f"unshare cannot create namespaces here: {probe.stderr.decode(errors='replace').strip()}"
    return None


def in_dns_namespace(argv, records, hosts_lines=None, input=None, env=None, timeout=60,
                     cwd=None, servfail_zones=()):
    """Runs argv where the system resolver sees only unbound serving
    `records` (see the module docstring). `env` defaults to this process's
    environment; stdin is empty unless `input` (str or bytes) is given.

    Returns a CompletedProcess (stdout/stderr as text, surrogate-escaped)
    with the command's exit status (128+N if killed by signal N) and an
    extra .dns_log attribute. Raises subprocess.TimeoutExpired after
    `timeout` seconds (everything in the namespace is killed by then), and
    RuntimeError if the namespace or unbound could not be set up.
    """
    reason = namespace_unavailable_reason()
    if reason is not None:
        raise RuntimeError(reason)
    _require_unbound()
    argv = [str(a) for a in argv]
    # After a timeout, unbound may still be dying as the directory goes.
    with tempfile.TemporaryDirectory(prefix="dnsenv-ns-", ignore_cleanup_errors=True) as tmp:
        tmp = Path(tmp)
        spec = _write_namespace_spec(tmp, argv, records, hosts_lines, env, cwd, servfail_zones)
        if isinstance(input, str):
            input = input.encode("utf-8", "surrogateescape")
        runner = ["unshare", *_UNSHARE_FLAGS, sys.executable, "-I", __file__, _RUNNER_FLAG, str(spec)]
        try:
            proc = subprocess.run(runner, input=input, capture_output=True, timeout=timeout,
                                  env=_RUNNER_ENV,
                                  stdin=subprocess.DEVNULL if input is None else None)
        except subprocess.TimeoutExpired as exc:
            raise subprocess.TimeoutExpired(argv, timeout, _text(exc.stdout), _text(exc.stderr)) from None
        dns_log = _read_log(tmp / "unbound.log")
        if not (tmp / "ready").exists():
            raise RuntimeError(f"the DNS namespace could not be set up (status {proc.returncode}):\n"
                               f"{_text(proc.stderr)}\nunbound log:\n{dns_log}")
        result = subprocess.CompletedProcess(argv, proc.returncode, _text(proc.stdout), _text(proc.stderr))
        result.dns_log = dns_log
        return result


def _text(data):
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "surrogateescape")


def _write_namespace_spec(tmp, argv, records, hosts_lines, env, cwd, servfail_zones):
    """Writes the files the runner bind-mounts, and the spec it reads."""
    resolv = tmp / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.1\n")
    hosts = tmp / "hosts"
    hosts.write_text("".join(f"{line}\n" for line in (hosts_lines or ["127.0.0.1 localhost"])))
    # Read through the bind mount by whatever user the command becomes.
    for path in (resolv, hosts):
        path.chmod(0o644)
    spec = {
        "argv": argv,
        "env": dict(os.environ) if env is None else {str(k): str(v) for k, v in env.items()},
        "cwd": None if cwd is None else str(cwd),
        "records": [_checked_record(r) for r in records],
        "servfail_zones": list(servfail_zones),
        "dir": str(tmp),
        "resolv_conf": str(resolv),
        "hosts": str(hosts),
    }
    path = tmp / "spec.json"
    path.write_text(json.dumps(spec))
    return path


def _namespace_runner(spec_path):
    """Inside the namespaces: set up, serve DNS, run the command, clean up.
    Its own messages go to stderr prefixed "dnsenv:"; stdout is the
    command's alone."""
    spec = json.loads(Path(spec_path).read_text())
    workdir = Path(spec["dir"])
    try:
        _setup_namespace(spec)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"dnsenv: namespace setup failed: {exc}", file=sys.stderr)
        return 125
    addresses = ["127.0.0.1", "::1"] if _loopback_has_ipv6() else ["127.0.0.1"]
    config_path = workdir / "unbound.conf"
    config_path.write_text(unbound_config(spec["records"], addresses, 53, workdir, spec["servfail_zones"]))
    log_path = workdir / "unbound.log"
    unbound = _spawn_unbound(config_path, log_path)
    try:
        _wait_until_answering(unbound, "127.0.0.1", 53, log_path)
        (workdir / "ready").touch()
        return _run_command(spec)
    except UnboundError as exc:
        print(f"dnsenv: {exc}", file=sys.stderr)
        return 125
    finally:
        _stop(unbound)


def _setup_namespace(spec):
    def run(*argv):
        subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)

    run("ip", "link", "set", "lo", "up")
    # The mount namespace is private, so these mounts vanish with it and
    # the machine's own files are never touched.
    run("mount", "--bind", spec["resolv_conf"], "/etc/resolv.conf")
    run("mount", "--bind", spec["hosts"], "/etc/hosts")


def _loopback_has_ipv6():
    try:
        text = Path("/proc/net/if_inet6").read_text()
    except OSError:
        return False
    return any(line.split()[0] == "0" * 31 + "1" for line in text.splitlines() if line.strip())


def _run_command(spec):
    try:
        proc = subprocess.run(spec["argv"], env=spec["env"], cwd=spec["cwd"])
    except OSError as exc:
        print(f"dnsenv: cannot run {spec['argv'][0]}: {exc}", file=sys.stderr)
        return 127
    return proc.returncode if proc.returncode >= 0 else 128 - proc.returncode


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == _RUNNER_FLAG:
    sys.exit(_namespace_runner(sys.argv[2]))
