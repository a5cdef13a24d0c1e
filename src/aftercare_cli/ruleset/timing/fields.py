"""A rule's timing, read from its YAML fields: when it starts and ends, how it repeats, a follow-up's session.

The loader reads a rule's words and hands its fields here; each span is read
from its text (`text`), and how the keys fit together is `fit`'s (shared with
the desk's `--set`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from aftercare_cli.model import (
    A_YEAR,
    Anchor,
    DailyTime,
    Days,
    End,
    Kind,
    Span,
    Timing,
    WhenAsleep,
)
from aftercare_cli.ruleset import nodes
from aftercare_cli.ruleset.compose import Node, Problems
from aftercare_cli.ruleset.timing.fit import (
    DAY_KEYS,
    END_BY_BOUNDS,
    FOLLOW_UP_CLOCK,
    MAX_REPEAT,
    check_timing,
    chosen,
    start_at_earlier,
)
from aftercare_cli.ruleset.timing.text import longer_than_a_year, parse_clock, parse_days, parse_span


def read_timing(
    fields: dict[str, Node],
    node: Node,
    where: str,
    kind: Kind | None,
    problems: Problems,
    whole: bool,
) -> Timing | None:
    """A do or avoid rule's timing from its fields, each value as it was written; None (said) if it does not read
    or its parts do not fit. `whole`: the rule read without a problem so far (else only the values are read)."""

    def span(key: str) -> Span | None:
        if key not in fields:
            return None
        read = nodes.offset if key in ("start", "until") else nodes.duration_or_range  # before the treatment: -10d
        return read(fields[key], f"{where}.{key}", problems)

    before = len(problems.lines)
    start = start_at_earlier(span("start") or Span())  # not written: no units of its own to be said in
    length, until, every = span("for"), span("until"), span("every")
    length, until = (_end_by(fields, where, end, problems) for end in (length, until))
    until = _remind_for(fields, where, until, problems)
    every = _remind_every(fields, node, where, every, problems)
    end_words = nodes.optional_written(fields, where, "for_words", problems, single_line=True)
    start_words = nodes.optional_written(fields, where, "start_words", problems, single_line=True)
    days, nights = (
        nodes.parsed(fields[key], f"{where}.{key}", problems, parse_days) if key in fields else None for key in DAY_KEYS
    )
    at = nodes.daily_times(fields.get("at"), f"{where}.at", problems)
    anchor = nodes.choice(fields, node, where, "anchor", Anchor, problems) or Anchor.TREATMENT
    asleep = nodes.choice(fields, node, where, "when_asleep", WhenAsleep, problems) or WhenAsleep.SKIP
    if len(problems.lines) > before or not whole:
        return None  # one mistake, one message: a value that did not read is not also "missing"
    if length is not None and until is not None:
        problems.add(
            fields["until"],
            f"{where}.until",
            "give either 'for' (from the start) or 'until' (from the treatment), not both",
        )
        return None
    # One stretch, every half-day in it written: it begins with the day or the night before it (night N-1 is
    # followed by day N) and ends with the day or its night; days 2 with nights 1-5 would leave days 3-5 out.
    if (
        days is not None
        and nights is not None
        and not (days[0] - 1 <= nights[0] <= days[0] and days[1] - 1 <= nights[1] <= days[1])
    ):
        problems.add(
            fields["nights"],
            f"{where}.nights",
            "days and nights together make one stretch with none left out: the nights between the days, and "
            "at most the night before the first and the night after the last (days: 2-3 with nights: 1-3)",
        )
        return None
    end = End(length, "for") if length is not None else End(until, "until") if until is not None else None
    bound = days or nights
    timing = Timing(
        start,
        end,
        every,
        anchor,
        at,
        asleep,
        days=Days(*bound, nights=days is None, and_nights=nights if days else None) if bound is not None else None,
        start_words=start_words,
        end_words=end_words,
    )

    def report(key: str, message: str) -> None:
        problems.add(fields.get(key, node), f"{where}.{key}" if key else where, message)

    return timing if check_timing(timing, kind, report) else None


def read_follow_up(fields: dict[str, Node], node: Node, where: str, problems: Problems) -> Timing | None:
    """`after: 4w-6w` (due at the shorter: book in time), `at` one daytime clock, `repeat` sessions."""
    before = len(problems.lines)
    if "after" not in fields:
        problems.add(node, f"{where}.after", "missing; how long after the treatment, e.g. after: 4w-6w")
        return None
    after = nodes.duration_or_range(fields["after"], f"{where}.after", problems)
    at = nodes.daily_times(fields.get("at"), f"{where}.at", problems) or (
        DailyTime(clock=parse_clock(FOLLOW_UP_CLOCK)),
    )
    if len(at) > 1:
        problems.add(fields["at"], f"{where}.at", "a follow-up is reminded once on its day; give one time")
    elif at[0].clock is None:  # the day a session is due is counted in days, not from the patient's wake-up
        problems.add(fields["at"], f"{where}.at", 'give a clock time for the reminder, e.g. at: "10:00"')
    repeat = nodes.parsed(fields["repeat"], f"{where}.repeat", problems, _repeat) if "repeat" in fields else 1
    if after is None or repeat is None or len(problems.lines) > before:
        return None
    due = after.range[0] if after.range else after
    if due.about() < timedelta(days=1):
        # Reminded on the day it is due, at a daytime: less than a day after could fall before the treatment.
        problems.add(fields["after"], f"{where}.after", "a follow-up is at least a day after the treatment, e.g. 4w")
        return None
    if due.about() * repeat > A_YEAR:
        problems.add(
            fields.get("repeat", fields["after"]), f"{where}.repeat", longer_than_a_year("'after' times 'repeat'")
        )
        return None
    # Due at the shorter of a range (book in time), the shorter decided on the calendar.
    return Timing(start=start_at_earlier(after), at=at[:1], repeat=repeat)


def _remind_for(fields: dict[str, Node], where: str, until: Span | None, problems: Problems) -> Span | None:
    """`until: told` with the horizon of its reminders (`remind_for: 4w`), the clinic's: held in the told span."""
    if "remind_for" not in fields:
        return until
    horizon = nodes.duration(fields["remind_for"], f"{where}.remind_for", problems)
    if horizon is None:
        return until
    if until is None or not until.told:
        problems.add(
            fields["remind_for"], f"{where}.remind_for", "only applies to 'until: told' (a routine with no end)"
        )
        return until
    return replace(horizon, told=True)


