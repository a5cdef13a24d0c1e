"""The handout's HTML -> PDF bytes for the printer or an email: a Chromium-family browser, else WeasyPrint.

The HTML stays the one source of the layout: a browser prints the very page
`--handout` writes (its `@page` rule sets the paper), headless, with no header
or footer, no network and a profile of its own that is thrown away. Where no
browser is installed, WeasyPrint (the optional extra `aftercare-cli[pdf]`)
renders the same HTML. Where neither is, one line says how to get either (the
shell knows what to install on its platform, and passes that `hint` in) and
nothing is written. Which browser, and where it lives, is the shell's too.

The browser runs in a process group of its own: when it does not answer in
`PRINT_SECONDS`, the whole group (the browser and the helper processes it
started) is ended, and the caller is told it hung (`BrowserHung`). A PDF the
browser left unfinished (no `%%EOF` at its end) is refused, never written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from pathlib import Path

from aftercare_cli.errors import OutputError

PRINT_SECONDS = 60  # a one-page handout prints in about a second; a browser stuck longer is not coming back
_QUIET = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",  # the page fetches nothing, and the browser must not either
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-pdf-header-footer",
)
_GRACE_SECONDS = 2  # after SIGTERM, how long the browser's processes get to end before SIGKILL


class BrowserHung(OutputError):
    """The browser did not answer in time; it and its helpers were ended."""


def pdf_from_html(html: str, browser: str | None, hint: str) -> bytes:
    """`html` printed to PDF by `browser` (a path), else by WeasyPrint; an OutputError (with `hint`: what to
    install on this platform) if neither can."""
    if browser is not None:
        return _printed_by(browser, html, hint)
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: installed, but the system's Pango library is missing
        raise OutputError("no way to make a PDF on this computer", hint) from None
    return bytes(weasyprint.HTML(string=html).write_pdf())


def _printed_by(browser: str, html: str, hint: str) -> bytes:
    name = Path(browser).name
    with tempfile.TemporaryDirectory(prefix="aftercare-pdf-") as folder:
        page, pdf = Path(folder) / "handout.html", Path(folder) / "handout.pdf"
        page.write_text(html, encoding="utf-8")
        command = [browser, *_QUIET, f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={pdf}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
        _run(name, [*command, page.as_uri()], hint)
        data = pdf.read_bytes() if pdf.is_file() else b""
    if not data.startswith(b"%PDF"):
        raise OutputError(f"{name} printed no PDF", hint)
    if b"%%EOF" not in data[-1024:]:
        raise OutputError(f"{name} printed an unfinished PDF (it does not end in %%EOF)", "run it again")
    return data


def _run(name: str, command: list[str], hint: str) -> None:
    """The browser run to its end, in a process group of its own that is ended whatever happens."""
    own_group = hasattr(os, "killpg")
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=own_group,
        )
    except OSError as error:
        raise OutputError(f"{name} could not print the handout ({_why(error)})", hint) from None
    try:
        code = process.wait(timeout=PRINT_SECONDS)
    except subprocess.TimeoutExpired:
        _end(process, own_group)
        raise BrowserHung(
            f"{name} did not answer in {PRINT_SECONDS} s and was stopped, with the processes it started",
            f"check that it prints at all ({name} --headless --print-to-pdf page.html), or leave the PDF out",
        ) from None
    except BaseException:  # Ctrl-C or SIGTERM while it prints: the browser does not outlive us
        _end(process, own_group)
        raise
    _end(process, own_group)  # helpers it left behind, if any
    if code != 0:
        raise OutputError(f"{name} could not print the handout (exit status {code})", hint)


def _end(process: subprocess.Popen[bytes], own_group: bool) -> None:
    """The browser's process group ended: asked first (SIGTERM), then made to (SIGKILL)."""
    if not own_group:
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
        return
    for stop, wait in ((signal.SIGTERM, _GRACE_SECONDS), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, stop)
        except (ProcessLookupError, PermissionError):
            break  # nothing of the group is left
        if process.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=wait)
        if wait is not None and _group_gone(process.pid):
            break
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=_GRACE_SECONDS)


def _group_gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return True
    return False


def _why(error: BaseException) -> str:
    if isinstance(error, subprocess.TimeoutExpired):
        return f"no answer in {PRINT_SECONDS} s"
    if isinstance(error, subprocess.CalledProcessError):
        return f"exit status {error.returncode}"
    return getattr(error, "strerror", None) or type(error).__name__
