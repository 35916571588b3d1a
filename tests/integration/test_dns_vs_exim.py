"""Differential tests of everything that asks the DNS, against Exim 4.96.

Both programs run inside a network + mount namespace (dnsenv.in_dns_namespace)
where /etc/resolv.conf points at an unbound that serves the records below and
nothing else: Exim through the C library, Corvid through its own resolver
reading the same resolv.conf. No query ever leaves the namespace.

* corpus/smtp_dns/*.dlg: SMTP dialogues as in test_smtp_vs_exim.py ("# host:"
  picks the client address), run by `-bh` with CONFIG: host name lookups
  (host_lookup, forged and missing PTRs, a PTR lookup that fails), HELO
  verification (helo_verify_hosts, verify = helo), verify =
  reverse_host_lookup, "*.domain" host lists, dnslists (value restrictions,
  domain keys, non-127 answers, unknown-handling), and a PROXY header whose
  client is looked up afresh.
* ${lookup dnsdb}: the record types, separators and defer modes, by -be.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import dnsenv
from conftest import assert_lines_match
from test_smtp_vs_exim import load_dialogue, dialogue_host, log_lines, normalise

CORPUS = Path(__file__).parent / "corpus" / "smtp_dns"

RECORDS = [
    # 127.0.0.2: PTR and A agree.
    "2.0.0.127.in-addr.arpa. IN PTR good.test.",
    "good.test. IN A 127.0.0.2",
    # 127.0.0.3: the PTR names a host whose address is another.
    "3.0.0.127.in-addr.arpa. IN PTR liar.test.",
    "liar.test. IN A 127.0.0.99",
    # 127.0.0.4: two names, the second one verifies.
    "4.0.0.127.in-addr.arpa. IN PTR other.test.",
    "4.0.0.127.in-addr.arpa. IN PTR alias.test.",
    "alias.test. IN A 127.0.0.4",
    "helo.test. IN A 127.0.0.4",
    # 127.0.0.5 has no PTR at all; 127.0.0.6's PTR lookup fails (servfail).
    # A DNS black list.
    "2.0.0.127.bl.test. IN A 127.0.0.2",
    '2.0.0.127.bl.test. IN TXT "listed here" "second string"',
    "3.0.0.127.bl.test. IN A 127.0.0.4",
    "5.0.0.127.bl.test. IN A 10.0.0.1",
    "spam.example.bl.test. IN A 127.0.0.3",
    '4.0.0.127.white.test. IN A 127.0.0.10',
    # dnsdb material.
    "test. IN MX 10 good.test.",
    "mx2.test. IN MX 20 liar.test.",
    "mx2.test. IN MX 20 liar.test.",
    "v6.test. IN AAAA 2001:db8::25",
    "v6.test. IN A 127.0.0.25",
    '_smtp._tcp.test. IN SRV 1 2 25 good.test.',
    '_25._tcp.good.test. IN TLSA 3 1 1 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20',
    'txt.test. IN TXT "v=spf1 -all"',
    "alias2.test. IN CNAME good.test.",
    # An IPv6 client: PTR, AAAA and a nibble-reversed black list entry.
    dnsenv.reverse_name("2001:db8::5") + ". IN PTR v6host.test.",
    "v6host.test. IN AAAA 2001:db8::5",
    dnsenv.reverse_name("2001:db8::5")[: -len(".ip6.arpa")] + ".bl.test. IN A 127.0.0.2",
]
SERVFAIL = ["6.0.0.127.in-addr.arpa.", "slow.test."]

CONFIG = r"""
primary_hostname = mx.test.example
smtp_banner = $smtp_active_hostname ESMTP test banner
spool_directory = @TMP@/spool
log_file_path = @TMP@/log/%slog
host_lookup = <; 127.0.0.0/29 ; 127.0.0.9 ; 2001:db8::/64
helo_verify_hosts = 127.0.0.4
helo_try_verify_hosts = 127.0.0.5
rfc1413_hosts =
tls_advertise_hosts =
pipelining_connect_advertise_hosts =
smtputf8_advertise_hosts =
hosts_proxy = 127.0.0.9
keep_environment =
domainlist local_domains = test.example
acl_smtp_connect = connect
acl_smtp_helo = helo
acl_smtp_mail = mail
acl_smtp_rcpt = rcpt

begin acl

connect:
  warn    log_message = connect: name=<$sender_host_name> failed=$host_lookup_failed \
                        deferred=$host_lookup_deferred fullhost=$sender_fullhost
  accept

helo:
  warn    !verify = helo
          log_message = HELO $sender_helo_name does not verify
  accept

mail:
  warn    !verify = reverse_host_lookup
          log_message = reverse lookup: $acl_verify_message
  warn    hosts = *.test
          log_message = in *.test as $sender_host_name
  warn    hosts = !alias.test
          log_message = not alias.test
  accept

