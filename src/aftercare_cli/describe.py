"""Rules in words, for `aftercare rules list`: "every 4 h until 24 h after treatment, skipped while asleep"."""

from __future__ import annotations

import re
from datetime import timedelta

from aftercare_cli.model import Anchor, Kind, Rule, RuleSet, WhenAsleep
from aftercare_cli.timetext import format_clock, format_duration

_ASLEEP = {
    WhenAsleep.SKIP: "skipped while asleep",
    WhenAsleep.WAKE: "moved to wake-up if asleep",
    WhenAsleep.KEEP: "kept even while asleep",
}


def ruleset_lines(ruleset: RuleSet) -> list[str]:
    """Everything `rules list` shows about one treatment."""
    treatment = ruleset.treatment
    peels = ", ".join(f"{p.id} ({p.label}{', default' if p.id == ruleset.default_peel else ''})" for p in ruleset.peels)
    lines = [f"{treatment.id}: {treatment.name} at {treatment.clinic} [{ruleset.path}]", f"  peels: {peels}"]
    for rule in ruleset.rules:
        lines.append(f"  {rule.id} ({rule.kind.value}): {rule.title}")
        lines.append(f"      {describe_rule(rule, ruleset)}")
    return lines


def describe_rule(rule: Rule, ruleset: RuleSet) -> str:
    words = [_timing_words(rule)]
    if rule.only_for_peels:
        labels = [p.label if (p := ruleset.peel(peel_id)) else peel_id for peel_id in rule.only_for_peels]
        words.append("only after a " + " or ".join(labels))
    if rule.end_note:
        words.append(f'then: "{rule.end_note}"')
    return "; ".join(words)


def _timing_words(rule: Rule) -> str:
    timing = rule.timing
    if rule.kind is Kind.TIP or timing is None:
        return "advice without a time"
    start = timing.start
    if timing.end is None:
        return "once, " + ("at the treatment" if not start else f"{_span(start)} after treatment")
    bound = (
        f"for the first {_span(timing.end)}"
        if not start
        else f"from {_span(start)} until {_span(timing.end)} after treatment"
    )
    if rule.kind is Kind.AVOID:
        return bound
    if timing.at:
        names = [format_clock(t.clock) if t.clock else ("wake-up" if t.named == "wake" else t.named) for t in timing.at]
        what = "daily at " + " and ".join(names)
    elif timing.every is not None and timing.anchor is Anchor.WAKE:
        what = f"every {_span(timing.every)} from wake-up to bedtime"
    elif timing.every is not None:
        what = f"every {_span(timing.every)}"
    else:
        what = "once"
    return f"{what} {bound}, {_ASLEEP[timing.when_asleep]}"


def _span(span: timedelta) -> str:
    """`1d12h` -> `36 h`, `7d` -> `7 d`: as people say it."""
    if span < timedelta(days=2) and span % timedelta(hours=1) == timedelta(0):
        return f"{span // timedelta(hours=1)} h"
    return re.sub(r"(\d+)([wdhm])", r"\1 \2 ", format_duration(span)).strip()
