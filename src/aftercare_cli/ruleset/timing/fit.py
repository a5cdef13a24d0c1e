"""How a rule's timing keys fit together, and what each kind of rule accepts.

Shared by the rules loader and the desk's `--set` adjustments, so that a file
and an adjustment accept exactly the same timings. No YAML here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

from aftercare_cli.model import (
    A_YEAR,
    MONTH_AT_LEAST,
    MONTH_FOR_THE_LIMIT,
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


def settable_keys(kind: Kind) -> list[str]:
    """The timing keys the desk's `--set` may change on a rule of this kind (none on a follow-up: its sessions
    are the clinic's plan of treatments, not a timing to tailor)."""
    return [] if kind is Kind.FOLLOW_UP else [key for key in TIMING_KEYS if key in KIND_KEYS[kind]]


MAX_REPEAT = 12


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
    """The range `span` with the value the schedule uses: its longer bound (None), its shorter, or a span in it.

    A message (str) if the choice is not in the range.
    """
    assert span.range is not None
    low, high = span.range
    if choice is None or choice == "longer":
        return replace(span, value=high.value, months=high.months)
    if choice == "shorter":
        return replace(span, value=low.value, months=low.months)
    if isinstance(choice, str):
        return f"{choice!r} is not one of {', '.join(END_BY_BOUNDS)}, or a length within the range"
    if not _about(low) <= _about(choice) <= _about(high):
        return f"{format_span(choice)} is not within {format_span(low)}-{format_span(high)}"
    return replace(span, value=choice.value, months=choice.months)


def _about(span: Span) -> timedelta:
    return span.value + span.months * MONTH_FOR_THE_LIMIT


def format_span(span: Span) -> str:
    """`2mo`, `3d`: a span's text, for messages."""
    months = f"{span.months}mo" if span.months else ""
    return months + (format_duration(span.value) if span.value or not months else "")


def build_timing(
    start_span: Span,
    length_span: Span | None,
    until_span: Span | None,
    every_span: Span | None,
    anchor: Anchor,
    at: tuple[DailyTime, ...],
    asleep: WhenAsleep,
    kind: Kind | None,
    report: Callable[[str, str], None],
    for_words: str = "",
    start_words: str = "",
    days: tuple[int, int] | None = None,
    nights: tuple[int, int] | None = None,
) -> Timing | None:
    """Check how the timing keys fit together; `report(key, message)` for each problem.

    Shared by the file loader and the desk's `--set` adjustments, so both accept
    exactly the same timings. The spans' values make the timing; their written
    units go with it, for its words.
    """
    start = start_span.value
    length, until, every = (span.value if span else None for span in (length_span, until_span, every_span))
    ok = True
    start_months = start_span.months
    end_months = until_span.months if until_span else start_months + (length_span.months if length_span else 0)

    def about(value: timedelta, months: int) -> timedelta:  # months at their shortest, for which comes first
        return value + months * MONTH_AT_LEAST

    def problem(key: str, message: str) -> None:
        nonlocal ok
        ok = False
        report(key, message)

    bound = days or nights
    if bound is not None:
        return _day_timing(
            days, nights, start_span, length_span, until_span, every_span, anchor, at, asleep, kind, report
        )
    if start_span.range is not None:
        problem("start", "a start is one time, not a range; give the range to 'for' or 'until'")
    if start_words and not start_span.units:
        problem("start_words", "the words of the patient's moment need 'start': the default the schedule uses, e.g. 1h")
    if for_words and length is None:
        problem("for_words", "the words of a vague length need 'for': the length the schedule uses")
    if length is not None and until is not None:
        problem("until", "give either 'for' (from the start) or 'until' (from the treatment), not both")
    end = until if until is not None else (start + length if length is not None else None)
    if length is not None and length_span and about(length, length_span.months) <= timedelta(0):
        problem("for", "must be longer than 0m")
    if until is not None and until_span and about(until, until_span.months) <= about(start, start_months):
        problem("until", f"ends before it starts (start is {format_duration(start)}); make 'until' later than 'start'")
    # Each value is at most a year (parse_duration); a start and a length can still add up to more.
    if end is not None and end + end_months * MONTH_FOR_THE_LIMIT > A_YEAR and until is None:
        problem("for", longer_than_a_year(f"'start' plus 'for' ({format_duration(end)})"))
    for key, message in _series_problems(every_span, at, anchor):
        problem(key, message)
    if kind is Kind.AVOID and end is None:
        problem("", "an avoid window needs 'for' or 'until'")
    if kind is Kind.DO and (every is not None or at) and end is None:
        problem("", "a repeating reminder needs 'for' or 'until'")
    if not ok:
        return None
    written_end = until_span or length_span
    return Timing(
        start,
        end,
        every,
        anchor,
        at,
        asleep,
        length_from_start=length is not None,
        start_units=start_span.units,
        end_units=written_end.units if written_end else "",
        every_units=every_span.units if every_span else "",
        start_months=start_months,
        end_months=end_months if end is not None else 0,
        end_range=written_end.range if written_end else None,
        every_range=every_span.range if every_span else None,
        for_words=for_words,
        start_words=start_words,
    )


