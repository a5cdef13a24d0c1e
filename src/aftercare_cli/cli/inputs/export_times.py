"""A row's date and time as booking systems write them -> the text `plan --at` reads, never a guess.

Each cell is read whole: a date, a time of day, or both, in any order, with
only spaces, commas, "at" or "@" between them; anything else left over is
refused. Times: `14:30`, `14:30:00`, and 12-hour times in every common
spelling (`2:30 PM`, `2:30pm`, `2:30 p.m.`, `2pm`; `12:15 AM` is a quarter
past midnight), or a slot `21:00:00-22:00:00` (its start). Dates: ISO
`2026-11-26`; `26/11/2026`, `26.11.2026` or `26-11-2026` (day/month or
month/day: only one order may give a date, else the desk says which with
--date-order); English month names (`November 26, 2026`, `26 Nov 2026`,
`Thu 26 Nov 2026`: a weekday must be the date's). An ISO date and time with
an offset (`2026-11-26T14:30+13:00`) is handed to `plan --at` as it is.

A date in both the time and the date column must be the same date; a date
column holding a time where the time column holds a date is the columns
swapped, and refused.
"""

from __future__ import annotations

import re
from datetime import date

from aftercare_cli import option_names as opt
from aftercare_cli.escapes import escaped
from aftercare_cli.frozen import frozen

DATE_ORDERS = ("dmy", "mdy")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?P<{0}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATES = (
    re.compile(r"(?<![\d/.-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d/.])"),
    re.compile(r"(?<![\d/.-])(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\d/.])"),
    re.compile(
        r"(?<!\d)" + _WEEKDAY + rf"(?P<day>\d{{1,2}}){_ORDINAL}\s+{_MONTH.format('month')},?\s+(?P<year>\d{{4}})(?!\d)",
        re.IGNORECASE,
    ),
    re.compile(
        _WEEKDAY + rf"{_MONTH.format('month')}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}})(?!\d)",
        re.IGNORECASE,
    ),
)
_SHORT_YEAR = re.compile(r"(?<![\d/.-])\d{1,2}([/.-])\d{1,2}\1\d{2}(?![\d/.])")
_MERIDIEM = r"(?:(?P<ampm>[ap])\.?\s?m\b\.?)"
_CLOCK = re.compile(  # 14:30, 14:30:00, 2:30 PM, 2:30pm, 2:30 p.m., 2pm: minutes, or AM/PM, or both
    r"(?<![\d:])(?P<hour>\d{1,2})"
    rf"(?::(?P<minute>\d{{2}})(?::(?P<second>\d{{2}}))?\s*{_MERIDIEM}?|\s*{_MERIDIEM.replace('ampm', 'ampm2')})"
    r"(?![\d:])",
    re.IGNORECASE,
)
_SLOT = re.compile(r"(\d{1,2}:\d{2}(?::\d{2})?)\s*[-\u2013]\s*\d{1,2}:\d{2}(?::\d{2})?")
_ISO_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_BETWEEN = re.compile(r"[\s,@]*(?:at)?[\s,@]*", re.IGNORECASE)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@frozen
class Cell:
    """What one cell says: a date, a time of day (HH:MM), either or both."""

    day: date | None = None
    clock: str | None = None


def appointment_time(day_text: str | None, clock_text: str, date_order: str | None) -> str:
    """The row's treatment time as `plan --at` reads it (`2026-11-26 14:30`; `14:30` when there is no date at all).

    `day_text` is the date column's cell (None: the export has no date column). A ValueError says what is wrong.
    """
    clock_text = clock_text.strip()
    if _ISO_WITH_OFFSET.fullmatch(clock_text) and not day_text:
        return clock_text  # ISO 8601 whole: `plan --at` reads it, and checks its offset against the zone
    in_time = read_cell(clock_text, date_order, "time")
    in_date = read_cell(day_text, date_order, "date") if day_text is not None and day_text.strip() else None
    if in_date is not None and in_date.day is None and in_time.clock is None and in_time.day is not None:
        raise ValueError(
            f"date {escaped(day_text or '')!r} is a time and time {escaped(clock_text)!r} a date: the columns look "
            f"swapped; check {opt.MAP} date= and {opt.MAP} time="
        )
    if in_time.clock is None:
        raise ValueError(f"time {escaped(clock_text)!r} has no time of day; give the appointment's start, e.g. 14:30")
    if in_date is not None and in_date.day is None:
        raise ValueError(f"date {escaped(day_text or '')!r} holds no date; check {opt.MAP} date=")
    day = in_time.day
    if in_date is not None:
        if day is not None and day != in_date.day:
            raise ValueError(
                f"time {escaped(clock_text)!r} says {day.isoformat()} but date {escaped(day_text or '')!r} says "
                f"{in_date.day}; fix the row in the export"
            )
        # A date column with a time of its own (`26/11/2026 00:00` from a spreadsheet is a date only) must agree.
        if in_date.clock not in (None, "00:00", in_time.clock):
            raise ValueError(
                f"date {escaped(day_text or '')!r} says {in_date.clock} but time {escaped(clock_text)!r} says "
                f"{in_time.clock}; fix the row in the export"
            )
        day = in_date.day
    return in_time.clock if day is None else f"{day.isoformat()} {in_time.clock}"


