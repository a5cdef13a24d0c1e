"""The handout's HTML -> PDF bytes for the printer or an email: a Chromium-family browser, else WeasyPrint.

The HTML stays the one source of the layout: a browser prints the very page
`--handout` writes (its `@page` rule sets the paper), headless, with no header
or footer, no network and a profile of its own that is thrown away. Where no
browser is installed, WeasyPrint (the optional extra `aftercare-cli[pdf]`)
renders the same HTML. Where neither is, one line says how to get either and
nothing is written.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from aftercare_cli.errors import OutputError

# Chromium's own names on Linux distributions and macOS/Windows installs; the first found is used.
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "brave-browser",
)
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
NO_PDF_HINT = "install Chromium (Debian: apt-get install chromium), or WeasyPrint with pip install 'aftercare-cli[pdf]'"


def pdf_from_html(html: str, browser: str | None) -> bytes:
    """`html` printed to PDF by `browser` (a path), else by WeasyPrint; an OutputError if neither can."""
    if browser is not None:
        return _printed_by(browser, html)
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: installed, but the system's Pango library is missing
        raise OutputError("no way to make a PDF on this computer", NO_PDF_HINT) from None
    return bytes(weasyprint.HTML(string=html).write_pdf())


def _printed_by(browser: str, html: str) -> bytes:
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
            raise OutputError(
                f"{Path(browser).name} could not print the handout ({_why(error)})", NO_PDF_HINT
            ) from None
        data = pdf.read_bytes() if pdf.is_file() else b""
    if not data.startswith(b"%PDF"):
        raise OutputError(f"{Path(browser).name} printed no PDF", NO_PDF_HINT)
    return data


def _why(error: BaseException) -> str:
    if isinstance(error, subprocess.TimeoutExpired):
        return f"no answer in {PRINT_SECONDS} s"
    if isinstance(error, subprocess.CalledProcessError):
        return f"exit status {error.returncode}"
    return getattr(error, "strerror", None) or type(error).__name__
