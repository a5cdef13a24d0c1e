"""Rules that can make no reminder at all for a treatment at some times of day, found without planning.

A series that lives on clock times (daily `at` times, or `every` counted from
wake-up) fires only at those times; if it lasts less than the longest gap
between two of them, a treatment at the wrong time of day gets none (`every:
2h, anchor: wake, until: 1m`: almost every treatment). A series counted from
the treatment that skips the sleep hours makes nothing when all of it fits in
one night. `plan` refuses such a plan when it happens; `rules check` says so
beforehand, for a patient with the default sleep hours (22:00-07:00).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from aftercare_cli.model import MONTH_AT_LEAST, Anchor, Kind, Patient, Rule, RuleSet, Timing, WhenAsleep, clock_24h
from aftercare_cli.timing_words import clock_names, span_words

_DAY = timedelta(days=1)
_MINUTES_HINT = " (m is minutes; days are d, weeks w)"


def reach_problems(ruleset: RuleSet) -> list[str]:
    """`file: rules[id]: ...` for each do-rule that a treatment at some time of day leaves with no reminder."""
    where = f"{ruleset.path}: " if ruleset.path else ""
    return [f"{where}rules[{rule.id}]: {problem}" for rule in ruleset.rules if (problem := _problem(rule, Patient()))]


def _problem(rule: Rule, patient: Patient) -> str:
    timing = rule.timing
    if rule.kind is not Kind.DO or timing is None or timing.end is None:
        return ""  # a one-off is always planned, or said to be skipped
    # Calendar months at their shortest: what a rule could fall short of is its least length.
    length = timing.end - timing.start + (timing.end_months - timing.start_months) * MONTH_AT_LEAST
    unit = _MINUTES_HINT if length < timedelta(hours=1) else ""
    clocks = _clock_times(timing, patient)
    if clocks:
        gap = _longest_gap(clocks)
        if length >= gap:
            return ""
        what = (
            "at " + " and ".join(clock_names(timing))
            if timing.at
            else f"every {span_words(timing.every or _DAY, timing.every_units, short=True)}"
        )
        if not timing.at:
            what += f" from wake-up, {clock_24h(clocks[0])} to {clock_24h(clocks[-1])}"
        return (
            f"it lasts {span_words(length)}, less than the {span_words(gap)} between two of its reminders ({what}): "
            f"a treatment at some times of day would get none; make it last at least {span_words(gap)}{unit}"
        )
    if timing.every is None or timing.when_asleep is not WhenAsleep.SKIP:
        return ""
    count = -(-length // timing.every)  # every `every` from the start, the end excluded
    night = _between(patient.bedtime, patient.wake)
    if (count - 1) * timing.every >= night:
        return ""
    asleep = f"{clock_24h(patient.bedtime)}-{clock_24h(patient.wake)}"
    every = span_words(timing.every, timing.every_units, short=True)
    return (
        f"its {_count(count)} (every {every} for {span_words(length)}) can all fall in one "
        f"night's sleep ({asleep}), where they are skipped: a treatment in the evening would get none; make it "
        f"last longer, or give it when_asleep: wake{unit}"
    )


def _count(count: int) -> str:
    return "one reminder" if count == 1 else f"{count} reminders"


def _clock_times(timing: Timing, patient: Patient) -> list[time]:
    """The clock times a daily or wake-up series can fire at, in order; [] for a series counted from the treatment."""
    if timing.at:
        return sorted({daily.resolve(patient.wake, patient.bedtime) for daily in timing.at})
    if timing.anchor is not Anchor.WAKE or timing.every is None:
        return []
    awake = _between(patient.wake, patient.bedtime)
    steps = awake // timing.every  # wake-up, then every `every` up to bedtime itself
    start = datetime.combine(datetime.min, patient.wake)
    return [(start + step * timing.every).time() for step in range(steps + 1)]


def _longest_gap(clocks: list[time]) -> timedelta:
    """The longest time between two neighbouring clock times, around the clock (a day for a single time)."""
    following = [*clocks[1:], clocks[0]]
    return max(_between(earlier, later) or _DAY for earlier, later in zip(clocks, following, strict=True))


def _between(earlier: time, later: time) -> timedelta:
    """From one clock time to the next occurrence of another, within a day."""
    span = datetime.combine(datetime.min, later) - datetime.combine(datetime.min, earlier)
    return span % _DAY
