"""Rules in words, for `aftercare rules list`: "every 4 h until 24 h after treatment, skipped while asleep"."""

from __future__ import annotations

import re
from datetime import timedelta

from aftercare_cli.model import Anchor, Kind, Patient, Rule, RuleSet, Timing, WhenAsleep
from aftercare_cli.placeholders import fill
from aftercare_cli.timetext import format_clock, format_duration, span_words

_ASLEEP = {
    WhenAsleep.SKIP: "skipped while asleep",
    WhenAsleep.WAKE: "moved to wake-up if asleep",
    WhenAsleep.KEEP: "kept even while asleep",
}


def ruleset_lines(ruleset: RuleSet) -> list[str]:
    """Everything `rules list` shows about one treatment."""
    treatment = ruleset.treatment
    peels = ", ".join(f"{p.id} ({p.label}{', default' if p.id == ruleset.default_peel else ''})" for p in ruleset.peels)
    lines = [f"{treatment.id}: {treatment.name} at {treatment.clinic} [{ruleset.path}]"]
    lines.append(f"  peels: {peels}" if peels else "  peels: none (one treatment, no variants)")
    for rule in ruleset.rules:
        lines.append(f"  {rule.id} ({rule.kind.value}): {fill(rule.title, rule.timing)}")
        lines.append(f"      {describe_rule(rule, ruleset)}")
    return lines


def rulesets_json(rulesets: list[RuleSet]) -> str:
    """`rules list --format json`: what a booking system needs to offer a treatment and a peel."""
    import json

    document = {
        "schema": "aftercare-rules-list/1",
        "treatments": [
            {
                "id": r.treatment.id,
                "name": r.treatment.name,
                "clinic": r.treatment.clinic,
                "source": r.treatment.source,
                "contact": {"phone": r.treatment.contact.phone or None, "web": r.treatment.contact.web or None},
                "file": r.path,
                "peels": [{"id": p.id, "label": p.label, "default": p.id == r.default_peel} for p in r.peels],
                "rules": [
                    {
                        "id": rule.id,
                        "kind": rule.kind.value,
                        "title": fill(rule.title, rule.timing),
                        "label": fill(rule.short_label, rule.timing),
                        "only_for_peel": list(rule.only_for_peels),
                        "timing": describe_rule(rule, r),
                    }
                    for rule in r.rules
                ],
            }
            for r in rulesets
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def describe_rule(rule: Rule, ruleset: RuleSet) -> str:
    words = [_timing_words(rule)]
    if rule.only_for_peels:
        labels = [p.label if (p := ruleset.peel(peel_id)) else peel_id for peel_id in rule.only_for_peels]
        words.append("only after a " + " or ".join(labels))
    if rule.not_during:
        words.append("waits until " + " and ".join(rule.not_during) + " is over")
    if rule.end_note:
        words.append(f'then: "{fill(rule.end_note, rule.timing)}"')
    return "; ".join(words)


def _timing_words(rule: Rule) -> str:
    timing = rule.timing
    if rule.kind is Kind.TIP or timing is None:
        return "advice without a time"
    start = timing.start
    if timing.end is None:
        return "once, " + ("at the treatment" if not start else f"{short_span(start)} after treatment")
    bound = (
        f"for the first {short_span(timing.end)}"
        if not start
        else f"from {short_span(start)} until {short_span(timing.end)} after treatment"
    )
    if rule.kind is Kind.AVOID:
        return bound
    if timing.at:
        what = "daily at " + " and ".join(_clock_names(timing))
    elif timing.every is not None and timing.anchor is Anchor.WAKE:
        what = f"every {short_span(timing.every)} from wake-up to bedtime"
    elif timing.every is not None:
        what = f"every {short_span(timing.every)}"
    else:
        what = "once"
    return f"{what} {bound}, {_ASLEEP[timing.when_asleep]}"


def setting_words(field: str, timing: Timing) -> str:
    """One timing field as the patient reads it, for "adjusted: 72 hours instead of 24 hours"."""
    if field == "for" and timing.end is not None:
        return span_words(timing.end - timing.start)
    if field == "until" and timing.end is not None:
        return f"until {span_words(timing.end)} after treatment"
    if field == "start":
        return f"from {span_words(timing.start)} after treatment" if timing.start else "from the treatment"
    if field == "every" and timing.every is not None:
        return f"every {span_words(timing.every)}"
    if field == "anchor":
        return "counted from each wake-up" if timing.anchor is Anchor.WAKE else "counted from the treatment"
    if field == "at":
        return "at " + " and ".join(_clock_names(timing))
    return _ASLEEP[timing.when_asleep]


def _clock_names(timing: Timing) -> list[str]:
    return [format_clock(t.clock) if t.clock else ("wake-up" if t.named == "wake" else t.named) for t in timing.at]


def short_span(span: timedelta) -> str:
    """`1d12h` -> `36 h`, `7d` -> `7 d`: as people say it."""
    if span < timedelta(days=2) and span % timedelta(hours=1) == timedelta(0):
        return f"{span // timedelta(hours=1)} h"
    return re.sub(r"(\d+)([wdhm])", r"\1 \2 ", format_duration(span)).strip()


def series_pattern(rule: Rule, patient: Patient) -> str:
    """How a reminder repeats, for this patient: "every 4 h while awake", "daily at 07:00 and 22:00"."""
    timing = rule.timing
    if timing is None or timing.end is None:
        return "once"
    if timing.at:
        clocks = sorted({daily.resolve(patient.wake, patient.bedtime) for daily in timing.at})
        return "daily at " + " and ".join(format_clock(clock) for clock in clocks)
    if timing.every is not None:
        awake = " while awake" if timing.anchor is Anchor.WAKE or timing.when_asleep is not WhenAsleep.KEEP else ""
        return f"every {short_span(timing.every)}{awake}"
    return "once"
