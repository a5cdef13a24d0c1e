"""A rule's timing in words, said one way by every face: "24 hours", "every 4 h", "moved to wake-up if asleep".

The placeholders (`<for>`), the desk's adjustment notes ("72 hours instead of
24 hours"), `rules list` and the desk view's repeat patterns all take their
words from here, so no two of them describe one timing differently.
"""

from __future__ import annotations

import re
from datetime import timedelta

from aftercare_cli.model import Anchor, Timing, WhenAsleep
from aftercare_cli.timetext import format_clock, format_duration

ASLEEP_WORDS = {
    WhenAsleep.SKIP: "skipped while asleep",
    WhenAsleep.WAKE: "moved to wake-up if asleep",
    WhenAsleep.KEEP: "kept even while asleep",
}


def span_words(span: timedelta) -> str:
    """A span as a patient reads it: `24 hours`, `72 hours`, `7 days`, `90 minutes`, `1 hour`.

    Hours up to three days, as aftercare texts count them ("the first 72 hours"); whole days beyond.
    """
    minutes = int(span.total_seconds() // 60)
    if minutes > 3 * 1440 and minutes % 1440 == 0:
        return _count(minutes // 1440, "day")
    if minutes % 60 == 0 and minutes:
        return _count(minutes // 60, "hour")
    if minutes < 120:
        return _count(minutes, "minute")
    return f"{_count(minutes // 60, 'hour')} {_count(minutes % 60, 'minute')}"


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def short_span(span: timedelta) -> str:
    """`1d12h` -> `36 h`, `7d` -> `7 d`: as people say it."""
    if span < timedelta(days=2) and span % timedelta(hours=1) == timedelta(0):
        return f"{span // timedelta(hours=1)} h"
    return re.sub(r"(\d+)([wdhm])", r"\1 \2 ", format_duration(span)).strip()


def clock_names(timing: Timing) -> list[str]:
    """A daily rule's clock times as written: "08:00", "wake-up", "bedtime"."""
    return [format_clock(t.clock) if t.clock else ("wake-up" if t.named == "wake" else t.named) for t in timing.at]


def setting_words(field: str, timing: Timing) -> str:
    """One timing field as the patient reads it, for "adjusted: 72 hours instead of 24 hours"."""
    if field == "for" and timing.end is not None:
        return span_words(timing.end - timing.start)
    if field == "until" and timing.end is not None:
        return f"until {span_words(timing.end)} after treatment"
    if field == "start":
        return f"from {span_words(timing.start)} after treatment" if timing.start else "from the treatment"
    if field == "every" and timing.every is not None:
        return f"every {span_words(timing.every)}"
    if field == "anchor":
        return "counted from each wake-up" if timing.anchor is Anchor.WAKE else "counted from the treatment"
    if field == "at":
        return "at " + " and ".join(clock_names(timing))
    return ASLEEP_WORDS[timing.when_asleep]
