"""The handout's paper where the desk does not say: the one the locale's country uses (US Letter or A4)."""

from __future__ import annotations

import os

# Where the locale names one of these countries, paper is US Letter; everywhere else A4.
LETTER_COUNTRIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV", "NI", "HN"}


def paper_for(locale: str) -> str:
    """`en_US.UTF-8` -> "letter", `de_DE.UTF-8` or nothing -> "a4": the paper the locale's country uses."""
    country = locale.split(".", 1)[0].partition("_")[2].upper()
    return "letter" if country in LETTER_COUNTRIES else "a4"


def locale() -> str:
    """The paper's locale, as POSIX looks it up: LC_ALL, then LC_PAPER, then LANG."""
    return next((value for name in ("LC_ALL", "LC_PAPER", "LANG") if (value := os.environ.get(name, ""))), "")