def _series_problems(every: Span | None, at: tuple[DailyTime, ...], anchor: Anchor) -> list[tuple[str, str]]:
    """How `every`, `at` and `anchor` fit together, for a timing bound to offsets or to days alike."""
    problems = []
    if every is not None and every.months:
        problems.append(("every", "a month has no fixed length for a reminder's interval; give days or weeks"))
    elif every is not None and every.value < MIN_EVERY:
        problems.append(("every", f"an interval under {format_duration(MIN_EVERY)} is too small for a reminder"))
    if every is not None and at:
        problems.append(("at", "give either 'every' (elapsed time) or 'at' (daily clock times), not both"))
    if anchor is Anchor.WAKE and every is None:
        problems.append(("anchor", "'anchor' only applies to an 'every' series"))
    return problems


def _day_timing(
    days: tuple[int, int] | None,
    nights: tuple[int, int] | None,
    start_span: Span,
    length_span: Span | None,
    until_span: Span | None,
    every_span: Span | None,
    anchor: Anchor,
    at: tuple[DailyTime, ...],
    asleep: WhenAsleep,
    kind: Kind | None,
    report: Callable[[str, str], None],
) -> Timing | None:
    """A timing bound to the patient's days or nights: "days 3 to 7", "night 1", "the next morning" (day 2)."""
    problems = []
    if days is not None and nights is not None:
        problems.append(("nights", "give either 'days' or 'nights', not both"))
    key = "days" if days is not None else "nights"
    if start_span.units or length_span is not None or until_span is not None:
        problems.append((key, f"'{key}' says when the rule applies; leave out start, for and until"))
    bound = days or nights
    assert bound is not None
    repeats = every_span is not None or bool(at)
    if kind is Kind.DO and not repeats and bound[0] != bound[1]:
        problems.append((key, "one reminder takes one day; give 'every' or 'at' for a step on several days"))
    problems += _series_problems(every_span, at, anchor)
    for where, message in problems:
        report(where, message)
    if problems:
        return None
    # `end` is an upper bound on the rule's reach (day N ends within N days of the treatment, a night the day after).
    end = timedelta(days=bound[1] + 2) if kind is Kind.AVOID or repeats else None
    return Timing(
        timedelta(0),
        end,
        every_span.value if every_span else None,
        anchor,
        at,
        asleep,
        every_units=every_span.units if every_span else "",
        every_range=every_span.range if every_span else None,
        days=days,
        nights=nights,
    )


def kept_through(before: Timing, after: Timing, field: str) -> Timing:
    """`after`, a `--set` of `field` on `before`, with what the desk did not change as the clinic wrote it.

    The ranges of the spans left alone (their bounds still count from the same place), a vague
    length's words unless the end became an `until`, and the days or nights it is bound to.
    """
    return replace(
        after,
        end_range=after.end_range if field in ("for", "until") else before.end_range,
        every_range=after.every_range if field == "every" else before.every_range,
        for_words=before.for_words if after.length_from_start else "",
        start_words=before.start_words,
        # A desk's start, for or until replaces the days the rule was bound to; anything else keeps them.
        days=None if field in ("start", "for", "until") else before.days,
        nights=None if field in ("start", "for", "until") else before.nights,
    )