def _repeat(text: str) -> int:
    if not text.isdigit() or len(text) > 3 or not 1 <= int(text) <= MAX_REPEAT:
        raise ValueError(f"{text!r} is not a number of sessions from 1 to {MAX_REPEAT}")
    return int(text)


def _end_by(fields: dict[str, Node], where: str, end: Span | None, problems: Problems) -> Span | None:
    """A `for` or `until` range with the end the plan uses: `end_by` (longer, shorter or a length), else the longer."""
    if end is None or end.range is None:
        if "end_by" in fields and end is not None:
            problems.add(fields["end_by"], f"{where}.end_by", "only applies to a 'for' or 'until' written as a range")
        return end
    choice: str | Span | None = None
    if "end_by" in fields:
        choice = nodes.parsed(fields["end_by"], f"{where}.end_by", problems, _end_by_choice)
        if choice is None:
            return end
    picked = chosen(end, choice)
    if isinstance(picked, str):
        problems.add(fields["end_by"], f"{where}.end_by", picked)
        return end
    return picked


def _end_by_choice(text: str) -> str | Span:
    if text in END_BY_BOUNDS:
        return text
    try:
        return parse_span(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not {' or '.join(END_BY_BOUNDS)}, nor a length within the range (e.g. 4d)"
        ) from None


def _remind_every(
    fields: dict[str, Node], node: Node, where: str, every: Span | None, problems: Problems
) -> Span | None:
    """An `every` range with the interval the reminders use, which the rule must state (`remind_every`)."""
    given = (
        nodes.duration(fields["remind_every"], f"{where}.remind_every", problems) if "remind_every" in fields else None
    )
    if every is None or every.range is None:
        if "remind_every" in fields:
            problems.add(fields["remind_every"], f"{where}.remind_every", "only applies to 'every' written as a range")
        return every
    if given is None:
        if "remind_every" not in fields:
            problems.add(
                fields["every"],
                f"{where}.every",
                "a range of intervals needs 'remind_every': the interval the reminders use, e.g. remind_every: 3h",
            )
        return every
    picked = chosen(every, given)
    if isinstance(picked, str):
        problems.add(fields["remind_every"], f"{where}.remind_every", picked)
        return every
    return picked