rcpt:
  defer   recipients = defer@test.example
          dnslists = +defer_unknown : slow.test
          message = list unavailable
  accept  recipients = include@test.example
          dnslists = +include_unknown : slow.test
          message = unknown counts as listed
  warn    dnslists = bl.test
          log_message = plain list: $dnslist_value
  accept  dnslists = white.test&0.0.0.2
          log_message = whitelisted by $dnslist_domain
  deny    dnslists = bl.test=127.0.0.2 : bl.test/$sender_address_domain
          message = $dnslist_domain lists $dnslist_matched: $dnslist_value ($dnslist_text)
  deny    dnslists = bl.test==127.0.0.4,127.0.0.5
          message = all-values match: $dnslist_value
  accept  domains = +local_domains
  deny    message = relay not permitted
"""


def namespace_or_skip():
    reason = dnsenv.namespace_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)


@pytest.fixture
def dns_config(tmp_path):
    # Exim drops to its own user for the spool and logs (see
    # test_smtp_vs_exim.py), so they live in a directory anyone may enter.
    shared = Path(tempfile.mkdtemp(prefix="corvid-dns-"))
    os.chmod(shared, 0o777)
    for sub in ("spool", "log"):
        (shared / sub).mkdir()
        os.chmod(shared / sub, 0o777)
    path = tmp_path / "dns.conf"
    path.write_text(CONFIG.replace("@TMP@", str(shared)))
    os.chmod(tmp_path, 0o755)
    yield path
    shutil.rmtree(shared, ignore_errors=True)


def run_in_namespace(binary, config, args, text=None):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
    proc = dnsenv.in_dns_namespace([binary, "-C", config, *args], RECORDS, input=text, env=env,
                                   servfail_zones=SERVFAIL, timeout=60)
    return proc.stdout, proc.stderr


DIALOGUES = sorted(CORPUS.glob("*.dlg"))


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[p.stem for p in DIALOGUES])
def test_dialogue_with_dns_matches_exim(dialogue, dns_config, corvid_bin, exim_bin):
    namespace_or_skip()
    text = load_dialogue(dialogue)
    host = dialogue_host(dialogue)
    exim_out, exim_err = run_in_namespace(exim_bin, dns_config, ["-bh", host], text)
    corvid_out, corvid_err = run_in_namespace(corvid_bin, dns_config, ["-bh", host], text)
    want = normalise(exim_out).split("\n") + log_lines(exim_err)
    got = normalise(corvid_out).split("\n") + log_lines(corvid_err)
    assert_lines_match(f"smtp_dns/{dialogue.name}", want, got)


DNSDB = [
    "${lookup dnsdb{a=good.test}}",
    "${lookup dnsdb{a=alias2.test}}",
    "${lookup dnsdb{cname=alias2.test}}",
    "${lookup dnsdb{mx=test}}",
    "${lookup dnsdb{mxh=test}}",
    "${lookup dnsdb{>: mxh=test:mx2.test}}",
    "${lookup dnsdb{txt=2.0.0.127.bl.test}}",
    "${lookup dnsdb{>|,; txt=2.0.0.127.bl.test}}",
    "${lookup dnsdb{>|; txt=2.0.0.127.bl.test}}",
    "${lookup dnsdb{2.0.0.127.bl.test}}",
    "${lookup dnsdb{ptr=2001:db8::5}}",
    "${lookup dnsdb{spf=txt.test}{$value}{none}}",
    "${lookup dnsdb{ptr=127.0.0.2}}",
    "${lookup dnsdb{ptr=2.0.0.127.in-addr.arpa}}",
    "${lookup dnsdb{aaaa=v6.test}}",
    "${lookup dnsdb{>, a=good.test:v6.test:nothere.test}}",
    "${lookup dnsdb{<; a=good.test;v6.test}}",
    "${lookup dnsdb{srv=_smtp._tcp.test}}",
    "${lookup dnsdb{tlsa=_25._tcp.good.test}}",
    "${lookup dnsdb{a=nothere.test}{found}{not found}}",
    "${lookup dnsdb{mx=good.test}{found}{no MX}}",
    "${lookup dnsdb{a=x.slow.test}{found}{not found}}",
    "${lookup dnsdb{defer_never,a=x.slow.test}{found}{not found}}",
    "${lookup dnsdb{defer_lax,a=x.slow.test:good.test}{$value}{not found}}",
    "${lookup dnsdb{defer_strict,a=x.slow.test:good.test}{$value}{not found}}",
    "${lookup dnsdb{a=good.test}{${lookup dnsdb{ptr=$value}}}}",
]


def test_dnsdb_matches_exim(dns_config, corvid_bin, exim_bin):
    namespace_or_skip()
    exim_out, exim_err = run_in_namespace(exim_bin, dns_config, ["-be", *DNSDB])
    corvid_out, corvid_err = run_in_namespace(corvid_bin, dns_config, ["-be", *DNSDB])
    want = (exim_out + exim_err).split("\n")
    got = (corvid_out + corvid_err).split("\n")
    assert_lines_match("dnsdb", want, got)
