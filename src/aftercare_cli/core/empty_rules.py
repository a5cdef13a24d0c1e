"""Rules that make nothing: a do-rule without a single reminder in a plan, and why, in words.

A plan must not drop a step without a word. A rule whose reminders all fall in
the sleep hours is said in the plan as skipped (`Plan.skipped`); one that makes
no reminder at all (`until: 1m`, meant as a month, on a series that starts at
wake-up) would vanish, so the shell refuses the plan. Pure: a plan in, values out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone
from zoneinfo import ZoneInfo

from aftercare_cli.core.planner import bounds
from aftercare_cli.model import Anchor, ItemKind, Kind, Plan, Rule, clock_24h
from aftercare_cli.speech import day
from aftercare_cli.timing_words import clock_names, span_words


@dataclass(frozen=True)
class EmptyRule:
    """A do-rule of the plan with no reminder; `said` when the plan lists its reminders as skipped."""

    rule: Rule
    why: str  # "none of its times (every 2 h from wake-up) falls between Thu 26 Nov 14:30 and 14:31"
    said: bool

    def problem(self, path: str) -> str:
        """The one line `plan` refuses it with, naming the rules file."""
        where = f"{path}: " if path else ""
        return f"{where}rule {self.rule.id!r} makes no reminder in this plan: {self.why}"


def empty_rules(plan: Plan) -> list[EmptyRule]:
    """Every do-rule of the plan that makes no reminder, in the rules' order."""
    planned = {item.rule_id for item in plan.items if item.kind is ItemKind.DO}
    found = []
    for rule in plan.rules:
        if rule.kind is not Kind.DO or rule.id in planned or rule.timing is None or rule.skipped:
            continue
        skipped = [skip for skip in plan.skipped if skip.rule_id == rule.id]
        if skipped:
            count = "its reminder is" if len(skipped) == 1 else f"its {len(skipped)} reminders are all"
            found.append(EmptyRule(rule, f"{count} skipped, {skipped[0].because}", said=True))
        else:
            found.append(EmptyRule(rule, _why_none(rule, plan), said=False))
    return found


def _why_none(rule: Rule, plan: Plan) -> str:
    timing = rule.timing
    assert timing is not None  # every do rule has one
    zone = ZoneInfo(plan.zone)
    begins, ends = bounds(timing, plan.treated_at.astimezone(timezone.utc), zone, plan.patient)
    first, last = (moment.astimezone(zone) for moment in (begins, ends or begins))
    span = f"{day(first)} {clock_24h(first.time())} and "
    span += clock_24h(last.time()) if last.date() == first.date() else f"{day(last)} {clock_24h(last.time())}"
    if timing.at:
        times = "at " + " and ".join(clock_names(timing))
    elif timing.anchor is Anchor.WAKE and timing.every is not None:
        times = f"every {span_words(timing.every, timing.every_units, short=True)} from wake-up"
    else:  # counted from the treatment: each of them fell in the sleep hours, and an interval skips its nights
        bed, wake = clock_24h(plan.patient.bedtime), clock_24h(plan.patient.wake)
        return f"its reminders between {span} all fall in the sleep hours ({bed}-{wake})"
    months = timing.end_months - timing.start_months
    length = span_words((timing.end or timing.start) - timing.start, months=months)
    return f"none of its times ({times}) falls in its {length}, between {span}"
