"""RuleSets -> `aftercare rules list` in words or JSON: "every 4 h until 24 h after treatment, skipped while asleep"."""

from __future__ import annotations

import re

from aftercare_cli.escapes import escaped
from aftercare_cli.model import Kind, Rule, RuleSet, Span, Timing
from aftercare_cli.timing_words import (
    after_a_wait_words,
    asleep_words,
    clock_names,
    day_words,
    fill,
    may_fall_asleep,
    offset_words,
    repeat_words,
    span_words,
    timing_span_words,
    told_end_words,
    told_start_words,
)


def ruleset_summary(ruleset: RuleSet) -> str:
    """ "microdermabrasion, 2 peels, 8 rules", "laser, no peels, 1 rule": what `rules check` says of a good file."""
    return f"{ruleset.treatment.id}, {_counted(len(ruleset.peels), 'peel')}, {_counted(len(ruleset.rules), 'rule')}"


def _counted(number: int, thing: str) -> str:
    # "no peels", as `rules list` says it, never "0 peels"
    return f"no {thing}s" if number == 0 else f"1 {thing}" if number == 1 else f"{number} {thing}s"


def ruleset_lines(ruleset: RuleSet) -> list[str]:
    """Everything `rules list` shows about one treatment."""
    treatment = ruleset.treatment
    peels = ", ".join(
        f"{p.id} ({p.label.default}{', default' if p.id == ruleset.default_peel else ''})" for p in ruleset.peels
    )
    lines = [f"{treatment.id}: {treatment.name.default} at {treatment.clinic.default} [{escaped(ruleset.path)}]"]
    kind = f"{treatment.variant.default} (peels)" if treatment.variant else "peels"
    lines.append(f"  {kind}: {peels}" if peels else f"  {_counted(0, 'peel')} (one treatment, no variants)")
    for rule in ruleset.rules:
        lines.append(f"  {rule.id} ({rule.kind.value}): {_title(rule)}")
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
                "name": r.treatment.name.default,
                "clinic": r.treatment.clinic.default,
                "source": r.treatment.source.default,
                "contact": {"phone": r.treatment.contact.phone or None, "web": r.treatment.contact.web or None},
                "file": r.path,
                "peels": [{"id": p.id, "label": p.label.default, "default": p.id == r.default_peel} for p in r.peels],
                "rules": [
                    {
                        "id": rule.id,
                        "kind": rule.kind.value,
                        "title": _title(rule),
                        "label": _label(rule),
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
        labels = [p.label.default if (p := ruleset.peel(peel_id)) else peel_id for peel_id in rule.only_for_peels]
        words.append("only after a " + " or ".join(labels))
    if rule.continues:
        words.append(f"then, after {rule.continues}: its next phase")
    if rule.not_during:
        waits = "waits until " + " and ".join(rule.not_during) + " is over"
        if rule.timing is not None and not may_fall_asleep(rule.timing):
            # Its own times are waking ones; only a wait that ends in the night puts it there.
            waits += f", {after_a_wait_words(rule.timing.when_asleep)}"
        words.append(waits)
    if rule.end_note:
        words.append(f'then: "{fill(rule.end_note.default, rule.timing)}"')
    return "; ".join(words)


def _title(rule: Rule) -> str:
    """The rule's title in the rules' default language, its placeholders filled: for the clinic's staff."""
    return fill(rule.title.default, rule.timing)


def _label(rule: Rule) -> str:
    own = rule.label.default
    return fill(own, rule.timing) if own else re.split(r"[,:;]", _title(rule), maxsplit=1)[0].strip()


def _end_planned(timing: Timing) -> str:
    """Which end of a range the plan uses: "the longer end", "the shorter end", or the length chosen in it."""
    assert timing.end is not None
    span = timing.end.span
    if span.pick:
        return f"the {span.pick} end"
    return span_words(Span(span.value, span.units, span.months))


def _day_bound_words(rule: Rule, timing: Timing, on_days: str) -> str:
    """ "daily at wake-up and bedtime on days 3 to 7", "once, at the start of day 2 (wake-up)"."""
    assert timing.days is not None
    if rule.kind in (Kind.AVOID, *_STRETCH_KINDS):
        if timing.days.and_nights is not None:  # a day and its night: to the wake-up after the last night
            return f"on {on_days}" + (" (to wake-up)" if timing.days.parts()[1] % 2 == 0 else " (to bedtime)")
        return f"on {on_days}" + (" (from bedtime to wake-up)" if timing.days.nights else " (to bedtime)")
    if not timing.at and timing.every is None:
        if timing.days.nights:
            return f"once, at bedtime on {on_days}"
        first_day = timing.days.first == 1
        return f"once, at the start of {on_days}" + (" (the treatment)" if first_day else " (wake-up)")
    asleep = f", {asleep_words(timing.when_asleep)}" if may_fall_asleep(timing) else ""
    return f"{repeat_words(timing)} on {on_days}{asleep}"


def _timing_words(rule: Rule) -> str:
    timing = rule.timing
    if rule.kind is Kind.FOLLOW_UP and timing is not None:
        again = "once more" if timing.repeat == 2 else f"{timing.repeat - 1} more times"
        sessions = f", and {again}, each as long after the last" if timing.repeat > 1 else ""
        due = " (reminded at the shorter)" if timing.start.range else ""
        at = " and ".join(clock_names(timing))
        after = timing_span_words(timing, "after")
        return f"a follow-up: reminded at {at} on the day, {after} after treatment{due}{sessions}"
    if rule.kind is Kind.WARNING:
        if not rule.contact_clinic:
            return "a warning sign: shown first, without the clinic's contact (its words say whom), never an alarm"
        return "a warning sign: shown first, with the clinic's contact, never an alarm"
    if rule.kind in _STRETCH_KINDS:
        what = _STRETCH_KINDS[rule.kind]
        return what if timing is None else f"{_bound_words(rule, timing)}; {what}"
    if rule.kind is Kind.TIP or timing is None:
        return "advice without a time"
    if timing.deferred or timing.open:
        return _told_words(rule, timing)
    return _bound_words(rule, timing)


# The untimed kinds that may carry days: what they are, said before when they apply.
_STRETCH_KINDS = {
    Kind.AS_NEEDED: 'as needed: listed under "If needed", never an alarm',
    Kind.EXPECT: 'what to expect: listed under "What to expect" and on its days, never an alarm',
}


def _told_words(rule: Rule, timing: Timing) -> str:
    """ "when your clinic tells you, for 2 weeks", "daily at 10:00 from the treatment until your clinic tells you
    otherwise (reminded for 1 week)": a start or end the clinic will give."""
    if timing.deferred:
        phrase = told_start_words(timing)
        if timing.end is not None:
            length = f"for {timing_span_words(timing, 'for')}"
            phrase += f", {length if timing.end.from_start else told_end_words(timing)}"
    else:
        starts = timing.start.value or timing.start.months
        phrase = (f"from {offset_words(timing, 'start')} " if starts else "") + told_end_words(timing)
    if rule.kind is Kind.DO and (timing.every is not None or timing.at):
        phrase = f"{repeat_words(timing)} {phrase}"
    elif rule.kind is Kind.DO:
        phrase = f"once, {phrase}"
    if timing.deferred:
        return f"{phrase} (no reminder: the clinic will say when)"
    if timing.horizon is not None:
        return f"{phrase} (reminded for the first {span_words(timing.horizon)}, the clinic's choice)"
    return f"{phrase} (no reminder)" if rule.kind is Kind.DO else phrase


def _bound_words(rule: Rule, timing: Timing) -> str:
    on_days = day_words(timing)
    if on_days is not None:
        return _day_bound_words(rule, timing, on_days)
    starts = timing.start.value or timing.start.months
    if timing.end is None:
        earlier = " (at the earlier)" if timing.start.range is not None else ""
        return "once, " + (offset_words(timing, "start") if starts else "at the treatment") + earlier
    # The end as the clinic wrote it: `for` a length from the start, `until` a time after the treatment.
    if timing.end_words:  # a vague length: the clinic's words, its default after them
        bound = str(timing_span_words(timing, "for")) + (f" from {offset_words(timing, 'start')}" if starts else "")
    elif not starts:
        bound = f"for the first {timing_span_words(timing, 'for')}"
    elif timing.end.from_start:
        bound = f"for {timing_span_words(timing, 'for')} from {offset_words(timing, 'start')}"
    else:
        begins = offset_words(timing, "start")
        if begins.endswith(" after treatment"):  # "from 4 hours until 24 hours after treatment"
            begins = begins.removesuffix(" after treatment")
        bound = f"from {begins} until {offset_words(timing, 'until')}"
    if timing.end.span.range is not None:  # which bound the plan ends at
        bound += f" (planned to {_end_planned(timing)})"
    if timing.start.range is not None:  # which bound the plan starts at
        bound += " (starts at the earlier)"
    if rule.kind is not Kind.DO:
        return bound
    what = repeat_words(timing)
    if timing.every is not None and timing.every.range is not None:
        what += f" (reminders every {span_words(Span(timing.every.value, timing.every.units))})"
    # What happens in the sleep hours, only where the rule's own times can fall in them.
    asleep = f", {asleep_words(timing.when_asleep)}" if may_fall_asleep(timing) else ""
    return f"{what} {bound}{asleep}"
