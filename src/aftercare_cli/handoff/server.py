"""Serve one file once, to one phone, over the clinic's network.

Practice for a one-time link on a local network:
- the URL's path is a random token (128 bits from `secrets`), compared in
  constant time, and never logged whole;
- exactly one path, GET and HEAD only: every other path or method is a 404
  with an empty body, so nothing about the plan leaks to a guess;
- a short life: after the first full download a few more requests are allowed
  within a grace period (Safari may fetch twice), then the server stops; it
  also stops when the wait runs out, on Ctrl-C and on any error, and its port
  is always closed;
- the wait is a deadline, whatever clients do: each connection is served on a
  thread of its own, with its own limits (its request within 5 s and 8 KiB,
  one request per connection), and at most 32 at once, the oldest silent one
  dropped for a newcomer; so a slow or silent client never holds up the
  phone, and when the wait is over every connection is closed;
- a client that goes away mid-request (a phone leaving the Wi-Fi, a reset) is
  forgotten without a word: the desk's screen shows the QR code, not a trace;
- bound to one address on purpose, never to "all interfaces" in any spelling;
- `Cache-Control: no-store`, and the attachment header that makes Safari on
  an iPhone offer "Add All" instead of a subscription.
"""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
import selectors
import socket
import threading
import time
from collections.abc import Callable

from aftercare_cli import option_names as opt
from aftercare_cli.errors import OutputError, UsageError
from aftercare_cli.escapes import escaped, has_unsafe
from aftercare_cli.frozen import frozen

TOKEN_BYTES = 16  # 128 bits
GRACE_SECONDS = 5.0
MAX_REQUESTS = 4  # the download and a few more within the grace period
REQUEST_SECONDS = 5.0  # a connection's whole request (line and headers) arrives within this, or it is closed
REQUEST_BYTES = 8 * 1024  # a phone's GET is well under 1 KiB
SEND_SECONDS = 10.0  # the answer's bytes may wait this long for room in a slow phone's window
MAX_CONNECTIONS = 32
_POLL = 0.2  # how often the wait loop looks at the clock
_LINGER_SECONDS = 1.0  # after answering, read what the client still sends, so the close is not a reset
# A documentation address (RFC 5737): "connecting" a UDP socket toward it only
# asks the routing table which local address faces the network; nothing is sent.
_ROUTE_PROBE = ("192.0.2.1", 9)


@frozen
class Delivery:
    """Who fetched the file, and how many requests were answered from the download on (it included)."""

    address: str  # the phone's address
    requests: int


