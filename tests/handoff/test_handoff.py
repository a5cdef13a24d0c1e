"""The one-time QR hand-off: served on 127.0.0.1 only, fetched with a real HTTP client, QR decoded again.

No test sends traffic anywhere but the loopback address: the choice of the
default (network) address is tested with the socket layer faked.
"""

import contextlib
import http.client
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import ClassVar

import pytest
import zxingcpp
from ical.calendar_stream import IcsCalendarStream
from PIL import Image

from aftercare_cli.errors import OutputError, UsageError
from aftercare_cli.handoff import server as server_module
from aftercare_cli.handoff.qr import qr_lines, qr_matrix
from aftercare_cli.handoff.server import GRACE_SECONDS, Delivery, OneTimeServer, bind_address, local_address

LOOPBACK = "127.0.0.1"
GRACE = 0.3  # the tests' grace period: the real one (5 s) is the same code, waited for longer
AT = ("--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland")
DATA = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def serving(server: OneTimeServer, wait: float = 30) -> tuple[threading.Thread, list[Delivery | None]]:
    result: list[Delivery | None] = []
    thread = threading.Thread(target=lambda: result.append(server.serve(wait)), daemon=True)
    thread.start()
    return thread, result


def test_the_one_path_serves_the_file_with_the_right_headers_and_nothing_else_answers() -> None:
    with OneTimeServer(DATA, LOOPBACK, grace=GRACE) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{22}", server.url)
        thread, result = serving(server)
        base = server.url.rsplit("/", 1)[0]
        port = int(base.rsplit(":", 1)[1])
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
        thread.join(GRACE + 5)
        assert not thread.is_alive()
        assert time.monotonic() - started <= GRACE + 1
        (delivery,) = result
        assert delivery is not None
        assert delivery.address == LOOPBACK
    with pytest.raises(ConnectionRefusedError):  # the port is closed: nothing is left listening
        http.client.HTTPConnection(LOOPBACK, port, timeout=2).request("GET", "/")


def test_a_few_requests_after_the_download_end_it_early() -> None:
    with OneTimeServer(DATA, LOOPBACK) as server:
        thread, result = serving(server)
        for _ in range(4):  # Safari's double fetch and a couple more
            fetch(server.url)
        thread.join(3)
        assert not thread.is_alive()
        assert result[0] is not None


def test_nothing_fetched_means_no_delivery() -> None:
    with OneTimeServer(DATA, LOOPBACK) as server:
        assert server.serve(0.5) is None


class _Run:
    """`aftercare plan ...` running: stdout goes to a file, so a plan of any size never blocks it before the URL."""

    def __init__(self, *args: str) -> None:
        self.out = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115  # closed with the fake stream
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aftercare_cli", "plan", *AT, "--yes", *args],  # a script: no check first
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
        status, _, body = fetch(url)
        assert status == 200
        for _ in range(3):  # Safari's second fetch and two more: the server stops without waiting out its grace
            fetch(url, "HEAD")
        expected = subprocess.run(
            [sys.executable, "-m", "aftercare_cli", "plan", *AT, "--discreet", "--ics", "-"],
            capture_output=True,
            check=True,
        ).stdout
        # Made a moment apart, maybe across a minute: the stamps and the calendar's name ("Aftercare 09:31", the
        # clock it was made at) may differ; everything else is the same calendar.
        stamp = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z|Aftercare \d\d:\d\d")
        assert stamp.sub(b"", body) == stamp.sub(b"", expected)
        assert body == written.read_bytes()  # the phone gets the very file of this run, timestamp and all
        assert b"Aftercare reminder" in body
        assert b"SUMMARY:Apply" not in body
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
    assert "iPhone: Camera, open in Safari, Add All into a new calendar “Aftercare”." in err
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
    assert run.process.returncode == 130
    assert "interrupted" in err
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
    assert len(qr_lines(url, color=True)) <= 21
    assert len(qr_matrix(url)) == 37


