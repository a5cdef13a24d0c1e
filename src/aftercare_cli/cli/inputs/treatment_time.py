"""The treatment time typed at the desk (`--at`) -> an aware instant.

Only unambiguous forms are accepted: `14:30` (today), `2026-11-26 14:30`,
`2026-11-26T14:30`, optionally with seconds, and ISO 8601 with an offset
(`2026-11-26T14:30+13:00`), whose offset must be the zone's at that time.
`03/04/2026` is refused rather than guessed, and a local time that a DST
change skips or repeats is refused with the way to say what was meant.

A treatment time is a minute, the one the desk sees: seconds (typed, or the
clock's for "now") are dropped, so the calendar's DTSTART and the JSON say
14:30 where the table does, and every reminder falls on a whole minute.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from aftercare_cli import option_names as opt
from aftercare_cli.core.localtime import local_time_problem
from aftercare_cli.errors import UsageError

FIRST_YEAR, LAST_YEAR = 1900, 2999
_FORMS = "14:30, 2026-11-26 14:30 or 2026-11-26T14:30+13:00"
_CLOCK = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
_DATE = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_OFFSET = r"(?P<offset>Z|[+-]\d{2}:?\d{2})?"
_FULL = re.compile(rf"{_DATE}(?:[T ]|\s+){_CLOCK}{_OFFSET}", re.IGNORECASE)
_TIME_ONLY = re.compile(_CLOCK)


def parse_treatment_time(text: str, zone: ZoneInfo, now: datetime, source: str = opt.AT) -> datetime:
    """`text` as an instant in `zone`; `now` (aware) gives today's date for `14:30`.

    `source` names where the text came from in messages: `--at`, or a batch row's "time"."""
    text = text.strip()
    quoted = f"{source} {text!r}"
    if text.lower() == "now":
        return now.astimezone(zone).replace(second=0, microsecond=0)
    if match := _TIME_ONLY.fullmatch(text):
        day = now.astimezone(zone).date()
        return _checked(datetime.combine(day, _clock(match, quoted)), None, zone, quoted)
    if match := _FULL.fullmatch(text):
        try:
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            raise UsageError(f"{quoted}: there is no such date", "check the month and the day") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            # Far-off years overflow the date arithmetic of a plan; no treatment is that far off.
            raise UsageError(
                f"{quoted}: the year {day.year} is out of range",
                f"give a year from {FIRST_YEAR} to {LAST_YEAR}",
            )
        return _checked(datetime.combine(day, _clock(match, quoted)), match["offset"], zone, quoted)
    raise UsageError(f"{quoted} is not a time this tool reads", f"write it as {_FORMS}")


def _clock(match: re.Match[str], quoted: str) -> time:
    """The typed time of day, to the minute (seconds are checked, then dropped: see above)."""
    try:
        return time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0)).replace(second=0)
    except ValueError:
        raise UsageError(f"{quoted}: there is no such time of day", "use a 24-hour clock, 00:00 to 23:59") from None


def _checked(wall: datetime, offset_text: str | None, zone: ZoneInfo, quoted: str) -> datetime:
    local = wall.replace(tzinfo=zone)
    problem = local_time_problem(local)
    when = f"{wall:%Y-%m-%d %H:%M}"
    if problem == "gap":
        raise UsageError(
            f"{quoted}: {when} does not exist in {zone.key} (the clocks skip it at the DST change)",
            "give the time shown on the clock after the change",
        )
    if offset_text is not None:
        return _with_offset(local, _offset(offset_text), zone, quoted)
    if problem == "fold":
        first, second = (_iso_offset(local.replace(fold=f).utcoffset()) for f in (0, 1))
        raise UsageError(
            f"{quoted}: {when} happens twice in {zone.key} (the clocks go back)",
            f"add the offset: {wall:%Y-%m-%dT%H:%M}{first} for the first, {wall:%Y-%m-%dT%H:%M}{second} for the second",
        )
    return local


def _with_offset(local: datetime, offset: timedelta, zone: ZoneInfo, quoted: str) -> datetime:
    # The offset picks the occurrence in a fold; it must be one the zone uses then.
    for fold in (0, 1):
        candidate = local.replace(fold=fold)
        if candidate.utcoffset() == offset:
            return candidate.astimezone(timezone.utc).astimezone(zone)
    expected = _iso_offset(local.utcoffset())
    raise UsageError(
        f"{quoted}: the offset {_iso_offset(offset)} is not {zone.key}'s at that time ({expected})",
        f"drop the offset, or give {opt.TZ} the zone the time was written in",
    )


def _offset(text: str) -> timedelta:
    if text.upper() == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def _iso_offset(offset: timedelta | None) -> str:
    """`+13:00`, `-03:30`; with seconds where a zone had them (Africa/Monrovia: -00:44:30 until 1972)."""
    seconds = int((offset or timedelta(0)).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
