"""The handout's HTML -> PDF bytes for the printer or an email: a Chromium-family browser, else WeasyPrint.

The HTML stays the one source of the layout: a browser prints the very page
`--handout` writes (its `@page` rule sets the paper), headless, with no header
or footer, no network and a profile of its own that is thrown away. Where no
browser is installed, WeasyPrint (the optional extra `aftercare-cli[pdf]`)
renders the same HTML. Where neither is, one line says how to get either (the
shell knows what to install on its platform, and passes that `hint` in) and
nothing is written. Which browser, and where it lives, is the shell's too.
"""

from __future__ import annotations

import os
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


def pdf_from_html(html: str, browser: str | None, hint: str) -> bytes:
    """`html` printed to PDF by `browser` (a path), else by WeasyPrint; an OutputError (with `hint`: what to
    install) if neither can."""
    if browser is not None:
        return _printed_by(browser, html, hint)
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: installed, but the system's Pango library is missing
        raise OutputError("no way to make a PDF on this computer", hint) from None
    return bytes(weasyprint.HTML(string=html).write_pdf())


def _printed_by(browser: str, html: str, hint: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="aftercare-pdf-") as folder:
        page, pdf = Path(folder) / "handout.html", Path(folder) / "handout.pdf"
        page.write_text(html, encoding="utf-8")
        command = [browser, *_QUIET, f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={pdf}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
        try:
            subprocess.run(
                [*command, page.as_uri()],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=PRINT_SECONDS,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise OutputError(f"{Path(browser).name} could not print the handout ({_why(error)})", hint) from None
        data = pdf.read_bytes() if pdf.is_file() else b""
    if not data.startswith(b"%PDF"):
        raise OutputError(f"{Path(browser).name} printed no PDF", hint)
    return data


def _why(error: BaseException) -> str:
    if isinstance(error, subprocess.TimeoutExpired):
        return f"no answer in {PRINT_SECONDS} s"
    if isinstance(error, subprocess.CalledProcessError):
        return f"exit status {error.returncode}"
    return getattr(error, "strerror", None) or type(error).__name__
