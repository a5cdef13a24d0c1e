"""An earlier plan's .ics -> what a corrected plan needs to say about it (`--replaces`): its id, name and time.

Reads only what this tool writes: the calendar's name (X-WR-CALNAME / NAME),
and the overview note (its UID is the plan's id, its DTSTAMP the minute the
plan was made). icalendar is lenient, so "ours" is checked by the PRODID and
the overview note, and anything else is one clear error.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from icalendar import Calendar, Component

from aftercare_cli.errors import InputFileError
from aftercare_cli.model import Replaced
from aftercare_cli.outputs.calendar import OVERVIEW_ROLE, OVERVIEW_TITLE, PRODID_START, ROLE
from aftercare_cli.visible import visible

_HINT = "give the .ics file the earlier plan was written to"
_ESCAPED = re.compile(r"\\([\\;,nN])")  # RFC 5545 TEXT escapes: icalendar leaves NAME's as written


def replaced_from_ics(text: str, shown: str) -> Replaced:
    """The old plan in `text` (the .ics as text); `shown` names the file in an error (visible already)."""
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
    return str(event.get(ROLE, "")) == OVERVIEW_ROLE or str(event.get("SUMMARY", "")).startswith(OVERVIEW_TITLE)