def local_address() -> str:
    """This machine's address on its local network, chosen without sending any traffic."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(_ROUTE_PROBE)  # UDP: sets the route, sends no packet
        address = str(probe.getsockname()[0])
    except OSError:
        address = ""
    finally:
        probe.close()
    if not address or ipaddress.ip_address(address).is_loopback or address == "0.0.0.0":
        raise UsageError(
            "this computer has no address on a local network for the phone to reach",
            f"connect it to the clinic's network, or give {opt.QR_BIND} ADDRESS",
        )
    return address


def bind_address(text: str) -> str:
    """A `--qr-bind` value: one IP address, never "all interfaces" (`0.0.0.0`, `::`, `::ffff:0.0.0.0`, ...)."""
    shown = escaped(text)
    example = f"e.g. {opt.QR_BIND} 192.168.1.20"
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        raise UsageError(f"{opt.QR_BIND} '{shown}' is not an IP address", f"give one, {example}") from None
    if has_unsafe(str(address)):  # an IPv6 scope id may be any text
        raise UsageError(f"{opt.QR_BIND} '{shown}': the scope id is not an interface's name", f"give one, {example}")
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:0.0.0.0 is IPv4's "every interface" over IPv6
    if address.is_unspecified or (mapped is not None and mapped.is_unspecified):
        raise UsageError(
            f"{opt.QR_BIND} {shown}: that is every interface",
            "give the one address the phone reaches, e.g. 192.168.1.20",
        )
    return str(address)


class OneTimeServer:
    """An HTTP server for one file at one secret path; close it (or use `with`) to free the port.

    `grace`, `request_seconds` and `max_connections` are the limits above,
    there to be shortened by tests.
    """

    def __init__(
        self,
        data: bytes,
        address: str,
        filename: str = "aftercare.ics",
        *,
        grace: float = GRACE_SECONDS,
        request_seconds: float = REQUEST_SECONDS,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.data = data
        self.filename = filename
        self.grace = grace
        self.request_seconds = request_seconds
        self.max_connections = max_connections
        self.token = secrets.token_urlsafe(TOKEN_BYTES)
        self.downloads: list[tuple[float, str]] = []  # (when, from whom) for each full GET
        self.requests_since_download = 0  # the download itself included
        self._clock: Callable[[], float] = time.monotonic
        self._lock = threading.Lock()
        self._open: dict[socket.socket, bool] = {}  # each open connection (oldest first): has its request arrived?
        self._threads: list[threading.Thread] = []
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            self.listener.bind((address, 0))
            self.listener.listen(64)
            self.listener.setblocking(False)  # a client gone between knocking and accept must not block the wait
        except OSError as error:
            self.listener.close()
            raise OutputError(
                f"cannot serve on {escaped(address)}: {error.strerror}",
                f"give an address of this computer with {opt.QR_BIND}",
            ) from None

    @property
    def url(self) -> str:
        """The link the QR code holds: `http://ADDRESS:PORT/TOKEN`."""
        host, port = self.listener.getsockname()[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/{self.token}"

    @property
    def connections(self) -> int:
        """How many connections are open now."""
        with self._lock:
            return len(self._open)

    def serve(self, wait: float, clock: Callable[[], float] = time.monotonic) -> Delivery | None:
        """Answer requests until delivered (plus grace) or `wait` seconds pass, whatever clients do; who got it."""
        self._clock = clock
        deadline = clock() + wait
        with selectors.DefaultSelector() as selector:
            selector.register(self.listener, selectors.EVENT_READ)
            while True:
                with self._lock:
                    if self.downloads:
                        deadline = min(deadline, self.downloads[0][0] + self.grace)
                    enough = self.requests_since_download >= MAX_REQUESTS
                left = deadline - clock()
                if enough or left <= 0:
                    break
                if selector.select(min(left, _POLL)):
                    self._accept()
        self._close_connections()
        with self._lock:
            if not self.downloads:
                return None
            return Delivery(self.downloads[0][1], self.requests_since_download)

    def close(self) -> None:
        """Stop serving: every connection closed and the port freed."""
        self._close_connections()
        self.listener.close()

    def __enter__(self) -> OneTimeServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _accept(self) -> None:
        try:
            connection, peer = self.listener.accept()
        except OSError:  # the client gave up between knocking and being let in
            return
        with self._lock:
            if len(self._open) >= self.max_connections:
                silent = next((known for known, heard in self._open.items() if not heard), None)
                if silent is None:  # every one is being answered: the newcomer waits its turn elsewhere
                    connection.close()
                    return
                _shut(silent)  # its thread sees the end and closes it
                del self._open[silent]
            self._open[connection] = False
        thread = threading.Thread(target=self._answer_one, args=(connection, str(peer[0])), daemon=True)
        self._threads = [known for known in self._threads if known.is_alive()] + [thread]
        thread.start()

    def _answer_one(self, connection: socket.socket, peer: str) -> None:
        """One request on one connection, then close it; a client that goes away is no one's concern."""
        try:
            with connection:
                request = _read_request(connection, self.request_seconds)
                if request is None:
                    return
                with self._lock:
                    if connection in self._open:
                        self._open[connection] = True
                method, path = request
                found = secrets.compare_digest(path, f"/{self.token}".encode()) and method in (b"GET", b"HEAD")
                connection.settimeout(SEND_SECONDS)
                connection.sendall(self._headers(200, len(self.data)) if found else self._headers(404, 0))
                if found and method == b"GET":
                    connection.sendall(self.data)
                # Counted once answered: the request that ends the grace early still gets its answer.
                self._answered(peer, delivered=found and method == b"GET")
                _linger(connection)
        except OSError:  # a reset, a timeout, a phone gone from the Wi-Fi: nothing for the desk to read
            pass
        finally:
            with self._lock:
                self._open.pop(connection, None)

    def _answered(self, peer: str, delivered: bool) -> None:
        with self._lock:
            if self.downloads:
                self.requests_since_download += 1
            if delivered:
                if not self.downloads:
                    self.requests_since_download = 1
                self.downloads.append((self._clock(), peer))

    def _headers(self, status: int, length: int) -> bytes:
        lines = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}", "Server: aftercare"]
        if status == 200:
            lines += [
                "Content-Type: text/calendar; charset=utf-8",
                f'Content-Disposition: attachment; filename="{self.filename}"',
            ]
        lines += ["Cache-Control: no-store", f"Content-Length: {length}", "Connection: close"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")

    def _close_connections(self) -> None:
        """Shut every open connection (their threads then end) and wait a moment for the threads."""
        with self._lock:
            for connection in self._open:
                _shut(connection)
            self._open.clear()
            threads = list(self._threads)
        ends = time.monotonic() + 1.0
        for thread in threads:
            thread.join(max(0.0, ends - time.monotonic()))


def _read_request(connection: socket.socket, seconds: float) -> tuple[bytes, bytes] | None:
    """The method and path of the request on `connection`, if it all arrives in time and in bounds; else None."""
    ends = time.monotonic() + seconds
    received = b""
    while b"\r\n\r\n" not in received and b"\n\n" not in received:
        left = ends - time.monotonic()
        if left <= 0 or len(received) > REQUEST_BYTES:
            return None
        connection.settimeout(left)  # for the whole request, not for each byte: a trickle ends on time too
        chunk = connection.recv(4096)
        if not chunk:
            return None
        received += chunk
    words = received.split(b"\n", 1)[0].split()
    if len(words) != 3 or not words[2].startswith(b"HTTP/"):
        return None
    return words[0], words[1]


def _linger(connection: socket.socket) -> None:
    """Tell the client we are done, then read what it still sends, so that our close does not reset its answer."""
    connection.shutdown(socket.SHUT_WR)
    ends = time.monotonic() + _LINGER_SECONDS
    received = 0
    while received <= REQUEST_BYTES:
        left = ends - time.monotonic()
        if left <= 0:
            return
        connection.settimeout(left)
        chunk = connection.recv(4096)
        if not chunk:
            return
        received += len(chunk)


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already gone
        connection.shutdown(socket.SHUT_RDWR)
