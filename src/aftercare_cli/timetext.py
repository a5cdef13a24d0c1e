"""Durations and clock times written as text: `30m`, `4h`, `1d12h`, `"08:00"`.

They are parsed here, from their text, so that YAML 1.1 typing (`8:00` is the
integer 480) or a shell never changes their meaning.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from aftercare_cli.model import Span

# Mirrored by schema.DURATION_PATTERN (JSON Schema for editors); keep the two in step.
_DURATION = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")
# The one "year": no aftercare rule lasts longer, and a treatment further away than this is a typo.
A_YEAR = timedelta(days=366)
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_duration(text: str) -> timedelta:
    """`4h` -> 4 hours. Raises ValueError with a message a clinic can act on."""
    compact = text.strip().lower()
    match = _DURATION.fullmatch(compact)
    if not compact or match is None or not any(match.groups()):
        if compact.isdigit():
            raise ValueError(f"{text!r} has no unit; write it as {compact}m, {compact}h or {compact}d")
        raise ValueError(f"{text!r} is not a duration; write a number and a unit, e.g. 30m, 4h, 7d or 1d12h")
    weeks, days, hours, minutes = (int(g[:9]) if g else 0 for g in match.groups())  # 9 digits: no overflow
    if any(g and len(g) > 9 for g in match.groups()) or (((weeks * 7 + days) * 24 + hours) * 60 + minutes) > (
        A_YEAR // timedelta(minutes=1)
    ):
        raise ValueError(longer_than_a_year(repr(text)))
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)


def parse_span(text: str) -> Span:
    """`3d` -> 3 days, written in days: `parse_duration` with the units kept, so the words can be the clinic's."""
    value = parse_duration(text)
    written = text.strip().lower()
    return Span(value, "".join(unit for unit in "wdhm" if unit in written))


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


def format_offset(span: timedelta) -> str:
    """`+4h`, `+1d 2h 30m`: how long after the treatment something falls, spaced to read aloud."""
    text = format_duration(span)
    spaced = re.sub(r"(?<=[dhm])(?=\d)", " ", text)
    return spaced if spaced.startswith("-") else "+" + spaced


def format_clock(clock: time) -> str:
    """`07:05`: 24-hour, zero-padded."""
    return f"{clock.hour:02d}:{clock.minute:02d}"


def day_label(moment: datetime) -> str:
    """`Thu 26 Nov`."""
    return f"{moment:%a} {moment.day} {moment:%b}"


def utc_offset(moment: datetime) -> str:
    """`+13:00`, as people write it."""
    text = f"{moment:%z}"
    return f"{text[:3]}:{text[3:]}"
