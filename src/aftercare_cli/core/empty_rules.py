"""Rules that make nothing: a do-rule without a single reminder in a plan, and what it would have made.

A plan must not drop a step without a word. A rule whose reminders all fall in
the sleep hours is said in the plan as skipped (`Plan.skipped`); one that makes
no reminder at all (`until: 1m`, meant as a month, on a series that starts at
wake-up) would vanish, so the shell refuses the plan. Pure: a plan in, values
out; the shell says them (`cli.desk_messages`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from aftercare_cli.core.planner import bounds
from aftercare_cli.frozen import frozen
from aftercare_cli.model import ItemKind, Kind, Plan, Rule, Skipped


@frozen
class EmptyRule:
    """A do-rule of the plan with no reminder: the ones it planned and skipped, or (none) the span it has."""

    rule: Rule
    skipped: tuple[Skipped, ...]  # all its reminders, each said in the plan as skipped; () if it made none
    first: datetime  # the span its reminders were to fall in, in the plan's zone
    last: datetime

    @property
    def told(self) -> bool:
        """The plan says its reminders were skipped: the patient is told, nothing vanished."""
        return bool(self.skipped)


def empty_rules(plan: Plan) -> list[EmptyRule]:
    """Every do-rule of the plan that makes no reminder, in the rules' order."""
    planned = {item.rule_id for item in plan.items if item.kind is ItemKind.DO}
    zone = ZoneInfo(plan.zone)
    found = []
    for rule in plan.rules:
        if rule.kind is not Kind.DO or rule.id in planned or rule.timing is None or rule.skipped:
            continue
        if rule.timing.deferred or (rule.timing.open and rule.timing.horizon is None):
            continue  # the clinic will say when, or it goes on with no reminders: said as such on every face
        begins, ends = bounds(rule.timing, plan.treated_at.astimezone(timezone.utc), zone, plan.patient)
        first, last = (moment.astimezone(zone) for moment in (begins, ends or begins))
        found.append(EmptyRule(rule, tuple(skip for skip in plan.skipped if skip.rule_id == rule.id), first, last))
    return found
