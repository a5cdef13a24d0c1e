"""The handout's paper where the desk does not say: the one the desk's locale uses (US Letter or A4).

POSIX's variables say it where they are set (LC_ALL, LC_PAPER, LANG). Windows
leaves them unset and keeps the user's paper with the locale (LOCALE_IPAPERSIZE);
a Mac keeps the region of System Settings in its global preferences
(AppleLocale), which a terminal copies into LANG only when asked to.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Where the locale names one of these countries, paper is US Letter; everywhere else A4.
LETTER_COUNTRIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV", "NI", "HN"}
# Windows' LOCALE_IPAPERSIZE values: 1 US Letter, 5 US Legal (the letter family), 8 A3, 9 A4 (the A family).
_WINDOWS_PAPER = {1: "letter", 5: "letter", 8: "a4", 9: "a4"}
_LOCALE_IPAPERSIZE = 0x100A
_LOCALE_RETURN_NUMBER = 0x20000000
# The user's global preferences on a Mac, where System Settings keeps the region (`defaults read -g AppleLocale`).
MAC_PREFERENCES = Path("Library", "Preferences", ".GlobalPreferences.plist")


def paper_for(locale: str) -> str:
    """`en_US.UTF-8` -> "letter", `de_DE.UTF-8` or nothing -> "a4": the paper the locale's country uses."""
    return "letter" if _country(locale) in LETTER_COUNTRIES else "a4"


def _country(locale: str) -> str:
    """`en_US.UTF-8` -> "US"; a Mac's `en_US@rg=nzzzzz` (its region set apart from its language) -> "NZ"."""
    name, _, modifier = locale.split(".", 1)[0].partition("@")
    if modifier.lower().startswith("rg=") and len(modifier) >= 5:
        return modifier[3:5].upper()
    return name.partition("_")[2].upper()


def locale() -> str:
    """The paper's locale, as POSIX looks it up: LC_ALL, then LC_PAPER, then LANG."""
    return next((value for name in ("LC_ALL", "LC_PAPER", "LANG") if (value := os.environ.get(name, ""))), "")


def desk_paper() -> str:
    """The desk's paper: its locale's, from POSIX's variables; where they name no country, the system's own."""
    configured = locale()
    if _country(configured):
        return paper_for(configured)
    if sys.platform == "win32":
        return _windows_paper() or "a4"
    if sys.platform == "darwin":
        return paper_for(_mac_locale())
    return "a4"


def _windows_paper() -> str | None:
    """The paper of the Windows user's locale (Region settings), None if Windows does not say."""
    import ctypes

    number = ctypes.c_uint32()
    try:
        got = ctypes.windll.kernel32.GetLocaleInfoEx(  # type: ignore[attr-defined,unused-ignore]  # Windows only
            None, _LOCALE_IPAPERSIZE | _LOCALE_RETURN_NUMBER, ctypes.pointer(number), 2
        )
    except (AttributeError, OSError):  # no such function in this Windows
        return None
    return _WINDOWS_PAPER.get(number.value) if got else None


def _mac_locale() -> str:
    """The Mac user's region as a locale name (`en_NZ`), "" if the preferences cannot be read."""
    import plistlib

    try:
        with open(Path.home() / MAC_PREFERENCES, "rb") as stream:
            found = plistlib.load(stream).get("AppleLocale", "")
    except Exception:  # no home, no file, or no plist of settings (plistlib raises many kinds): no region
        return ""
    return found if isinstance(found, str) else ""
