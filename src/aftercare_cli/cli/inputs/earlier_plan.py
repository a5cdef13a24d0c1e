"""`--replaces OLD.ics`: an earlier plan's calendar file -> what a corrected plan says about it: its id, name and time.

Reads only what this tool writes: the calendar's name (X-WR-CALNAME / NAME),
and the overview note (its UID is the plan's id, its DTSTAMP the minute the
plan was made). "Ours" is checked by the PRODID and the overview note, and
anything else is one clear error.

Read line by line, keeping only those few properties: a general iCalendar
parser builds every property of a file, and a 4 MB file of one-letter
properties took it 19 s and 359 MB; this reading is linear, in the file's own
memory.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from aftercare_cli import option_names as opt
from aftercare_cli.errors import InputFileError, UsageError
from aftercare_cli.escapes import escaped
from aftercare_cli.model import Replaced

# An earlier plan's calendar is at most about a megabyte (a plan holds 1,000 items); beyond this it is not one.
MAX_OLD_PLAN = 4 * 1024 * 1024
_HINT = "give the .ics file the earlier plan was written to"
_ESCAPED = re.compile(r"\\([\\;,nN])")  # RFC 5545 TEXT escapes
_STAMP = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)")
_WANTED = {"PRODID", "X-WR-CALNAME", "NAME", "UID", "DTSTAMP", "SUMMARY"}  # and the overview's role
_LONGEST = 64 * 1024  # a property this tool writes and reads back is a line or two


def read_replaced(path: str, ics: str | None) -> Replaced:
    """The earlier plan `--replaces` names, read before anything is written; refused in one line if it cannot be.

    A path the command line gets wrong (not an .ics, or the very file the new plan is written to) is exit 2;
    a file that is missing, not a regular file, too big, not UTF-8 or not ours is exit 1.
    """
    shown = escaped(path)
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
    """The old plan in `text` (the .ics as text); `shown` names the file in an error (escaped already)."""
    from aftercare_cli.outputs.calendar import OVERVIEW_ROLE, OVERVIEW_TITLE, PRODID_START, ROLE

    calendar: dict[str, str] = {}
    overview: dict[str, str] | None = None
    event: dict[str, str] | None = None
    depth = 0
    for name, value in _properties(text, {*_WANTED, ROLE}, shown):
        if name == "BEGIN":
            depth += 1
            if depth == 1 and value.upper() != "VCALENDAR":
                raise InputFileError(f"{shown} is not a calendar file (it begins with {escaped(value[:40])!r})", _HINT)
            event = {} if depth == 2 and value.upper() == "VEVENT" else event
        elif name == "END":
            if depth == 2 and event is not None:
                is_overview = event.get(ROLE) == OVERVIEW_ROLE or event.get("SUMMARY", "").startswith(OVERVIEW_TITLE)
                if is_overview and overview is None:
                    overview = event
                event = None
            depth -= 1
        elif depth == 1:
            calendar.setdefault(name, value)
        elif depth == 2 and event is not None:
            event.setdefault(name, value)
    if depth != 0 or (not calendar and overview is None):
        raise InputFileError(f"{shown} is not a calendar file (it does not end as one)", _HINT)
    if not calendar.get("PRODID", "").startswith(PRODID_START):
        raise InputFileError(f"{shown} is not a calendar made by aftercare", _HINT)
    name = calendar.get("X-WR-CALNAME") or calendar.get("NAME", "")
    uid = overview.get("UID", "") if overview is not None else ""
    made = _stamp(overview.get("DTSTAMP", ""), shown) if overview is not None else None
    if not name or not uid or made is None:
        raise InputFileError(f"{shown} has no aftercare plan in it (no calendar name or overview note)", _HINT)
    # Shown on every face of the new plan: made safe once, here, where it comes in.
    name = escaped(_ESCAPED.sub(lambda m: " " if m[1] in "nN" else m[1], name))
    return Replaced(escaped(uid), name, made)


def _properties(text: str, wanted: set[str], shown: str) -> Iterator[tuple[str, str]]:
    """(NAME, value) of each BEGIN, END and wanted property, its folded lines joined; the others skipped unread."""
    name, parts, size = "", [], 0
    for raw in io.StringIO(text):  # one line at a time: no list of every line of the file
        line = raw.rstrip("\r\n")
        if line[:1] in (" ", "\t"):  # a folded line goes on the one before
            if name:
                size += len(line)
                if size > _LONGEST:
                    raise InputFileError(f"{shown} is not a calendar file (a property of {size} characters)", _HINT)
                parts.append(line[1:])
            continue
        if name:
            yield name, "".join(parts)
        name, parts, size = "", [], 0
        if not line.strip():
            continue
        head, value = _split(line)
        if head is None:
            raise InputFileError(f"{shown} is not a calendar file (a line without ':': {escaped(line[:40])!r})", _HINT)
        head = head.upper()
        if head in ("BEGIN", "END") or head in wanted:
            name, parts, size = head, [value], len(value)
    if name:
        yield name, "".join(parts)


def _split(line: str) -> tuple[str | None, str]:
    """`NAME;PARAM="a:b":value` -> ("NAME", "value"); (None, "") without a colon outside quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index].split(";", 1)[0], line[index + 1 :]
    return None, ""


def _stamp(text: str, shown: str) -> datetime | None:
    """A DTSTAMP as this tool writes it (UTC, `20261125T200000Z`); a time without a zone is read as UTC."""
    match = _STAMP.fullmatch(text.strip())
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        raise InputFileError(
            f"{shown} is not a calendar file (its DTSTAMP {escaped(text)!r} is no time)", _HINT
        ) from None
