"""The one-time QR hand-off: served on 127.0.0.1 only, fetched with a real HTTP client, QR decoded again.

No test sends traffic anywhere but the loopback address: the choice of the
default (network) address is tested with the socket layer faked.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import zxingcpp
from ical.calendar_stream import IcsCalendarStream
from PIL import Image

from aftercare_cli.errors import UsageError
from aftercare_cli.handoff import server as server_module
from aftercare_cli.handoff.qr import qr_lines, qr_matrix
from aftercare_cli.handoff.server import GRACE_SECONDS, OneTimeServer, bind_address, local_address

LOOPBACK = "127.0.0.1"
AT = ("--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland")
DATA = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def serving(server: OneTimeServer, wait: float = 30) -> tuple[threading.Thread, list[object]]:
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(server.serve(wait)), daemon=True)
    thread.start()
    return thread, result


def test_the_one_path_serves_the_file_with_the_right_headers_and_nothing_else_answers() -> None:
    with OneTimeServer(DATA, LOOPBACK) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{22}", server.url)
        thread, result = serving(server)
        base = server.url.rsplit("/", 1)[0]
        for wrong in (base + "/" + "A" * 22, base + "/", base + "/favicon.ico", server.url + "/", server.url + "?x"):
            assert fetch(wrong)[0::2] == (404, b"")
        assert fetch(server.url, "POST")[0::2] == (404, b"")
        assert fetch(server.url, "DELETE")[0::2] == (404, b"")
        status, headers, body = fetch(server.url, "HEAD")
        assert (status, body, server.downloads) == (200, b"", [])  # a HEAD is not a delivery
        status, headers, body = fetch(server.url)
        assert (status, body) == (200, DATA)
        assert headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert headers["Content-Disposition"] == 'attachment; filename="aftercare.ics"'
        assert headers["Cache-Control"] == "no-store"
        assert headers["Server"] == "aftercare"
        started = time.monotonic()
        thread.join(GRACE_SECONDS + 5)
        assert not thread.is_alive() and time.monotonic() - started <= GRACE_SECONDS + 1
        (delivery,) = result
        assert delivery is not None and delivery.address == LOOPBACK  # type: ignore[attr-defined]
    with pytest.raises(OSError):  # the port is closed: nothing is left listening
        http.client.HTTPConnection(LOOPBACK, int(server.url.split(":")[2].split("/")[0]), timeout=2).request("GET", "/")


def test_a_few_requests_after_the_download_end_it_early() -> None:
    with OneTimeServer(DATA, LOOPBACK) as server:
        thread, result = serving(server)
        for _ in range(4):  # Safari's double fetch and a couple more
            fetch(server.url)
        thread.join(3)
        assert not thread.is_alive() and result[0] is not None


def test_nothing_fetched_means_no_delivery() -> None:
    with OneTimeServer(DATA, LOOPBACK) as server:
        assert server.serve(0.5) is None


class _Run:
    """`aftercare plan ...` running: stdout goes to a file, so a plan of any size never blocks it before the URL."""

    def __init__(self, *args: str) -> None:
        self.out = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in finish)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aftercare_cli", "plan", *AT, *args],
            stdout=self.out,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "80"},
        )

    def finish(self, timeout: float) -> tuple[str, str]:
        """All of stdout, and the rest of stderr, read through the file object the URL was read from."""
        assert self.process.stderr is not None
        err = self.process.stderr.read()
        self.process.wait(timeout)
        self.out.seek(0)
        with self.out:
            return self.out.read(), err


def _read_until_url(run: _Run) -> tuple[list[str], str]:
    process = run.process
    lines: list[str] = []
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line.rstrip("\n"))
        if line.startswith("http://"):
            return lines, line.strip()
    raise AssertionError("no URL printed: " + "\n".join(lines))


def decode_printed(lines: list[str]) -> str:
    """Read the printed half-block code back into modules, draw it, and decode it as a phone would."""
    light = {"\u2588": (True, True), "\u2580": (True, False), "\u2584": (False, True), " ": (False, False)}
    rows: list[list[bool]] = []
    for line in lines:
        pairs = [light[char] for char in line]
        rows.append([not top for top, _ in pairs])
        rows.append([not bottom for _, bottom in pairs])
    return _decode(rows)


def _decode(rows: list[list[bool]]) -> str:
    scale = 8
    image = Image.new("L", (len(rows[0]) * scale, len(rows) * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return str(found[0].text)


def test_the_cli_serves_the_same_calendar_once_and_the_printed_qr_decodes_to_the_url(tmp_path: Path) -> None:
    written = tmp_path / "plan.ics"
    run = _Run(
        "--format", "json", "--discreet", "--ics", str(written), "--qr", "--qr-bind", LOOPBACK, "--qr-wait", "60"
    )
    process = run.process
    try:
        printed, url = _read_until_url(run)
        code_lines = [line for line in printed if line and set(line) <= set("\u2588\u2580\u2584 ")]
        assert 15 <= len(code_lines) <= 21  # compact: a version-4 code in about 20 lines
        assert decode_printed(code_lines) == url
        status, headers, body = fetch(url)
        assert status == 200
        expected = subprocess.run(
            [sys.executable, "-m", "aftercare_cli", "plan", *AT, "--discreet", "--ics", "-"],
            capture_output=True,
            check=True,
        ).stdout
        stamp = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z")
        assert stamp.sub(b"", body) == stamp.sub(b"", expected)
        assert body == written.read_bytes()  # the phone gets the very file of this run, timestamp and all
        assert b"Aftercare reminder" in body and b"SUMMARY:Apply" not in body
        events = IcsCalendarStream.calendar_from_ics(body.decode("utf-8")).events  # a strict reader parses it
        assert len(events) == body.count(b"BEGIN:VEVENT") > 40
        out, err = run.finish(GRACE_SECONDS + 10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert out.startswith("{")  # the plan still went to stdout
    assert "Delivered to 127.0.0.1; the link no longer works." in err
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)
    assert "iPhone: scan it with the Camera, open the link in Safari, tap Add All." in err
    assert "Android: open the downloaded file with the free ICSx5 app." in err
    # The code, its link and the three lines below it fit an 80x24 screen (with the cursor's line).
    assert len(code_lines) + 1 + len(err.splitlines()[:3]) <= 23


def test_the_wait_runs_out_with_the_likely_causes_and_the_other_routes() -> None:
    run = _Run("--qr", "--qr-bind", LOOPBACK, "--qr-wait", "1")
    _, err = run.finish(30)
    assert run.process.returncode == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith("aftercare: error: the phone did not fetch the plan within 1 s")
    for words in ("clinic's network", "guest Wi-Fi", "--ics plan.ics by email", "--handout"):
        assert words in last


def test_ctrl_c_ends_the_wait_with_130_and_frees_the_port() -> None:
    run = _Run("--qr", "--qr-bind", LOOPBACK, "--qr-wait", "60")
    _, url = _read_until_url(run)
    run.process.send_signal(signal.SIGINT)
    _, err = run.finish(20)
    assert run.process.returncode == 130 and "interrupted" in err
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_the_coloured_code_decodes_too() -> None:
    url = "http://192.168.100.200:54321/AbCdEfGhIjKlMnOpQrStUv"
    rows: list[list[bool]] = []
    for line in qr_lines(url, color=True):
        cells = re.findall(r"\x1b\[(\d+);(\d+)m\u2580", line)
        rows.append([top == "30" for top, _ in cells])
        rows.append([bottom == "40" for _, bottom in cells])
    assert _decode(rows) == url
    assert len(qr_lines(url, color=True)) <= 21 and len(qr_matrix(url)) == 37  # version 4 with its quiet zone


class FakeSocket:
    """Stands in for the UDP probe: records what it was asked, sends nothing."""

    connected: list[tuple[str, int]] = []
    answer: object = ("192.168.1.23", 40000)

    def __init__(self, *_: object) -> None:
        pass

    def connect(self, address: tuple[str, int]) -> None:
        FakeSocket.connected.append(address)
        if isinstance(self.answer, OSError):
            raise self.answer

    def getsockname(self) -> object:
        return self.answer

    def close(self) -> None:
        pass


def test_the_default_address_comes_from_the_routing_table_without_traffic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module.socket, "socket", FakeSocket)
    FakeSocket.connected = []
    FakeSocket.answer = ("192.168.1.23", 40000)
    assert local_address() == "192.168.1.23"
    assert FakeSocket.connected == [("192.0.2.1", 9)]  # a documentation address, UDP: no packet leaves
    for answer in (("127.0.0.1", 1), ("0.0.0.0", 1), OSError("Network is unreachable")):
        FakeSocket.answer = answer
        with pytest.raises(UsageError, match="no address on a local network"):
            local_address()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("0.0.0.0", "every interface"), ("::", "every interface"), ("desk", "not an IP address"), ("", "not an IP")],
)
def test_a_bind_address_is_one_real_address(text: str, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        bind_address(text)
    assert bind_address(" 192.168.1.20 ") == "192.168.1.20"
