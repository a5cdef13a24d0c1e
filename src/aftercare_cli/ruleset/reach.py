"""Rules that can make no reminder at all for a treatment at some times of day, found without planning.

A series that lives on clock times (daily `at` times, or `every` counted from
wake-up) fires only at those times; if it lasts less than the longest gap
between two of them, a treatment at the wrong time of day gets none (`every:
2h, anchor: wake, until: 1m`: almost every treatment). A series counted from
the treatment that skips the sleep hours makes nothing when all of it fits in
one night. `plan` refuses such a plan when it happens; `rules check` says so
beforehand, for a patient with the default sleep hours (22:00-07:00). Values
only: `rules check` says them (`cli.desk_messages`).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from aftercare_cli.frozen import frozen
from aftercare_cli.model import MONTH_AT_LEAST, Anchor, Kind, Patient, Rule, RuleSet, Timing, WhenAsleep

_DAY = timedelta(days=1)


@frozen
class Unreached:
    """A do-rule a treatment at some time of day would leave with no reminder.

    `clocks` (a series on clock times): the times it fires at, and `gap` the longest between two, which
    its `length` falls short of. No clocks (a series counted from the treatment): its `count` reminders
    can all fall in one night's sleep, which is `gap` long.
    """

    rule: Rule
    length: timedelta  # how long it lasts at least
    gap: timedelta
    clocks: tuple[time, ...] = ()
    count: int = 0


def unreached(ruleset: RuleSet, patient: Patient | None = None) -> list[Unreached]:
    """Each do-rule that a treatment at some time of day leaves with no reminder, in the rules' order, for
    `patient`'s sleep hours (the default 22:00-07:00)."""
    return [found for rule in ruleset.rules if (found := _unreached(rule, patient or Patient())) is not None]


def _unreached(rule: Rule, patient: Patient) -> Unreached | None:
    timing = rule.timing
    # A routine with no end is reminded for the clinic's horizon, if it gave one; without one it makes none, said so.
    reminded = timing.length or timing.horizon if timing is not None else None
    if rule.kind is not Kind.DO or timing is None or reminded is None:
        return None  # a one-off is always planned, or said to be skipped
    length = reminded.about(MONTH_AT_LEAST)  # calendar months at their shortest: its least length
    clocks = _clock_times(timing, patient)
    if clocks:
        gap = _longest_gap(clocks)
        return Unreached(rule, length, gap, tuple(clocks)) if length < gap else None
    if timing.every is None or timing.when_asleep is not WhenAsleep.SKIP:
        return None
    every = timing.every.value
    count = -(-length // every)  # every `every` from the start, the end excluded
    night = _between(patient.bedtime, patient.wake)
    return Unreached(rule, length, night, count=count) if (count - 1) * every < night else None


def _clock_times(timing: Timing, patient: Patient) -> list[time]:
    """The clock times a daily or wake-up series can fire at, in order; [] for a series counted from the treatment."""
    if timing.at:
        return sorted({daily.resolve(patient.wake, patient.bedtime) for daily in timing.at})
    if timing.anchor is not Anchor.WAKE or timing.every is None:
        return []
    awake = _between(patient.wake, patient.bedtime)
    steps = awake // timing.every.value  # wake-up, then every `every` up to bedtime itself
    start = datetime.combine(datetime.min, patient.wake)
    return [(start + step * timing.every.value).time() for step in range(steps + 1)]


def _longest_gap(clocks: list[time]) -> timedelta:
    """The longest time between two neighbouring clock times, around the clock (a day for a single time)."""
    following = [*clocks[1:], clocks[0]]
    return max(_between(earlier, later) or _DAY for earlier, later in zip(clocks, following, strict=True))


def _between(earlier: time, later: time) -> timedelta:
    """From one clock time to the next occurrence of another, within a day."""
    span = datetime.combine(datetime.min, later) - datetime.combine(datetime.min, earlier)
    return span % _DAY
