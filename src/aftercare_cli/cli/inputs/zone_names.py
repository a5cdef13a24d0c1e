"""Zone names typed at the desk (`--tz`) or set on this computer ($TZ, the system's own setting) -> zones.

Region names only, unless the desk asks for a fixed offset on purpose:
legacy names keep one offset all year. The DST maths lives in `core.localtime`.
The computer's setting is read by tzlocal, imported only when `--tz` is not
given: Windows keeps its zone in the registry under names of its own, Linux
and macOS in /etc (a link, a copied file, /etc/timezone).
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aftercare_cli import option_names as opt
from aftercare_cli.errors import UsageError
from aftercare_cli.escapes import escaped

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
_ANY_IANA_NAME = "use an IANA name such as Pacific/Auckland or Europe/London; "
# Where etc/ is read from: tzlocal's own seam (`_root`), which tests point at a folder of their own.
SYSTEM_ROOT = "/"
_LARGEST_ZONE_FILE = 1 << 16  # a zone file is a few kB; anything far larger at /etc/localtime is not one


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
            f"use the place's IANA name, e.g. {opt.TZ} Asia/Karachi; {zone_list_hint()}",
        )
    if not _IANA_NAME.fullmatch(name) or ".." in name:
        raise UsageError(f"unknown time zone {name!r}", _ANY_IANA_NAME + zone_list_hint())
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
    return _ANY_IANA_NAME + zone_list_hint()


def zone_list_hint() -> str:
    """Where the zone names can be listed on this platform (Windows lists names of its own: say so)."""
    if sys.platform == "win32":
        return "Windows' own names ('tzutil /l') are not these: Pacific/Auckland is New Zealand Standard Time"
    if sys.platform == "darwin":
        return "'sudo systemsetup -listtimezones' lists them"
    if sys.platform.startswith("linux"):
        return "'timedatectl list-timezones' lists them"
    return "the names under /usr/share/zoneinfo are the zones"


def _give_tz() -> str:
    return f"give the zone with {opt.TZ}, e.g. {opt.TZ} Pacific/Auckland; {zone_list_hint()}"


def guessed_zone(planned: str = "this plan is") -> str:
    """The desk's warning when this computer sets no zone at all: what is `planned` in UTC, and that is a guess."""
    return f"this computer's time zone could not be read, so {planned} in UTC, which is a guess; {_give_tz()}"


def desk_zone_name(tz: str | None, fixed_offset: bool = False) -> tuple[str, bool]:
    """The zone the desk plans in (`--tz`, else this computer's), and whether it is a guess: UTC, nothing read.

    A computer set to a fixed offset (Windows with daylight saving switched
    off, an /etc/localtime of Etc/GMT-12) is refused as a typed one would be,
    saying where it came from, unless the desk asks for a fixed offset.
    """
    if tz is not None:
        return tz, False
    machine = machine_zone_name()
    if machine is None:
        return "UTC", True
    if not fixed_offset and not is_region_zone(machine):
        raise UsageError(
            f"this computer's time zone is {escaped(machine)!r}, a fixed offset that can be an hour off in summer "
            "(on Windows: daylight saving time switched off in the Date & time settings)",
            f"give the place's zone with {opt.TZ}, e.g. {opt.TZ} Pacific/Auckland, or add {opt.FIXED_OFFSET} "
            "to plan in it on purpose",
        )
    return machine, False


def machine_zone_name(root: str | None = None) -> str | None:
    """This computer's IANA zone name from its own setting; None when it sets none at all.

    $TZ first: one that is set but names no zone (garbage, or a POSIX rule
    such as NZST-12NZDT) is not guessed at, the desk is asked for --tz. Then
    the system's setting, through tzlocal: Windows' registry (its names mapped
    to IANA's by CLDR's table), else the /etc/localtime link, /etc/timezone and
    the distributions' clock files (Linux, macOS). An /etc/localtime that is a
    copied file rather than a link is named by the zone file it is a copy of.
    A setting that is there but names no zone is refused, never replaced by
    UTC. `root` is where etc/ is looked for (default `SYSTEM_ROOT`).
    """
    configured = os.environ.get("TZ", "").lstrip(":")
    if configured:
        if _readable_zone(configured):
            return configured
        raise UsageError(
            f"this computer's time zone could not be read ($TZ is {escaped(configured)!r})",
            _give_tz(),
        )
    root = root or SYSTEM_ROOT
    name = _system_zone(root)
    if name is None and sys.platform != "win32":
        name = _copied_zone(Path(root, "etc", "localtime"))
    if name is not None and name.startswith("posix/"):  # the database's copy of its own tree under another name
        name = name.removeprefix("posix/")
    if name is not None and not _readable_zone(name):
        raise UsageError(f"this computer's time zone setting names {escaped(name)!r}, which is not a zone", _give_tz())
    return name


