"""`--replaces OLD.ics`: an earlier plan's calendar file -> what a corrected plan says about it: its id, name and time.

Reads only what this tool writes: the calendar's name (X-WR-CALNAME / NAME),
and the overview note (its UID is the plan's id, its DTSTAMP the minute the
plan was made). icalendar is lenient, so "ours" is checked by the PRODID and
the overview note, and anything else is one clear error.
"""

from __future__ import annotations

import os
import re
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from aftercare_cli import option_names as opt
from aftercare_cli.errors import InputFileError, UsageError
from aftercare_cli.model import Replaced
from aftercare_cli.visible import visible

if TYPE_CHECKING:
    from icalendar import Component

# An earlier plan's calendar is at most about a megabyte (a plan holds 1,000 items); beyond this it is not one.
MAX_OLD_PLAN = 4 * 1024 * 1024
_HINT = "give the .ics file the earlier plan was written to"
_ESCAPED = re.compile(r"\\([\\;,nN])")  # RFC 5545 TEXT escapes: icalendar leaves NAME's as written


def read_replaced(path: str, ics: str | None) -> Replaced:
    """The earlier plan `--replaces` names, read before anything is written; refused in one line if it cannot be.

    A path the command line gets wrong (not an .ics, or the very file the new plan is written to) is exit 2;
    a file that is missing, not a regular file, too big, not UTF-8 or not ours is exit 1.
    """
    shown = visible(path)
    if Path(path).suffix.lower() != ".ics":
        raise UsageError(
            f"{opt.REPLACES} {shown}: give the earlier plan's calendar file (.ics)",
            "its calendar's name and the minute it was made are read from it",
        )
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode):
            raise InputFileError(f"{opt.REPLACES} {shown} is not a regular file", "give the earlier plan's .ics file")
        if ics not in (None, "-") and os.path.exists(ics) and os.path.samefile(path, ics):
            raise UsageError(
                f"{opt.REPLACES} {shown} is the file {opt.ICS} writes the new plan to",
                f"write the new plan under another name ({opt.ICS} plan-new.ics): the old one is read, not replaced",
            )
        if found.st_size > MAX_OLD_PLAN:
            raise InputFileError(f"{opt.REPLACES} {shown} is too big for a plan's calendar", "check the file name")
        with open(path, "rb") as handle:
            data = handle.read(MAX_OLD_PLAN + 1)
    except FileNotFoundError:
        raise InputFileError(f"{opt.REPLACES} {shown}: no such file", "give the earlier plan's .ics file") from None
    except OSError as error:
        raise InputFileError(f"{opt.REPLACES} {shown} cannot be read: {error.strerror}", "check the file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputFileError(f"{opt.REPLACES} {shown} is not UTF-8 text", "give the earlier plan's .ics file") from None
    return replaced_from_ics(text, f"{opt.REPLACES} {shown}")


def replaced_from_ics(text: str, shown: str) -> Replaced:
    """The old plan in `text` (the .ics as text); `shown` names the file in an error (visible already)."""
    from icalendar import Calendar  # only on this path: a plan without --replaces never loads it

    from aftercare_cli.outputs.calendar import PRODID_START

    try:
        calendar = Calendar.from_ical(text)
        ours = isinstance(calendar, Calendar) and str(calendar.get("PRODID", "")).startswith(PRODID_START)
        if not ours:
            raise InputFileError(f"{shown} is not a calendar made by aftercare", _HINT)
        name = str(calendar.get("X-WR-CALNAME", "") or calendar.get("NAME", ""))
        events = calendar.walk("VEVENT")
        overview = next((e for e in events if _is_overview(e)), None)
        made = overview.decoded("DTSTAMP") if overview is not None and "DTSTAMP" in overview else None
        uid = str(overview.get("UID", "")) if overview is not None else ""
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        said = visible(str(error).strip(": ")[:200]) or "unreadable"  # icalendar quotes the file's text
        raise InputFileError(f"{shown} is not a calendar file ({said})", _HINT) from None
    if not name or not uid or not isinstance(made, datetime):
        raise InputFileError(f"{shown} has no aftercare plan in it (no calendar name or overview note)", _HINT)
    # Shown on every face of the new plan: made safe once, here, where it comes in.
    name = visible(_ESCAPED.sub(lambda m: " " if m[1] in "nN" else m[1], name))
    return Replaced(visible(uid), name, made if made.tzinfo is not None else made.replace(tzinfo=timezone.utc))


def _is_overview(event: Component) -> bool:
    """The overview note: marked by its role (a plan in another language), or by its English title."""
    from aftercare_cli.outputs.calendar import OVERVIEW_ROLE, OVERVIEW_TITLE, ROLE

    return str(event.get(ROLE, "")) == OVERVIEW_ROLE or str(event.get("SUMMARY", "")).startswith(OVERVIEW_TITLE)
