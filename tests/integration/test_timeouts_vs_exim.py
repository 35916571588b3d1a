"""smtp_receive_timeout against Exim 4.96: a client that stops sending in
the middle of a command exchange or of the message data gets the same
421 and the same log line from `corvid -bh` as from `exim4 -bh` (the
input is held open, so only the timeout can end the wait), and a client
that goes away during DATA is answered and logged alike."""

import subprocess
import time

import pytest

from test_smtp_vs_exim import log_lines, normalise, smtp_config  # noqa: F401 (fixture)

CASES = {
    "command": "EHLO x.example\r\nMAIL FROM:<a@b.example>\r\n",
    "data": "EHLO x.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n"
            "Subject: x\r\n\r\npartial",
}


def run(binary, config, text, hold):
    proc = subprocess.Popen([str(binary), "-C", str(config), "-bh", "10.0.0.1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(text.encode())
    proc.stdin.flush()
    if hold:
        time.sleep(1.6)  # beyond smtp_receive_timeout = 1s
    proc.stdin.close()
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.wait(timeout=30)
    return normalise(out.decode()).split("\n") + log_lines(err.decode())


@pytest.mark.parametrize("hold", [True, False], ids=["timeout", "lost"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_timeout_matches_exim(case, hold, smtp_config, corvid_bin, exim_bin):
    if case == "command" and not hold:
        pytest.skip("covered by corpus/smtp/lost_connection.dlg")
    config = smtp_config.parent / "timeout.conf"
    config.write_text("smtp_receive_timeout = 1s\n" + smtp_config.read_text())
    want = run(exim_bin, config, CASES[case], hold)
    got = run(corvid_bin, config, CASES[case], hold)
    assert got == want