def _system_zone(root: str) -> str | None:
    """The zone name the system's setting gives (tzlocal's reading), None if it gives none."""
    import logging
    import warnings

    # tzlocal logs (and warns) what it decided about a stale /etc/timezone or a clock file it cannot parse; the
    # name it settles on is checked here, and the desk is told in one line when there is a problem.
    logger = logging.getLogger("tzlocal")
    was_disabled, logger.disabled = logger.disabled, True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if sys.platform == "win32":
                from tzlocal import win32

                return win32.get_localzone_name()
            from tzlocal import unix

            # The reading of tzlocal's get_localzone_name(), through the seam its own tests use (`_root`).
            named: str | None = unix._get_localzone_name(root)  # type: ignore[no-untyped-call]  # not annotated
            return named
    except ZoneInfoNotFoundError as error:  # Windows: a name CLDR's table lacks; elsewhere: settings that disagree
        raise UsageError(_unnamed(str(error.args[0]) if error.args else ""), _give_tz()) from None
    except (LookupError, OSError):  # Windows: no zone in the registry at all
        return None
    finally:
        logger.disabled = was_disabled


def _unnamed(message: str) -> str:
    lines = [escaped(line.strip()) for line in message.strip().splitlines() if line.strip()]
    if sys.platform != "win32" and len(lines) > 2:  # tzlocal's heading, one line per setting, its advice
        return f"this computer's time zone settings disagree ({'; '.join(lines[1:-1])})"
    return f"this computer's time zone could not be named in IANA's terms ({'; '.join(lines) or 'no name'})"


def _copied_zone(localtime: Path) -> str | None:
    """The zone `localtime` is a byte-for-byte copy of (a container's /etc/localtime is often a copy, not a link).

    None when there is no zone file there at all; a zone file that is a copy of
    no zone in the database is refused, naming it: its rules are this
    computer's, and UTC would be a guess.
    """
    try:
        if not localtime.is_file() or localtime.stat().st_size > _LARGEST_ZONE_FILE:
            return None
        data = localtime.read_bytes()
    except OSError:
        return None
    if not data.startswith(b"TZif"):
        return None
    for folder in _zone_folders():
        found = _copies_of(data, folder)
        if found:
            canonical = _canonical_names(folder)
            return min(found, key=lambda name: (name not in canonical, name))
    raise UsageError(
        f"this computer's time zone could not be named ({escaped(str(localtime))} is a copy of no zone "
        "in the time zone database)",
        _give_tz(),
    )


def _zone_folders() -> list[Path]:
    """The zone database's folders, as zoneinfo looks them up: the system's, then the tzdata package's."""
    from importlib.util import find_spec
    from zoneinfo import TZPATH  # as it is now: zoneinfo.reset_tzpath may have changed it

    folders = [Path(folder) for folder in TZPATH]
    package = find_spec("tzdata")  # found, not imported
    folders += [Path(place, "zoneinfo") for place in (package and package.submodule_search_locations) or []]
    return [folder for folder in folders if folder.is_dir()]


def _copies_of(data: bytes, folder: Path) -> list[str]:
    found = []
    for parent, subfolders, files in os.walk(folder):
        if Path(parent) == folder:
            subfolders[:] = [name for name in subfolders if name not in ("posix", "right")]  # copies, shifted
        for file in files:
            path = Path(parent, file)
            name = path.relative_to(folder).as_posix()
            if not is_region_zone(name):
                continue
            try:
                if path.stat().st_size == len(data) and path.read_bytes() == data:
                    found.append(name)
            except OSError:
                continue
    return found


def _canonical_names(folder: Path) -> set[str]:
    """The zones the database lists as its own (zone1970.tab), not the links kept for old names."""
    try:
        text = (folder / "zone1970.tab").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2] for row in rows if len(row) > 2}


def _readable_zone(name: str) -> bool:
    if not name or not _IANA_NAME.fullmatch(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
