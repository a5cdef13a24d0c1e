"""Durations and clock times written as text: `30m`, `4h`, `1d12h`, `"08:00"`.

They are parsed here, from their text, so that YAML 1.1 typing (`8:00` is the
integer 480) or a shell never changes their meaning.
"""

from __future__ import annotations

import re
from datetime import time, timedelta

from aftercare_cli.model import A_YEAR, MONTH_FOR_THE_LIMIT, Span

# Mirrored by schema.DURATION_PATTERN (JSON Schema for editors); keep the two in step.
_DURATION = re.compile(r"(?:(\d+)mo)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")
# The unit letters of `Span.units`, largest first, for each group of _DURATION: "M" is a month.
_UNIT_LETTERS = "Mwdhm"
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
TOLD = "told"  # `start: told`, `until: told`: the clinic will give the patient that time later


def parse_duration(text: str) -> timedelta:
    """`4h` -> 4 hours. Raises ValueError with a message a clinic can act on; months have no fixed length here."""
    span = parse_span(text)
    if span.months:
        raise ValueError(f"{text!r}: a month has no fixed length; give days or weeks")
    return span.value


def parse_span(text: str) -> Span:
    """`3d` -> 3 days, written in days; `2mo` -> 2 calendar months: the value with the units kept, for the words.

    Whole days and weeks are calendar days (a plan adds them on the local calendar), hours and minutes
    are exact; months are calendar months, kept apart in `Span.months` since no timedelta holds one.
    """
    compact = text.strip().lower()
    match = _DURATION.fullmatch(compact)
    if not compact or match is None or not any(match.groups()):
        if compact == TOLD:
            raise ValueError(
                f"{text!r} is not a length: 'told' (the clinic will tell the patient) is for start or until"
            )
        if compact.isdigit():
            raise ValueError(f"{text!r} has no unit; write it as {compact}m, {compact}h or {compact}d")
        raise ValueError(f"{text!r} is not a duration; write a number and a unit, e.g. 30m, 4h, 7d, 1d12h or 2mo")
    if any(g and len(g) > 9 for g in match.groups()):  # 9 digits: no overflow
        raise ValueError(longer_than_a_year(repr(text)))
    months, weeks, days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    value = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    if value + months * MONTH_FOR_THE_LIMIT > A_YEAR:
        raise ValueError(longer_than_a_year(repr(text)))
    units = "".join(letter for letter, group in zip(_UNIT_LETTERS, match.groups(), strict=True) if group)
    return Span(value, units, months)


def parse_span_or_range(text: str) -> Span:
    """`3d` as `parse_span`; or a range, `3d-5d`, `3-5d`, `2h-4h`, `3mo-4mo`: its `range` holds both bounds.

    A bare first number takes the second's unit (`3-5d` is `3d-5d`). The range's own value is its longer
    bound, what a window lasts to unless the rule says otherwise (`end_by`).
    """
    low_text, dash, high_text = text.strip().partition("-")
    if not dash or not low_text.strip():  # no range (a leading "-" is a sign, refused by parse_span)
        return parse_span(text)
    high = parse_span(high_text)
    if low_text.strip().isdigit() and len(high.units) == 1:
        low_text = low_text.strip() + ("mo" if high.units == "M" else high.units)
    low = parse_span(low_text)
    if low.about() >= high.about():
        raise ValueError(f"{text!r}: a range goes from the shorter to the longer, e.g. 3d-5d")
    return Span(high.value, high.units, high.months, (low, high), pick="longer")


def parse_offset(text: str) -> Span:
    """A `start` or an `until`: a span or a range, `-10d`, before the treatment (a negative value), or `told`: a time
    the clinic will give the patient later."""
    stripped = text.strip()
    if stripped == TOLD:
        return Span(told=True)
    if stripped.lower() == TOLD:
        raise ValueError(f"{text!r}: write told in lowercase")
    if not stripped.startswith("-"):
        return parse_span_or_range(text)
    span = parse_span(stripped[1:])
    return Span(-span.value, span.units, -span.months)


def parse_days(text: str) -> tuple[int, int]:
    """`3` -> day 3 alone; `3-7` -> days 3 to 7 (the patient's waking days, day 1 the day of treatment)."""
    low, dash, high = text.strip().partition("-")
    if not (low.strip().isdigit() and (not dash or high.strip().isdigit())):
        raise ValueError(f"{text!r} is not a day or a range of days; write 2, or 3-7 (day 1 is the day of treatment)")
    if any(len(part.strip()) > 4 for part in (low, high)):  # more than a year, and never a huge number to read
        raise ValueError(longer_than_a_year(repr(text)))
    first, last = int(low), int(high) if dash else int(low)
    if first < 1 or last < first:
        raise ValueError(f"{text!r}: days count from 1 (the day of treatment) and go up, e.g. 3-7")
    if last > A_YEAR.days:
        raise ValueError(longer_than_a_year(repr(text)))
    return first, last


def longer_than_a_year(what: str) -> str:
    """The one message for a span over `A_YEAR`, wherever it is found."""
    return f"{what} is longer than a year; the longest accepted is {format_duration(A_YEAR)}"


def parse_clock(text: str) -> time:
    """`"08:00"` -> 08:00, 24-hour clock."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f'{text!r} is not a clock time; write 24-hour HH:MM, e.g. "07:30" or "22:00"')
    return time(int(match[1]), int(match[2]))


def format_duration(span: timedelta) -> str:
    """The shortest exact text for a span: 4h, 90m -> 1h30m, 7d, 0m."""
    minutes = int(span.total_seconds() // 60)
    if minutes == 0:
        return "0m"
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    parts = []
    for unit, size in (("d", 1440), ("h", 60), ("m", 1)):
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count}{unit}")
    return sign + "".join(parts)