class FakeSocket:
    """Stands in for the UDP probe: records what it was asked, sends nothing."""

    connected: ClassVar[list[tuple[str, int]]] = []
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
    monkeypatch.setattr(socket, "socket", FakeSocket)
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


@pytest.mark.parametrize(
    "text", ["::ffff:0.0.0.0", "::FFFF:0:0", "::ffff:0.0.0.0%eth0", "0:0::0", "0000::", "::0.0.0.0", "::%1"]
)
def test_every_spelling_of_every_interface_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="that is every interface"):
        bind_address(text)


def test_a_scope_id_with_an_escape_sequence_is_refused_and_shown_escaped() -> None:
    with pytest.raises(UsageError) as caught:
        bind_address("fe80::1%\x1b]0;owned\x07")
    line = caught.value.line()
    assert "\x1b" not in line
    assert "\x07" not in line
    assert "fe80::1%\\x1b]0;owned\\x07" in line
    assert "the scope id is not an interface's name" in line
    assert bind_address("fe80::1%eth0") == "fe80::1%eth0"  # an interface's name is a scope id


def _server(**limits: float) -> OneTimeServer:
    return OneTimeServer(DATA, LOOPBACK, grace=GRACE, **limits)  # type: ignore[arg-type]


def _address(server: OneTimeServer) -> tuple[str, int]:
    host, port = server.listener.getsockname()[:2]
    return str(host), int(port)


def _trickle(address: tuple[str, int], stop: threading.Event, sent: list[int]) -> None:
    """A client sending its request one byte at a time, 10 a second, for at most 20 s or until cut off."""
    with socket.create_connection(address, timeout=5) as client:
        for byte in b"GET /" + b"x" * 199:
            if stop.is_set():
                return
            try:
                client.send(bytes([byte]))
            except OSError:  # the server closed it: the wait is over
                return
            sent.append(byte)
            time.sleep(0.1)


def _closed_by_server(client: socket.socket) -> bool:
    client.settimeout(3)
    try:
        return client.recv(1) == b""
    except ConnectionResetError:
        return True


def test_a_slow_client_does_not_hold_up_the_phone() -> None:
    stop = threading.Event()
    with _server(request_seconds=60) as server:  # its own limit far away: only threads can explain the phone's luck
        thread, result = serving(server, wait=30)
        sent: list[int] = []
        slow = threading.Thread(target=_trickle, args=(_address(server), stop, sent), daemon=True)
        slow.start()
        for _ in range(50):  # until the slow client is under way
            if sent:
                break
            time.sleep(0.05)
        status, _, body = fetch(server.url)  # within urllib's 10 s, while the slow client still sends
        assert (status, body) == (200, DATA)
        assert slow.is_alive()
        thread.join(GRACE + 5)
        assert not thread.is_alive()
        assert result[0] is not None
    stop.set()
    slow.join(5)


def test_the_wait_is_a_deadline_whatever_a_slow_client_does() -> None:
    stop = threading.Event()
    with _server(request_seconds=60) as server:
        sent: list[int] = []
        slow = threading.Thread(target=_trickle, args=(_address(server), stop, sent), daemon=True)
        slow.start()
        started = time.monotonic()
        assert server.serve(1.0) is None
        assert time.monotonic() - started <= 1.0 + 2  # the deadline holds while the client still trickles
        slow.join(5)  # and the client was cut off: its next byte failed
        assert not slow.is_alive()
    stop.set()
    assert len(sent) < 100


def test_idle_connections_do_not_delay_the_phone_and_their_number_is_bounded() -> None:
    with _server(request_seconds=60, max_connections=4) as server:
        thread, result = serving(server, wait=30)
        idle = [socket.create_connection(_address(server), timeout=5) for _ in range(10)]
        try:
            for _ in range(100):  # until the server has let them in (it keeps at most 4)
                if server.connections == 4:
                    break
                time.sleep(0.05)
            assert server.connections == 4
            status, _, body = fetch(server.url)  # a silent one made room for the phone
            assert (status, body) == (200, DATA)
            thread.join(GRACE + 5)
            assert result[0] is not None
            assert all(_closed_by_server(client) for client in idle)  # none is left open after the hand-off
        finally:
            for client in idle:
                client.close()


