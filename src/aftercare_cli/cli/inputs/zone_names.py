"""Zone names typed at the desk (`--tz`) or found on this machine ($TZ, /etc/localtime) -> zones.

Region names only, unless the desk asks for a fixed offset on purpose:
legacy names keep one offset all year. The DST maths lives in `core.localtime`.
"""

from __future__ import annotations

import difflib
import os
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aftercare_cli import option_names as opt
from aftercare_cli.errors import UsageError
from aftercare_cli.visible import visible

# IANA names: letters, digits and - + _ in /-separated parts; never a path.
_IANA_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9][A-Za-z0-9_+\-]*)*")
_OFFSET_STYLE = re.compile(r"(?i)(utc|gmt)\s*[+-]")


# Legacy and fixed-offset names a desk types by mistake, and the region each most likely means.
_REGION_FOR = {
    "EST": "America/New_York",
    "EST5EDT": "America/New_York",
    "CST6CDT": "America/Chicago",
    "MST": "America/Denver (or America/Phoenix, which keeps no daylight saving)",
    "MST7MDT": "America/Denver",
    "PST8PDT": "America/Los_Angeles",
    "HST": "Pacific/Honolulu",
    "GMT": "Europe/London, or UTC",
    "NZ": "Pacific/Auckland",
    "CET": "Europe/Paris or Europe/Berlin",
    "EET": "Europe/Athens",
    "WET": "Europe/Lisbon",
}
_ALWAYS_VALID = ("UTC", "Etc/UTC")


def is_region_zone(name: str) -> bool:
    """A zone named by its region (Pacific/Auckland), or UTC; not a legacy or fixed-offset name (EST, Etc/GMT+5)."""
    if name in _ALWAYS_VALID:
        return True
    area = name.split("/", 1)[0]
    return "/" in name and area not in ("Etc", "US", "SystemV") and not name.startswith("posix") and area != "right"


def zone_from_name(name: str, fixed_offset: bool = False) -> ZoneInfo:
    """An IANA zone named by its region, or a UsageError that suggests one.

    `fixed_offset` accepts a legacy or fixed-offset name (EST, Etc/GMT+5) that
    the user asked for on purpose; without it they are refused, because they
    keep one offset all year (EST is an hour off New York all summer).
    """
    if _OFFSET_STYLE.match(name) and "/" not in name:
        raise UsageError(
            f"unknown time zone {name!r}: offsets like UTC+5 are ambiguous",
            f"use the place's IANA name, e.g. {opt.TZ} Asia/Karachi (see 'timedatectl list-timezones')",
        )
    if not _IANA_NAME.fullmatch(name) or ".." in name:
        raise UsageError(f"unknown time zone {name!r}", "use an IANA name such as Pacific/Auckland or Europe/London")
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UsageError(f"unknown time zone {name!r}", _suggest_zone(name)) from None
    if not fixed_offset and not is_region_zone(name):
        region = _REGION_FOR.get(name.upper(), "the place's region, e.g. America/New_York or Pacific/Auckland")
        raise UsageError(
            f"{name!r} is a legacy or fixed-offset time zone name, which can be an hour off in summer",
            f"use {region}; for a fixed offset on purpose, add {opt.FIXED_OFFSET}",
        )
    return zone


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
    """The machine's IANA zone name: $TZ, else the `localtime` link's target, else (nothing to read) UTC.

    A $TZ that is set but names no zone (garbage, or a POSIX rule such as
    NZST-12NZDT) is not guessed at: the desk is asked for --tz.
    """
    configured = os.environ.get("TZ", "").lstrip(":")
    if configured:
        if _readable_zone(configured):
            return configured
        raise UsageError(
            f"this computer's time zone could not be read ($TZ is {visible(configured)!r})",
            f"give the zone with {opt.TZ}, e.g. {opt.TZ} Pacific/Auckland",
        )
    try:
        target = os.path.realpath(localtime)
    except OSError:
        return "UTC"
    candidate = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    return candidate if _readable_zone(candidate) else "UTC"


def _readable_zone(name: str) -> bool:
    if not name or not _IANA_NAME.fullmatch(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
