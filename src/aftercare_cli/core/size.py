"""How big a plan the rules make, told before any of it is made: the size estimate and the limits.

A plan is read at a desk and imported into a phone: past MAX_ITEMS it is a
mistake in the rules (every 1m for 365d), and a treatment so far off that the
plan leaves the calendar's years is a mistyped date. Both are refused before
anything is expanded; `rules check` asks the same questions for every peel.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from aftercare_cli import option_names as opt
from aftercare_cli.errors import PlanError, UsageError
from aftercare_cli.model import (
    CLOCK_CHANGE_AT_MOST,
    MONTH_AT_LEAST,
    MONTH_AT_MOST,
    UNTIMED,
    Anchor,
    Kind,
    Rule,
    RuleSet,
    Span,
    Timing,
    nominal_days,
)

MAX_ITEMS = 1000
_DAY = timedelta(days=1)
# What a count over calendar days can gain on 24-hour days: a clock change, for a longer end and a shorter interval.
_NOMINAL_SLACK = 2 * CLOCK_CHANGE_AT_MOST


def estimated_items(rule: Rule) -> int:
    """An upper bound on the timeline items a rule makes, computed without expanding it."""
    timing = rule.timing
    if rule.kind in UNTIMED or timing is None:
        return 0  # advice, a warning sign or an as-needed step: beside the timeline, not an item
    if rule.kind is Kind.AVOID:
        return 2 if rule.end_note else 1
    if rule.kind is Kind.FOLLOW_UP:
        return timing.repeat
    length = longest(timing)
    if length is None:
        return 1
    # The days counted have room for a day an hour longer (+ 2 days).
    days = math.ceil(length / _DAY) + 2
    if timing.at:
        return days * len(timing.at)
    if timing.every is not None and timing.anchor is Anchor.WAKE:
        return days * (math.ceil(_DAY / timing.every.value) + 1)
    if timing.every is not None:  # one every `every` from `start` at most (a moved one only pushes the rest later)
        nominal = [span for span in (timing.start, timing.every, timing.length) if span is not None]
        calendar = timing.days is not None or any(span.months or nominal_days(span) for span in nominal)
        slack = _NOMINAL_SLACK if calendar else timedelta(0)
        return math.ceil((length + slack) / timing.every.value)
    return 1


def longest(timing: Timing) -> timedelta | None:
    """The longest a timing can last from its start (calendar months at their longest); None for one moment.

    A timing bound to days lasts at most its last day and the night after it, counted from the treatment.
    """
    if timing.days is not None:
        return timedelta(days=_last_day(timing) + 2) if timing.every is not None or timing.at else None
    if timing.end is None or timing.deferred:
        return None
    if timing.end.open:  # no end: its reminders go as far as the clinic's horizon, if it gave one
        horizon = timing.horizon
        return horizon.value + horizon.months * MONTH_AT_MOST if horizon is not None else None
    end = _longer(timing.end.span)
    if timing.end.from_start:
        return end.value + end.months * MONTH_AT_MOST
    start = timing.start
    return end.value - start.value + end.months * MONTH_AT_MOST - start.months * MONTH_AT_LEAST


def _longer(span: Span) -> Span:
    """A range's longer bound (at its longest), or the span."""
    return span.range[1] if span.range is not None else span


def oversize_problem(rules: list[Rule], path: str) -> str:
    """'' if the rules fit in one plan, else what is too big and in which file (for plan and rules check)."""
    counts = {rule.id: estimated_items(rule) for rule in rules}
    total = sum(counts.values())
    if total <= MAX_ITEMS:
        return ""
    worst = max(counts, key=lambda rule_id: counts[rule_id])
    where = f"{path}: " if path else ""
    if counts[worst] * 2 > total:  # one rule makes most of it: that rule is the problem
        culprit = f"rule {worst!r} alone makes about {counts[worst]}; make it less frequent or shorter"
    else:
        making = sum(1 for count in counts.values() if count)  # tips make no timeline items
        culprit = f"{making} rules make about {total} together; make the frequent ones less frequent or shorter"
    return f"{where}these rules would make about {total} timeline items, a plan holds at most {MAX_ITEMS}: {culprit}"


def plan_problems(ruleset: RuleSet) -> list[str]:
    """What `make_plan` would refuse because of the rules alone, for any of the treatment's peels."""
    peels = [peel.id for peel in ruleset.peels] or [""]
    found = (oversize_problem([r for r in ruleset.rules if r.applies_to(peel)], ruleset.path) for peel in peels)
    return list(dict.fromkeys(problem for problem in found if problem))


def refuse_oversized(rules: list[Rule], path: str) -> None:
    """A PlanError if the rules make more than a plan holds."""
    problem = oversize_problem(rules, path)
    if problem:
        raise PlanError(problem)


def refuse_overflow(rules: list[Rule], start_utc: datetime) -> None:
    """A UsageError if the plan would run past the years a datetime (and a calendar) can hold."""
    ends = [_reach(rule.timing) * max(1, rule.timing.repeat) for rule in rules if rule.timing]
    horizon = max(ends, default=timedelta(0)) + 3 * _DAY  # room for moves to wake-up
    # Steps before the treatment (`start: -10d`) reach back at most a year.
    if start_utc > datetime.max.replace(tzinfo=timezone.utc) - horizon or start_utc.year < 2:
        raise too_far(start_utc)


def _reach(timing: Timing) -> timedelta:
    """How far after the treatment a timing can reach at most (calendar months at their longest)."""
    if timing.days is not None:
        return timedelta(days=_last_day(timing) + 2)
    spans = [timing.start] + ([timing.until] if timing.until is not None else [])
    if timing.horizon is not None:
        spans.append(timing.start.plus(timing.horizon))
    return max(max(span.value, timedelta(0)) + max(span.months, 0) * MONTH_AT_MOST for span in spans)


def _last_day(timing: Timing) -> int:
    """The last day (or night) a timing bound to days reaches."""
    assert timing.days is not None
    return (timing.days.parts()[1] + 1) // 2


def too_far(treated_at: datetime) -> UsageError:
    """The refusal of a treatment date whose plan leaves the calendar's years."""
    return UsageError(
        f"a treatment on {treated_at.date().isoformat()} makes a plan outside the years a calendar can hold",
        f"give a real treatment time with {opt.AT}",
    )
