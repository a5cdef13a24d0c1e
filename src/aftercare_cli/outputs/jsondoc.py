"""Plan -> the JSON document for booking systems and scripts (`--format json`).

The shape is documented in docs/json.md and versioned by `schema`: add keys
freely, but renaming or removing one needs a new schema version.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from aftercare_cli.model import ItemKind, Kind, Plan, Rule, clock_24h
from aftercare_cli.outputs.clinic_texts import (
    clinic_name,
    details,
    item_label,
    item_title,
    peel_label,
    products,
    text,
    title,
    treatment_name,
    variant,
)
from aftercare_cli.outputs.identity import plan_reference, plan_uids
from aftercare_cli.outputs.window_words import routine_words, stretch_when
from aftercare_cli.outputs.wording import adjustment_words, moved_because, phase_chains, when
from aftercare_cli.speech import speaking
from aftercare_cli.timing_words import day_words
from aftercare_cli.voices import plan_voice

# 2: calendar_uid, label, moved_because, adjustment, contact; later within /2 (additive): clock_changes,
# plan_id, replaces, replaces_calendar, skipped_rules, muted_rules. 3: earliest_end, warnings, as_needed,
# variant, phase_of (still additive: a /2 reader that ignores unknown keys keeps working); later within /3
# (additive): an item's start_words and end_words, a warning's contact_clinic, an as-needed step's start, end
# and days, expected, ongoing and deferred; reference, rules_fingerprint.
SCHEMA = "aftercare-plan/3"


def plan_json(plan: Plan, compact: bool = False) -> str:
    """The document as text: indented for a person (`--format json`), or `compact` on one line for files a
    program reads (`batch`), which is several times faster: only the unindented form has json's C encoder."""
    if compact:
        return json.dumps(plan_document(plan), ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(plan_document(plan), ensure_ascii=False, indent=2) + "\n"


def plan_document(plan: Plan) -> dict[str, Any]:
    """Plan -> the JSON document as Python values (docs/json.md documents its keys), in the plan's language."""
    with speaking(plan_voice(plan)):
        return _document(plan)


def _document(plan: Plan) -> dict[str, Any]:
    uids = plan_uids(plan)
    # A later phase of a step ("then every 3 h"): the id of the step's first phase.
    phase_of = {rule.id: chain[0].id for chain in phase_chains(plan.rules) for rule in chain[1:]}
    uid_of = {id(item): uid for moment, uid in uids.moments for item in moment.items}
    contact = plan.treatment.contact
    return {
        "schema": SCHEMA,
        "lang": plan.lang,  # the language of every text in it (BCP 47)
        "treatment": plan.treatment.id,
        "treatment_name": treatment_name(plan.treatment),
        "clinic": clinic_name(plan.treatment),
        "contact": {"phone": contact.phone or None, "web": contact.web or None},
        "calendar_uid": uids.overview,
        # The plan's own id is its overview event's UID: the same plan, the same id; a changed one, a new id.
        "plan_id": uids.overview,
        # What the desk reads aloud or types into the clinic's system, and which rules file made the plan.
        "reference": plan_reference(plan, uids.overview),
        "rules_fingerprint": plan.treatment.fingerprint or None,
        # The plan this one corrects (`--replaces`): its id, and the calendar the patient is told to delete.
        "replaces": plan.replaces.plan_id if plan.replaces else None,
        "replaces_calendar": plan.replaces.calendar_name if plan.replaces else None,
        "peel": plan.peel.id or None,
        "peel_label": peel_label(plan.peel) or None,
        "variant": variant(plan.treatment) or None,
        "patient": plan.patient.name or None,
        "treated_at": _iso(plan.treated_at),
        "timezone": plan.zone,
        "sleep": {"bedtime": clock_24h(plan.patient.bedtime), "wake": clock_24h(plan.patient.wake)},
        "clock_changes": [
            {"at": _iso(change.at), "shift_minutes": change.shift // timedelta(minutes=1)}
            for change in plan.clock_changes
        ],
        "skipped_rules": [rule.id for rule in plan.rules if rule.skipped],
        "muted_rules": [rule.id for rule in plan.rules if rule.muted],
        "items": [
            {
                "rule": item.rule_id,
                "kind": item.kind.value,
                "title": item_title(item),
                "label": item_label(item),
                "details": details(item.rule) if item.kind is not ItemKind.ENDS else "",
                "products": list(products(item.rule)) if item.kind is not ItemKind.ENDS else [],
                "start": _iso(item.start),
                "end": _iso(item.end),
                "earliest_end": _iso(item.earliest_end),
                "remind": item.remind,
                "moved_from": _iso(item.moved_from),
                "moved_because": moved_because(item) or None,
                "adjusted": item.rule.adjusted is not None,
                "adjustment": adjustment_words(item.rule) or None,
                "calendar_uid": uid_of[id(item)],
                "phase_of": phase_of.get(item.rule_id),
                # The clinic's words for a vague start or end: the item's time is then the usual one, not the clinic's.
                "start_words": _words(item.rule, "start") if item.kind is ItemKind.DO else None,
                "end_words": _words(item.rule, "end") if item.kind is not ItemKind.DO else None,
            }
            for item in plan.items
        ],
        "warnings": [{**_untimed(tip, "warning"), "contact_clinic": tip.contact_clinic} for tip in plan.warnings],
        "as_needed": [{**_untimed(tip, "as_needed"), **_stretch(plan, tip)} for tip in plan.as_needed],
        "expected": [{**_untimed(tip, "expect"), **_stretch(plan, tip)} for tip in plan.expected],
        # No end (until the clinic says otherwise), or a start the clinic will give: no calendar event of their own.
        "ongoing": [
            {**_untimed(s.rule, s.rule.kind.value), **_stretch(plan, s.rule), "repeats": _repeats(plan, s.rule)}
            for s in plan.ongoing
        ],
        "deferred": [
            {**_untimed(s.rule, s.rule.kind.value), **_stretch(plan, s.rule), "repeats": _repeats(plan, s.rule)}
            for s in plan.deferred
        ],
        "tips": [_untimed(tip, "tip") for tip in plan.tips],
    }


def _untimed(rule: Rule, kind: str) -> dict[str, Any]:
    return {
        "rule": rule.id,
        "kind": kind,
        "title": title(rule),
        "details": details(rule),
        "products": list(products(rule)),
        "adjusted": rule.adjusted is not None,
        "adjustment": adjustment_words(rule) or None,
    }


def _stretch(plan: Plan, rule: Rule) -> dict[str, Any]:
    """When an untimed rule applies, or a step with no end goes on: null where it has no time (throughout, or the
    clinic will say); an `end` of null with a `start` is no end."""
    stretch = plan.stretch(rule.id)
    timing = rule.timing
    keys = {
        "start": _iso(stretch.start) if stretch else None,
        "end": _iso(stretch.end) if stretch else None,
        "earliest_end": _iso(stretch.earliest_end) if stretch else None,
        "days": day_words(timing) if timing is not None else None,
        "when": stretch_when(stretch, plan, when) if stretch else None,  # in words, as the patient reads it
        "start_words": _words(rule, "start"),
        "end_words": _words(rule, "end"),
    }
    if stretch is not None and rule.kind is Kind.DO:
        keys["reminded_until"] = _iso(stretch.reminded_until)
    return keys


def _words(rule: Rule, which: str) -> str | None:
    """The clinic's words for the rule's start or end, in the plan's language, or null."""
    timing = rule.timing
    if timing is None:
        return None
    return text(timing.start_words if which == "start" else timing.end_words) or None


def _repeats(plan: Plan, rule: Rule) -> str | None:
    """How a routine with no end (or the clinic's to time) repeats, in words; null for a window or a single step."""
    return routine_words(rule, plan) or None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
