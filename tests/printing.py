"""The handout printed by a real browser and read back: headless Chromium to PDF, poppler to text.

Shared by the handout's tests and the languages' (import from here, not from a test module, so that any one test
file runs on its own).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

BROWSER = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")


def need_tools() -> None:
    if BROWSER and POPPLER:
        return
    missing = "a Chromium browser" if not BROWSER else "poppler-utils (pdftotext, pdfinfo)"
    if os.environ.get("CI"):
        pytest.fail(f"CI must have {missing}: .ci/run installs it")
    pytest.skip(f"no {missing} on this machine (apt-get install chromium poppler-utils)")


def printed(page: str, folder: Path) -> Path:
    """The page printed to PDF by headless Chromium, with no network and a fresh profile."""
    need_tools()
    html, pdf = folder / "handout.html", folder / "handout.pdf"
    html.write_text(page, encoding="utf-8")
    assert BROWSER is not None
    subprocess.run(
        [
            BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tempfile.mkdtemp(dir=folder)}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", html.as_uri(),
        ],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    return pdf


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]


def text(pdf: Path, page: int | None = None) -> str:
    which = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *which, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
