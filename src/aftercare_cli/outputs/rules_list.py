"""RuleSets -> `aftercare rules list` in words or JSON: "every 4 h until 24 h after treatment, skipped while asleep"."""

from __future__ import annotations

from aftercare_cli.model import Anchor, Kind, Rule, RuleSet
from aftercare_cli.placeholders import fill
from aftercare_cli.timing_words import ASLEEP_WORDS, clock_names, short_span
from aftercare_cli.visible import visible


def ruleset_lines(ruleset: RuleSet) -> list[str]:
    """Everything `rules list` shows about one treatment."""
    treatment = ruleset.treatment
    peels = ", ".join(f"{p.id} ({p.label}{', default' if p.id == ruleset.default_peel else ''})" for p in ruleset.peels)
    lines = [f"{treatment.id}: {treatment.name} at {treatment.clinic} [{visible(ruleset.path)}]"]
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
    """A rule's timing, peels, waits and end note in one line of words."""
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
        what = "daily at " + " and ".join(clock_names(timing))
    elif timing.every is not None and timing.anchor is Anchor.WAKE:
        what = f"every {short_span(timing.every)} from wake-up to bedtime"
    elif timing.every is not None:
        what = f"every {short_span(timing.every)}"
    else:
        what = "once"
    return f"{what} {bound}, {ASLEEP_WORDS[timing.when_asleep]}"
