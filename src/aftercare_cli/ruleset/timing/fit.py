"""How a rule's timing keys fit together, and what each kind of rule accepts.

Shared by the rules reader (`fields`) and the desk's `--set` adjustments, so
that a file and an adjustment accept exactly the same timings. No YAML here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

from aftercare_cli.model import (
    A_YEAR,
    MONTH_AT_LEAST,
    Anchor,
    Clock,
    DailyTime,
    Kind,
    Span,
    Timing,
    WhenAsleep,
)
from aftercare_cli.ruleset.timing.text import format_duration, longer_than_a_year, parse_clock

E = TypeVar("E", Kind, Anchor, WhenAsleep, Clock)

MIN_EVERY = timedelta(minutes=15)
NAMED_TIMES = ("wake", "bedtime")
TIMING_KEYS = ("start", "for", "until", "every", "anchor", "at", "when_asleep")
# Keys that say how a range or a vague length is planned: read from the file, kept through a `--set`.
RANGE_KEYS = ("end_by", "remind_every", "for_words", "start_words")
DAY_KEYS = ("days", "nights")
END_BY_BOUNDS = ("longer", "shorter")
# Which rule keys each kind accepts, beyond id, kind, title, details, products, only_for_peel.
KIND_KEYS = {
    Kind.DO: {*TIMING_KEYS, *RANGE_KEYS, *DAY_KEYS, "not_during", "continues"},
    Kind.AVOID: {"start", "for", "until", "end_by", "for_words", "start_words", *DAY_KEYS, "end_note"},
    Kind.TIP: set(),
    Kind.AS_NEEDED: set(),
    Kind.WARNING: set(),
    Kind.FOLLOW_UP: {"after", "at", "repeat"},
}
FOLLOW_UP_CLOCK = "10:00"  # a follow-up's reminder, unless its rule gives `at`: daytime, to call and book
MAX_REPEAT = 12


def settable_keys(kind: Kind) -> list[str]:
    """The timing keys the desk's `--set` may change on a rule of this kind (none on a follow-up: its sessions
    are the clinic's plan of treatments, not a timing to tailor)."""
    return [] if kind is Kind.FOLLOW_UP else [key for key in TIMING_KEYS if key in KIND_KEYS[kind]]


def parse_choice(choices: type[E], text: str) -> E:
    """`"wake"` -> Anchor.WAKE; the exact lowercase value, as the schema says."""
    try:
        return choices(text)
    except ValueError:
        raise ValueError(f"{text!r} is not one of {', '.join(c.value for c in choices)}") from None


def parse_daily_time(text: str) -> DailyTime:
    """`"08:00"`, `wake` or `bedtime`."""
    if text.strip() in NAMED_TIMES:
        return DailyTime(named=text.strip())
    try:
        return DailyTime(clock=parse_clock(text))
    except ValueError as error:
        raise ValueError(f"{error}, or wake or bedtime") from None


def chosen(span: Span, choice: str | Span | None) -> Span | str:
    """The range `span` with the bound the schedule uses: the longer (None), the shorter, or a span in it.

    A message (str) if the choice is not in the range. Which bound is shorter is decided on the calendar
    when the plan is made (`pick`): 29 days can outlast a month.
    """
    assert span.range is not None
    low, high = span.range
    if choice is None or choice == "longer":
        return replace(span, value=high.value, months=high.months, pick="longer")
    if choice == "shorter":
        return replace(span, value=low.value, months=low.months, pick="shorter")
    if isinstance(choice, str):
        return f"{choice!r} is not one of {', '.join(END_BY_BOUNDS)}, or a length within the range"
    if not low.about() <= choice.about() <= high.about():
        return f"{format_span(choice)} is not within {format_span(low)}-{format_span(high)}"
    return replace(span, value=choice.value, months=choice.months, pick="")


def format_span(span: Span) -> str:
    """`2mo`, `3d`: a span's text, for messages."""
    months = f"{span.months}mo" if span.months else ""
    return months + (format_duration(span.value) if span.value or not months else "")


def check_timing(timing: Timing, kind: Kind | None, report: Callable[[str, str], None]) -> bool:
    """Whether the timing's parts fit together; `report(key, message)` for each problem.

    Shared by the file reader and the desk's `--set` adjustments, so both accept exactly the same timings.
    """
    problems = _day_problems(timing, kind) if timing.days is not None else _offset_problems(timing)
    problems += _series_problems(timing)
    if timing.days is None and timing.end is None and kind is Kind.AVOID:
        problems.append(("", "an avoid window needs 'for' or 'until'"))
    if timing.days is None and timing.end is None and kind is Kind.DO and (timing.every is not None or timing.at):
        problems.append(("", "a repeating reminder needs 'for' or 'until'"))
    for key, message in problems:
        report(key, message)
    return not problems


def _offset_problems(timing: Timing) -> list[tuple[str, str]]:
    """A timing bound to offsets from the treatment: a start, and an end as a length (`for`) or a time (`until`)."""
    problems = []
    start, end, length = timing.start, timing.end, timing.length
    if start.range is not None:
        problems.append(("start", "a start is one time, not a range; give the range to 'for' or 'until'"))
    if timing.start_words and not start.written:
        problems.append(
            ("start_words", "the words of the patient's moment need 'start': the default the schedule uses, e.g. 1h")
        )
    if timing.end_words and (end is None or not end.from_start):
        problems.append(("for_words", "the words of a vague length need 'for': the length the schedule uses"))
    if end is not None and end.from_start and end.span.about(MONTH_AT_LEAST) <= timedelta(0):
        problems.append(("for", "must be longer than 0m"))
    if end is not None and not end.from_start and end.span.about(MONTH_AT_LEAST) <= start.about(MONTH_AT_LEAST):
        message = f"ends before it starts (start is {format_span(start)}); make 'until' later than 'start'"
        problems.append(("until", message))
    # Each value is at most a year (parse_span); a start and a length can still add up to more.
    until = timing.until
    if end is not None and end.from_start and length is not None and until is not None and until.about() > A_YEAR:
        problems.append(("for", longer_than_a_year(f"'start' plus 'for' ({format_span(until)})")))
    return problems


def _day_problems(timing: Timing, kind: Kind | None) -> list[tuple[str, str]]:
    """A timing bound to the patient's days or nights: "days 3 to 7", "night 1", "the next morning" (day 2)."""
    assert timing.days is not None
    key = "nights" if timing.days.nights else "days"
    problems = []
    if timing.start.written or timing.end is not None:
        problems.append((key, f"'{key}' says when the rule applies; leave out start, for and until"))
    repeats = timing.every is not None or bool(timing.at)
    if kind is Kind.DO and not repeats and timing.days.first != timing.days.last:
        problems.append((key, "one reminder takes one day; give 'every' or 'at' for a step on several days"))
    return problems


def _series_problems(timing: Timing) -> list[tuple[str, str]]:
    """How `every`, `at` and `anchor` fit together, for a timing bound to offsets or to days alike."""
    problems = []
    every, at = timing.every, timing.at
    if every is not None and every.months:
        problems.append(("every", "a month has no fixed length for a reminder's interval; give days or weeks"))
    elif every is not None and every.value < MIN_EVERY:
        problems.append(("every", f"an interval under {format_duration(MIN_EVERY)} is too small for a reminder"))
    if every is not None and at:
        problems.append(("at", "give either 'every' (elapsed time) or 'at' (daily clock times), not both"))
    if timing.anchor is Anchor.WAKE and every is None:
        problems.append(("anchor", "'anchor' only applies to an 'every' series"))
    return problems
