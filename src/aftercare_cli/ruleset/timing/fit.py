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
    CLOCK_CHANGE_AT_MOST,
    MONTH_AT_LEAST,
    MONTH_AT_MOST,
    Anchor,
    Clock,
    DailyTime,
    Kind,
    Span,
    Timing,
    WhenAsleep,
    surely_after,
)
from aftercare_cli.ruleset.timing.text import format_duration, longer_than_a_year, parse_clock

E = TypeVar("E", Kind, Anchor, WhenAsleep, Clock)

MIN_EVERY = timedelta(minutes=15)
NAMED_TIMES = ("wake", "bedtime")
TIMING_KEYS = ("start", "for", "until", "every", "anchor", "at", "when_asleep")
# Keys that say how a range, a vague length or an end the clinic will give is planned: kept through a `--set`.
RANGE_KEYS = ("end_by", "remind_every", "for_words", "start_words", "remind_for")
DAY_KEYS = ("days", "nights")
# Why a start and an end in different units can meet on some dates (`model.least_gap`).
_CHANGE_HOURS = CLOCK_CHANGE_AT_MOST // timedelta(hours=1)
CALENDAR_LENGTHS = (
    f"a calendar day is {24 - _CHANGE_HOURS} to {24 + _CHANGE_HOURS} hours where the clocks change, "
    f"a month {MONTH_AT_LEAST.days} to {MONTH_AT_MOST.days} days"
)
END_BY_BOUNDS = ("longer", "shorter")
# When an as-needed step applies or an effect is expected: its days, or a start and an end, and the words.
STRETCH_KEYS = {"start", "for", "until", "end_by", "for_words", "start_words", *DAY_KEYS}
# Which rule keys each kind accepts, beyond id, kind, title, details, products, only_for_peel.
KIND_KEYS = {
    Kind.DO: {*TIMING_KEYS, *RANGE_KEYS, *DAY_KEYS, "not_during", "continues"},
    Kind.AVOID: {*STRETCH_KEYS, "end_note"},
    Kind.TIP: set(),
    Kind.AS_NEEDED: set(STRETCH_KEYS),
    Kind.WARNING: {"contact"},
    Kind.FOLLOW_UP: {"after", "at", "repeat"},
    Kind.EXPECT: set(STRETCH_KEYS),
}
# The kinds whose timing is optional: without one, on the plan beside the timeline; with one, on its days.
STRETCH_KINDS = (Kind.AS_NEEDED, Kind.EXPECT)
# The kinds a time the clinic will give (`start: told`, `until: told`) applies to.
TOLD_KINDS = (Kind.DO, Kind.AVOID)
WARNING_CONTACTS = ("clinic", "none")  # a warning sign's `contact`: the clinic's goes with it (default), or none
FOLLOW_UP_CLOCK = "10:00"  # a follow-up's reminder, unless its rule gives `at`: daytime, to call and book
MAX_REPEAT = 12


def settable_keys(kind: Kind) -> list[str]:
    """The timing keys the desk's `--set` may change on a rule of this kind (none on a follow-up: its sessions
    are the clinic's plan of treatments, not a timing to tailor)."""
    return [key for key in TIMING_KEYS if key in KIND_KEYS[kind]] if kind in (Kind.DO, Kind.AVOID) else []


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
    when the plan is made (`pick`): 29 days can outlast a month. The span takes the units of what it uses:
    `end_by: 73h` of `3-5d` is 73 exact hours, not three calendar days and one hour.
    """
    assert span.range is not None
    low, high = span.range
    if choice is None or choice in END_BY_BOUNDS:
        return at_bound(span, choice or "longer")
    if isinstance(choice, str):
        return f"{choice!r} is not one of {', '.join(END_BY_BOUNDS)}, or a length within the range"
    if not low.about() <= choice.about() <= high.about():
        return f"{format_span(choice)} is not within {format_span(low)}-{format_span(high)}"
    return replace(span, value=choice.value, units=choice.units, months=choice.months, pick="")


def format_span(span: Span) -> str:
    """`2mo`, `3d`: a span's text, for messages."""
    months = f"{span.months}mo" if span.months else ""
    return months + (format_duration(span.value) if span.value or not months else "")


def check_timing(timing: Timing, kind: Kind | None, report: Callable[[str, str], None]) -> bool:
    """Whether the timing's parts fit together; `report(key, message)` for each problem.

    Shared by the file reader and the desk's `--set` adjustments, so both accept exactly the same timings.
    """
    problems = _day_problems(timing, kind) if timing.days is not None else _offset_problems(timing, kind)
    problems += _series_problems(timing)
    if timing.days is None and timing.end is None and kind is Kind.AVOID:
        problems.append(("", "an avoid window needs 'for' or 'until' (until: told, if the clinic will say when)"))
    if timing.days is None and timing.end is None and kind in STRETCH_KINDS:
        problems.append(
            (
                "",
                f"an {kind.value} rule with a timing needs 'days', or 'for' or 'until', to say when it applies; "
                "leave its timing out if it applies throughout",
            )
        )
    if timing.days is None and timing.end is None and kind is Kind.DO and (timing.every is not None or timing.at):
        problems.append(("", "a repeating reminder needs 'for' or 'until' (until: told, if the clinic will say when)"))
    for key, message in problems:
        report(key, message)
    return not problems


