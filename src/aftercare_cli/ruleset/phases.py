"""A step in phases (`continues:`): each phase names an earlier do rule, a step has one next phase at most, the
phases do not go round in a circle, and a phase does not start before the one it continues ends."""

from __future__ import annotations

from datetime import timedelta

from aftercare_cli.model import Kind, Rule, least_gap
from aftercare_cli.ruleset.compose import Node, Problems
from aftercare_cli.ruleset.timing.fit import CALENDAR_LENGTHS


def phase_problems(rules: list[Rule], positions: dict[str, tuple[Node, str]], problems: Problems) -> None:
    """`continues` names an earlier do rule, each rule has at most one next phase, and phases do not loop."""
    steps = {rule.id: rule for rule in rules if rule.kind is Kind.DO}
    taken: dict[str, str] = {}
    for rule in rules:
        if not rule.continues:
            continue
        item, where = positions[rule.id]
        earlier = steps.get(rule.continues)
        if earlier is None or rule.continues == rule.id:
            problems.add(item, f"{where}.continues", f"{rule.continues!r} is not another do rule of this treatment")
        elif earlier.timing is not None and earlier.timing.open:
            problems.add(
                item,
                f"{where}.continues",
                f"{rule.continues!r} has no end ('until: told'); no next phase can follow it",
            )
        elif rule.continues in taken:
            first = taken[rule.continues]
            problems.add(item, f"{where}.continues", f"{rule.continues!r} already continues in {first!r}; chain them")
        else:
            taken[rule.continues] = rule.id
            seen, step = {rule.id}, steps[rule.continues]
            while step.continues and step.continues in steps and step.id not in seen:
                seen.add(step.id)
                step = steps[step.continues]
            if step.id in seen:
                problems.add(item, f"{where}.continues", "the phases go round in a circle; one must come first")
            elif overlap := _overlap(steps[rule.continues], rule):
                problems.add(
                    item,
                    f"{where}.continues",
                    f"{overlap}; a next phase begins where the one before it ends (give it a start at or after "
                    "that end)",
                )


def _overlap(earlier: Rule, later: Rule) -> str:
    """ "starts before 'a' ends", or "can start before 'a' ends (...)" on some dates, or '' where the rules alone
    say it does not: both counted from the treatment (from every date: a day may be 23 or 25 hours, a month 28
    to 31 days), or both bound to the patient's days or nights."""
    before, after = earlier.timing, later.timing
    if before is None or after is None:
        return ""
    if before.days is not None and after.days is not None:
        return f"starts before {earlier.id!r} ends" if after.days.parts()[0] <= before.days.parts()[1] else ""
    if before.days is not None or after.days is not None or before.until is None or after.deferred:
        return ""
    if least_gap(after.start, before.until) >= timedelta(0):
        return ""
    if after.start.about() < before.until.about():
        return f"starts before {earlier.id!r} ends"
    return f"can start before {earlier.id!r} ends ({CALENDAR_LENGTHS})"
