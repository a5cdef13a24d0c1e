"""The browser `--pdf` prints the handout with, found on this computer."""

from __future__ import annotations


def find_browser() -> str | None:
    """The Chromium-family browser `--pdf` prints with, from PATH; None: WeasyPrint, if installed."""
    import shutil

    from aftercare_cli.outputs.pdf import BROWSER_NAMES

    return next((found for name in BROWSER_NAMES if (found := shutil.which(name))), None)