def read_cell(text: str | None, date_order: str | None, column: str) -> Cell:
    """A cell read whole: its date and its time of day; a ValueError for anything else in it."""
    text = " ".join((text or "").split())
    shown = f"{column} {escaped(text)!r}"
    if not text:
        return Cell()
    if slot := _SLOT.fullmatch(text):
        return Cell(None, _clock_of(slot[1], shown))
    days = [match for pattern in _DATES for match in pattern.finditer(text)]
    clocks = [match for match in _CLOCK.finditer(text) if not _inside(match, days)]
    if len(days) > 1 or len(clocks) > 1:
        raise ValueError(f"{shown} holds more than one date or time; give one")
    if not days and _SHORT_YEAR.search(text):
        raise ValueError(f"{shown}: a two-digit year is not read; export dates with the whole year (2026)")
    rest = text
    for match in sorted([*days, *clocks], key=lambda m: m.start(), reverse=True):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if _BETWEEN.fullmatch(rest) is None:
        raise ValueError(
            f"{shown} is not a date or time this tool reads; use 2026-11-26 14:30, 26/11/2026 2:30 PM or "
            f"November 26, 2026 2:30 pm"
        )
    day = _date_of(days[0], date_order, shown) if days else None
    clock = _clock_of(clocks[0][0], shown) if clocks else None
    return Cell(day, clock)


def _inside(clock: re.Match[str], days: list[re.Match[str]]) -> bool:
    return any(day.start() <= clock.start() < day.end() for day in days)


def _date_of(match: re.Match[str], date_order: str | None, shown: str) -> date:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("first") is not None:
        first, second = int(groups["first"]), int(groups["second"])
        orders = [order for order in DATE_ORDERS if _is_date(year, *_month_day(order, first, second))]
        if date_order is not None:
            if date_order not in orders:
                raise ValueError(f"{shown}: {escaped(match[0])!r} is not a date in the order {date_order}")
            return date(year, *_month_day(date_order, first, second))
        if len(orders) == 1 and first != second:
            return date(year, *_month_day(orders[0], first, second))
        if not orders:
            raise ValueError(f"{shown}: there is no such date")
        either = f"{opt.DATE_ORDER} dmy or {opt.DATE_ORDER} mdy"
        raise ValueError(f"{shown} could be day/month or month/day; say which with {either}")
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.index(month_text[:3].lower()) + 1
    day_number = int(groups["day"])
    if not _is_date(year, month, day_number):
        raise ValueError(f"{shown}: there is no such date")
    found = date(year, month, day_number)
    weekday = groups.get("weekday")
    if weekday and _WEEKDAYS.index(weekday[:3].lower()) != found.weekday():
        raise ValueError(f"{shown}: {found:%d %B %Y} is a {found:%A}, not a {weekday}; fix the row in the export")
    return found


def _month_day(order: str, first: int, second: int) -> tuple[int, int]:
    return (second, first) if order == "dmy" else (first, second)


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _clock_of(text: str, shown: str) -> str:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:  # pragma: no cover  # found by the same pattern
        raise ValueError(f"{shown} is not a clock time")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    meridiem = match["ampm"] or match["ampm2"]
    if meridiem:  # 12-hour: 12:xx AM is just after midnight, 12:xx PM just after noon
        if not 1 <= hour <= 12:
            raise ValueError(f"{shown} is not a 12-hour time (hours 1 to 12 before AM or PM)")
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    elif match["minute"] is None:
        raise ValueError(f"{shown}: give the minutes too, e.g. 14:00")
    if hour > 23 or minute > 59 or int(match["second"] or 0) > 59:
        raise ValueError(f"{shown}: there is no such time of day")
    return f"{hour:02d}:{minute:02d}"
