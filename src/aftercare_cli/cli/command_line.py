"""A plan's command line, as `aftercare desk` prints it: `aftercare plan` with the options that make the same plan,
each value quoted for this platform's shell, so the line can be run as it is (and the options learned by use).

POSIX shells (Linux, macOS, Git Bash) get `shlex.quote`'s single quotes;
Windows gets PowerShell's (the shell its quick start uses), where a single
quote inside is doubled and nothing else is special.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Sequence

PROGRAM = "aftercare"
_PLAIN = re.compile(r"[A-Za-z0-9_./:=+-]+")  # needs no quotes in either shell (PowerShell reads , and @ apart)


def command_line(arguments: Sequence[str], platform: str | None = None) -> str:
    """`aftercare ARGUMENTS...`, each quoted where the shell of `platform` (default: this one) needs it."""
    quote = powershell_quote if (platform or sys.platform) == "win32" else posix_quote
    return " ".join([PROGRAM, *(quote(argument) for argument in arguments)])


def posix_quote(argument: str) -> str:
    """`Ana Smith` -> `'Ana Smith'`; `O'Brien` -> `'O'"'"'Brien'`; plain words stay as they are."""
    return argument if _PLAIN.fullmatch(argument) else shlex.quote(argument)


def powershell_quote(argument: str) -> str:
    """`Ana Smith` -> `'Ana Smith'`; `O'Brien` -> `'O''Brien'` (PowerShell doubles a quote; `$` stays literal)."""
    if _PLAIN.fullmatch(argument):
        return argument
    # PowerShell also reads the typographic quotes as quotes: each is doubled as its plain one is.
    return "'" + re.sub("(['\u2018\u2019\u201a\u201b])", r"\1\1", argument) + "'"
