"""Time zones: names to zones, and local clock times to instants.

The one policy for local times that do not exist or happen twice lives here
and follows RFC 5545 (3.3.5), as calendar apps do:
- a time in a spring-forward gap moves forward by the gap (02:30 -> 03:30);
- a time in an autumn fold means its first occurrence (the earlier instant).
The planner uses it for generated daily times. A treatment time typed at the
desk is never guessed: `local_time_problem` lets the CLI refuse it instead.
"""

from __future__ import annotations

import difflib
import os
import re
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aftercare_cli.errors import UsageError

# IANA names: letters, digits and - + _ in /-separated parts; never a path.
_IANA_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9][A-Za-z0-9_+\-]*)*")
_OFFSET_STYLE = re.compile(r"(?i)(utc|gmt)\s*[+-]")


def zone_from_name(name: str) -> ZoneInfo:
    """An IANA zone, or a UsageError that suggests close names."""
    if _OFFSET_STYLE.match(name) and "/" not in name:
        raise UsageError(
            f"unknown time zone {name!r}: offsets like UTC+5 are ambiguous",
            "use the place's IANA name, e.g. --tz Asia/Karachi (see 'timedatectl list-timezones')",
        )
    if not _IANA_NAME.fullmatch(name) or ".." in name:
        raise UsageError(f"unknown time zone {name!r}", "use an IANA name such as Pacific/Auckland or Europe/London")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UsageError(f"unknown time zone {name!r}", _suggest_zone(name)) from None


def _suggest_zone(name: str) -> str:
    # Only on the error path: listing every zone reads the whole database.
    from zoneinfo import available_timezones

    zones = available_timezones()
    by_lower = {z.lower(): z for z in zones}
    if name.lower() in by_lower:
        return f"did you mean {by_lower[name.lower()]}?"
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(by_lower[c] for c in close) + "?"
    return "use an IANA name such as Pacific/Auckland or Europe/London"


def machine_zone_name(localtime: str = "/etc/localtime") -> str:
    """The machine's IANA zone name: $TZ, then the `localtime` link's target, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath(localtime)
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for candidate in candidates:
        if candidate and _IANA_NAME.fullmatch(candidate):
            try:
                ZoneInfo(candidate)
                return candidate
            except (ZoneInfoNotFoundError, ValueError, OSError):
                continue
    return "UTC"


def at_local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant `clock` on `day` in `zone`, gap and fold resolved as documented above."""
    # fold=0 reads a gap time with the offset from before the change, so the
    # round trip through UTC lands just after the gap, shifted by its length.
    wall = datetime.combine(day, clock, tzinfo=zone)
    return wall.astimezone(timezone.utc).astimezone(zone)


def local_time_problem(wall: datetime) -> str:
    """'' if the aware wall time happens exactly once; else 'gap' or 'fold'."""
    first = wall.replace(fold=0)
    round_trip = first.astimezone(timezone.utc).astimezone(wall.tzinfo)
    if round_trip.replace(tzinfo=None) != first.replace(tzinfo=None):
        return "gap"
    if first.utcoffset() != wall.replace(fold=1).utcoffset():
        return "fold"
    return ""