def _offset_problems(timing: Timing, kind: Kind | None) -> list[tuple[str, str]]:
    """A timing bound to offsets from the treatment: a start, and an end as a length (`for`) or a time (`until`);
    either may be the clinic's to give later (`told`)."""
    problems = []
    start, end, length = timing.start, timing.end, timing.length
    told = [key for key, span in (("start", start), ("until", end.span if end else None)) if span and span.told]
    for key in told:
        if kind not in TOLD_KINDS:
            problems.append(
                (key, "'told' is for do and avoid rules; an as-needed step or an expectation gives its days")
            )
    if end is not None and end.open and kind is Kind.DO and timing.every is None and not timing.at:
        problems.append(("until", "a single reminder has no end; 'until: told' is for a routine (every or at)"))
    if timing.start_words and not (start.written or start.told):
        problems.append(
            ("start_words", "the words of the patient's moment need 'start': the default the schedule uses, e.g. 1h")
        )
    if timing.end_words and (end is None or not (end.from_start or end.open)):
        problems.append(
            ("for_words", "the words of a vague length need 'for' (the length the schedule uses) or 'until: told'")
        )
    if end is not None and end.from_start and end.span.about(MONTH_AT_LEAST) <= timedelta(0):
        problems.append(("for", "must be longer than 0m"))
    horizon = timing.horizon
    if horizon is not None and horizon.about(MONTH_AT_LEAST) <= timedelta(0):
        problems.append(("remind_for", "must be longer than 0m"))
    if horizon is not None and start.told:
        problems.append(("remind_for", "the reminders need a start the plan knows; 'start: told' has none"))
    if horizon is not None and start.plus(horizon).about() > A_YEAR:
        problems.append(
            ("remind_for", longer_than_a_year(f"'start' plus 'remind_for' ({format_span(start.plus(horizon))})"))
        )
    latest = start.bounds()[1]  # a start written as a range: the end comes after its later bound
    earliest_end = end.span.bounds()[0] if end is not None and not end.from_start and not end.open else None
    if earliest_end is not None and not start.told and not surely_after(earliest_end, latest):
        start_is, fix = f"(start is {_format_offset(start)})", "make 'until' later than 'start'"
        if earliest_end.about(MONTH_AT_LEAST) <= latest.about(MONTH_AT_LEAST):
            problems.append(("until", f"ends before it starts {start_is}; {fix}"))
        else:  # `start: 1d, until: 25h`; `start: 1mo, until: 30d`
            problems.append(("until", f"can end before it starts {start_is}: {CALENDAR_LENGTHS}; {fix}"))
    # Each value is at most a year (parse_span); a start and a length can still add up to more.
    until = timing.until
    if end is not None and end.from_start and length is not None and until is not None and until.about() > A_YEAR:
        problems.append(("for", longer_than_a_year(f"'start' plus 'for' ({format_span(until)})")))
    return problems


def _day_problems(timing: Timing, kind: Kind | None) -> list[tuple[str, str]]:
    """A timing bound to the patient's days or nights: "days 3 to 7", "night 1", "the next morning" (day 2)."""
    assert timing.days is not None
    key = "nights" if timing.days.nights or timing.days.and_nights else "days"
    problems = []
    if timing.start.written or timing.start.told or timing.end is not None:
        problems.append((key, f"'{key}' says when the rule applies; leave out start, for and until"))
    repeats = timing.every is not None or bool(timing.at)
    first, last = timing.days.parts()
    if kind is Kind.DO and not repeats and first != last:
        what = "one day" if timing.days.and_nights is None else "one day or one night"
        problems.append((key, f"one reminder takes {what}; give 'every' or 'at' for a step on several days"))
    return problems


def _format_offset(span: Span) -> str:
    """A start's text for messages: `2d`, a range `2d-3d`."""
    if span.range is None:
        return format_span(span)
    return "-".join(format_span(bound) for bound in span.range)


def at_bound(span: Span, pick: str) -> Span:
    """The range `span` planned at its `shorter` or `longer` bound, which one decided on the calendar when the plan
    is made (`core.localtime.later`); its value and units those of that bound, its words both."""
    assert span.range is not None
    bound = span.range[0] if pick == "shorter" else span.range[1]
    return replace(span, value=bound.value, units=bound.units, months=bound.months, pick=pick)


def start_at_earlier(start: Span) -> Span:
    """A start written as a range (`start: 2d-3d`, "on the 3rd-4th day") planned at its earlier bound, so a step or
    a window is never late."""
    return at_bound(start, "shorter") if start.range is not None else start


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
