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
- bound to one address on purpose, never to all interfaces silently;
- `Cache-Control: no-store`, and the attachment header that makes Safari on
  an iPhone offer "Add All" instead of a subscription.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from aftercare_cli import option_names as opt
from aftercare_cli.errors import OutputError, UsageError

TOKEN_BYTES = 16  # 128 bits
GRACE_SECONDS = 5.0
MAX_REQUESTS = 4  # the download and a few more within the grace period
_POLL = 0.2  # how often the wait loop looks at the clock
# A documentation address (RFC 5737): "connecting" a UDP socket toward it only
# asks the routing table which local address faces the network; nothing is sent.
_ROUTE_PROBE = ("192.0.2.1", 9)


@dataclass(frozen=True)
class Delivery:
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
    """A `--qr-bind` value: one IP address, never "all interfaces"."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        raise UsageError(
            f"{opt.QR_BIND} {text!r} is not an IP address", f"give one, e.g. {opt.QR_BIND} 192.168.1.20"
        ) from None
    if address.is_unspecified:
        raise UsageError(
            f"{opt.QR_BIND} {text}: that is every interface",
            "give the one address the phone reaches, e.g. 192.168.1.20",
        )
    return str(address)


class OneTimeServer:
    """An HTTP server for one file at one secret path; close it (or use `with`) to free the port."""

    def __init__(self, data: bytes, address: str, filename: str = "aftercare.ics") -> None:
        self.data = data
        self.filename = filename
        self.token = secrets.token_urlsafe(TOKEN_BYTES)
        self.downloads: list[tuple[float, str]] = []  # (when, from whom) for each full GET
        self.requests_since_download = 0  # the download itself included
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        server_class = type("_Server", (HTTPServer,), {"address_family": family, "allow_reuse_address": False})
        try:
            self.http = server_class((address, 0), self._handler())
        except OSError as error:
            raise OutputError(
                f"cannot serve on {address}: {error.strerror}", f"give an address of this computer with {opt.QR_BIND}"
            ) from None
        self.http.timeout = _POLL

    @property
    def url(self) -> str:
        host, port = self.http.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/{self.token}"

    def serve(self, wait: float, clock: Callable[[], float] = time.monotonic) -> Delivery | None:
        """Answer requests until delivered (plus grace) or `wait` seconds pass; the delivery, or None."""
        deadline = clock() + wait
        while clock() < deadline:
            self.http.handle_request()
            if self.downloads:
                first_at = self.downloads[0][0]
                deadline = min(deadline, first_at + GRACE_SECONDS)
                if self.requests_since_download >= MAX_REQUESTS:
                    break
        if not self.downloads:
            return None
        return Delivery(self.downloads[0][1], self.requests_since_download)

    def close(self) -> None:
        self.http.server_close()

    def __enter__(self) -> OneTimeServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 5  # seconds: a client that connects and says nothing cannot hold the desk up

            def version_string(self) -> str:
                return "aftercare"  # no Python version for a scanner to read

            def do_GET(self) -> None:  # noqa: N802 (the standard library's naming)
                self._answer(body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(body=False)

            def __getattr__(self, name: str) -> Any:
                if name.startswith("do_"):  # POST, PUT, anything else: the same empty 404
                    return self._not_found
                raise AttributeError(name)

            def _answer(self, body: bool) -> None:
                self._count()
                if not secrets.compare_digest(self.path.encode(), f"/{server.token}".encode()):
                    self._not_found()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Disposition", f'attachment; filename="{server.filename}"')
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(server.data)))
                self.end_headers()
                if body:
                    self.wfile.write(server.data)
                    if not server.downloads:
                        server.requests_since_download = 1
                    server.downloads.append((time.monotonic(), self.client_address[0]))

            def _count(self) -> None:
                if server.downloads:
                    server.requests_since_download += 1

            def _not_found(self) -> None:
                if self.command not in ("GET", "HEAD"):
                    self._count()
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # the path is the secret: never log it

        return Handler
