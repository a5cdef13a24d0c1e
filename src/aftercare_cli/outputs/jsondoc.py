"""Plan -> the JSON document for booking systems and scripts (`--format json`).

The shape is documented in the README and versioned by `schema`: add keys
freely, but renaming or removing one needs a new schema version.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from aftercare_cli.model import Plan, Tip, clock_24h
from aftercare_cli.outputs.identity import plan_uids
from aftercare_cli.outputs.wording import phase_chains

# 2: calendar_uid, label, moved_because, adjustment, contact; later within /2 (additive): clock_changes,
# plan_id, replaces, replaces_calendar, skipped_rules, muted_rules. 3: earliest_end, warnings, as_needed,
# variant, phase_of (still additive: a /2 reader that ignores unknown keys keeps working).
SCHEMA = "aftercare-plan/3"


def plan_json(plan: Plan, compact: bool = False) -> str:
    """The document as text: indented for a person (`--format json`), or `compact` on one line for files a
    program reads (`batch`), which is several times faster: only the unindented form has json's C encoder."""
    if compact:
        return json.dumps(plan_document(plan), ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(plan_document(plan), ensure_ascii=False, indent=2) + "\n"


def plan_document(plan: Plan) -> dict[str, Any]:
    """Plan -> the JSON document as Python values (the README documents its keys)."""
    uids = plan_uids(plan)
    # A later phase of a step ("then every 3 h"): the id of the step's first phase.
    phase_of = {rule.id: chain[0].id for chain in phase_chains(plan.rules) for rule in chain[1:]}
    uid_of = {id(item): uid for moment, uid in uids.moments for item in moment.items}
    contact = plan.treatment.contact
    return {
        "schema": SCHEMA,
        "lang": plan.lang,  # the language of every text in it (BCP 47)
        "treatment": plan.treatment.id,
        "treatment_name": plan.treatment.name,
        "clinic": plan.treatment.clinic,
        "contact": {"phone": contact.phone or None, "web": contact.web or None},
        "calendar_uid": uids.overview,
        # The plan's own id is its overview event's UID: the same plan, the same id; a changed one, a new id.
        "plan_id": uids.overview,
        # The plan this one corrects (`--replaces`): its id, and the calendar the patient is told to delete.
        "replaces": plan.replaces.plan_id if plan.replaces else None,
        "replaces_calendar": plan.replaces.calendar_name if plan.replaces else None,
        "peel": plan.peel.id or None,
        "peel_label": plan.peel.label or None,
        "variant": plan.treatment.variant or None,
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
                "title": item.title,
                "label": item.label,
                "details": item.details,
                "products": list(item.products),
                "start": _iso(item.start),
                "end": _iso(item.end),
                "earliest_end": _iso(item.earliest_end),
                "remind": item.remind,
                "moved_from": _iso(item.moved_from),
                "moved_because": item.moved_because or None,
                "adjusted": bool(item.adjustment),
                "adjustment": item.adjustment or None,
                "calendar_uid": uid_of[id(item)],
                "phase_of": phase_of.get(item.rule_id),
            }
            for item in plan.items
        ],
        "warnings": [_untimed(tip, "warning") for tip in plan.warnings],
        "as_needed": [_untimed(tip, "as_needed") for tip in plan.as_needed],
        "tips": [_untimed(tip, "tip") for tip in plan.tips],
    }


def _untimed(tip: Tip, kind: str) -> dict[str, Any]:
    return {
        "rule": tip.rule_id,
        "kind": kind,
        "title": tip.title,
        "details": tip.details,
        "products": list(tip.products),
        "adjusted": bool(tip.adjustment),
        "adjustment": tip.adjustment or None,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
