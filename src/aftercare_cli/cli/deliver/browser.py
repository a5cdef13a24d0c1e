"""The browser `--pdf` prints the handout with, found where this platform's installers put it, and what to install
where there is none.

$AFTERCARE_BROWSER names one on purpose (a path, or a name on PATH); else a
Chromium-family browser on PATH (Linux), then where Chrome, Edge and Chromium
install themselves: under Program Files and the user's AppData on Windows
(Edge comes with Windows 10 and 11), in Applications on a Mac.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath

from aftercare_cli.errors import UsageError
from aftercare_cli.escapes import escaped

BROWSER_VARIABLE = "AFTERCARE_BROWSER"
# Chromium's own names on Linux distributions (and on any PATH); the first found is used.
PATH_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "brave-browser",
)
# Windows: the folders installers use (64-bit, 32-bit, and per-user installs), and each browser's place in them.
WINDOWS_FOLDERS = ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)", "LOCALAPPDATA")
WINDOWS_PROGRAMS = (
    PurePath("Google", "Chrome", "Application", "chrome.exe"),
    PurePath("Microsoft", "Edge", "Application", "msedge.exe"),
    PurePath("Chromium", "Application", "chrome.exe"),
)
# macOS: NAME.app/Contents/MacOS/NAME, in /Applications or the user's own Applications.
MAC_APPS = ("Google Chrome", "Microsoft Edge", "Chromium")
_WINDOWS_EXAMPLE = r"C:\Program Files\Google\Chrome\Application\chrome.exe"


def find_browser() -> str | None:
    """The Chromium-family browser `--pdf` prints with; None: WeasyPrint, if installed.

    A $AFTERCARE_BROWSER that names nothing there is refused, naming it: the
    desk asked for that browser, and printing with another would be a guess.
    """
    import shutil

    named = os.environ.get(BROWSER_VARIABLE, "")
    if named:
        return _named(named)
    on_path = next((found for name in PATH_NAMES if (found := shutil.which(name))), None)
    if on_path is not None:
        return on_path
    return next((str(path) for path in installed_places() if path.is_file()), None)


def installed_places() -> list[Path]:
    """Where this platform's installers put Chrome, Edge and Chromium, in the order they are tried."""
    if sys.platform == "win32":
        folders = dict.fromkeys(value for name in WINDOWS_FOLDERS if (value := os.environ.get(name)))
        return [Path(folder, program) for program in WINDOWS_PROGRAMS for folder in folders]
    if sys.platform == "darwin":
        apps = [Path("/Applications"), Path.home() / "Applications"]
        return [folder / f"{app}.app" / "Contents" / "MacOS" / app for app in MAC_APPS for folder in apps]
    return []


def install_hint() -> str:
    """What to install on this platform for `--pdf`, when no way to make a PDF is found."""
    named = f"or set {BROWSER_VARIABLE} to a Chromium-family browser"
    if sys.platform == "win32":
        return f"install Google Chrome or Microsoft Edge (Windows 10 and 11 come with Edge), {named}'s path"
    if sys.platform == "darwin":
        return (
            f"install Google Chrome, Microsoft Edge or Chromium into Applications, {named}; or WeasyPrint: "
            "brew install pango, then pip install 'aftercare-cli[pdf]'"
        )
    return f"install Chromium (Debian: apt-get install chromium), {named}; or pip install 'aftercare-cli[pdf]'"


def _named(named: str) -> str:
    """The browser $AFTERCARE_BROWSER names: a file, a Mac's NAME.app, or a name on PATH; else a UsageError."""
    import shutil

    path = Path(named)
    if sys.platform == "darwin" and path.suffix == ".app" and path.is_dir():  # the app as Finder shows it
        path = path / "Contents" / "MacOS" / path.stem
    if path.is_file():
        return str(path)
    found = shutil.which(named) if len(path.parts) == 1 else None
    if found is not None:
        return found
    raise UsageError(
        f"{BROWSER_VARIABLE} names '{escaped(named)}', which is no program on this computer",  # no repr: C:\ stays
        f"set it to the browser's full path, e.g. {_example()}, or unset it to use one installed",
    )


def _example() -> str:
    if sys.platform == "win32":
        return _WINDOWS_EXAMPLE
    if sys.platform == "darwin":
        return "'/Applications/Google Chrome.app'"
    return "/usr/bin/chromium"