def _reset(client: socket.socket) -> None:
    """Close with a TCP reset, as a phone that drops off the Wi-Fi looks to the server."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()


def test_a_reset_mid_request_or_mid_download_is_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    big = b"BEGIN:VCALENDAR\r\n" + b"X" * 16_000_000  # more than the sockets' buffers: the answer is mid-way
    with OneTimeServer(big, LOOPBACK, grace=GRACE) as server:
        thread, result = serving(server)
        half = socket.create_connection(_address(server), timeout=5)
        half.sendall(b"GET /")
        _reset(half)
        reader = socket.create_connection(_address(server), timeout=5)
        reader.sendall(f"GET /{server.url.rsplit('/', 1)[1]} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert reader.recv(1000).startswith(b"HTTP/1.1 200 OK")
        _reset(reader)
        time.sleep(0.3)  # for the server to meet both resets
        assert server.downloads == []  # a broken download is not a delivery
        status, _, body = fetch(server.url)
        assert (status, len(body)) == (200, len(big))
        thread.join(GRACE + 5)
        assert result[0] is not None
    assert capfd.readouterr() == ("", "")  # no traceback, no line under the QR code


def _slow_client_until_exit(url: str, process: subprocess.Popen[str]) -> None:
    host, port = url.split("/")[2].rsplit(":", 1)
    with contextlib.suppress(OSError), socket.create_connection((host, int(port)), timeout=5) as client:
        for _ in range(200):  # one byte every 0.1 s, at most 20 s
            if process.poll() is not None:
                return
            client.send(b"G")
            time.sleep(0.1)


def test_the_cli_wait_is_a_deadline_with_a_slow_client_on_the_line() -> None:
    run = _Run("--qr", "--qr-bind", LOOPBACK, "--qr-wait", "1")
    _, url = _read_until_url(run)
    started = time.monotonic()
    slow = threading.Thread(target=_slow_client_until_exit, args=(url, run.process), daemon=True)
    slow.start()
    _, err = run.finish(30)
    assert time.monotonic() - started <= 1 + 3  # the wait, and the moment it takes to exit
    assert run.process.returncode == 1
    assert err.strip().splitlines()[-1].startswith("aftercare: error: the phone did not fetch the plan within 1 s")
    slow.join(5)


def test_sigterm_ends_the_wait_and_frees_the_port() -> None:
    run = _Run("--qr", "--qr-bind", LOOPBACK, "--qr-wait", "60")
    _, url = _read_until_url(run)
    run.process.send_signal(signal.SIGTERM)
    _, err = run.finish(20)
    assert run.process.returncode == 128 + signal.SIGTERM
    assert err.endswith("aftercare: error: stopped by SIGTERM\n")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_a_wait_that_is_not_a_number_is_a_bad_command_line(run_cli) -> None:
    code, out, err = run_cli("plan", *AT, "--qr", "--qr-bind", LOOPBACK, "--qr-wait", "nan")
    assert (code, out) == (2, "")
    assert err.startswith("aftercare: error: Invalid value for '--qr-wait': 'nan' is not a number of seconds")


def test_a_refused_address_leaves_no_file_behind(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.ics"
    code, _, err = run_cli("plan", *AT, "--ics", str(target), "--qr", "--yes", "--qr-bind", "::ffff:0.0.0.0")
    assert code == 2
    assert "every interface" in err
    assert not target.exists()

    def cannot_bind(*_: object, **__: object) -> None:  # as for an address that is not this computer's
        raise OutputError("cannot serve on 192.168.1.20: Cannot assign requested address", "give another")

    monkeypatch.setattr(server_module, "OneTimeServer", cannot_bind)
    code, _, err = run_cli("plan", *AT, "--ics", str(target), "--qr", "--yes", "--qr-bind", "192.168.1.20")
    assert code == 1
    assert "cannot serve on" in err
    assert not target.exists()  # so the corrected command does not meet "already exists"
