"""The calendar event each part of a plan lives in, by UID, without importing icalendar; and the plan's reference.

The calendar writes these UIDs and the JSON document carries them, so a
booking system can match, update or cancel what the patient imported. They
are uuid5 over a digest of the whole plan (RFC 7986's advice): the same plan
gives the same UIDs, and a changed plan gives new ones, which Google needs to
re-import it. The reference ("3F9A-2C1D-BB0F") is the short form a person
reads aloud or types into the clinic's own system: the plan id's first
characters and the rules file's fingerprint's, the same on every face.
"""

from __future__ import annotations

from datetime import timezone
from typing import TYPE_CHECKING

from aftercare_cli.digest import sha1_digest, sha256_hex
from aftercare_cli.frozen import frozen
from aftercare_cli.language_tags import ENGLISH
from aftercare_cli.model import ItemKind, Plan, clock_24h
from aftercare_cli.outputs.clinic_texts import details, item_label, item_title, products, title
from aftercare_cli.outputs.wording import adjustment_words, headed
from aftercare_cli.speech import _, speaking
from aftercare_cli.voices import plan_voice

if TYPE_CHECKING:
    from aftercare_cli.outputs.moments import Moment

_UID_NAMESPACE = bytes.fromhex("6f0d3c523b8e5c1a9a410c7f2a1e9d10")  # fixed forever: changing it changes every UID


@frozen
class PlanUids:
    """Every calendar event's UID: the overview note's, and one per moment in time order."""

    overview: str
    moments: tuple[tuple[Moment, str], ...]


def plan_uids(plan: Plan) -> PlanUids:
    """The UIDs of the plan's events, from one digest of the whole plan (made once: it is most of the cost).

    The digest holds the plan's words as its patient reads them (in its language, on its clinic's clock),
    whichever voice asks.
    """
    from aftercare_cli.outputs.moments import plan_moments

    key = _said_key(plan)
    return PlanUids(
        _uid(key, "overview"), tuple((moment, _uid(key, str(i))) for i, moment in enumerate(plan_moments(plan)))
    )


def plan_id(plan: Plan) -> str:
    """The plan's id: its overview note's UID (`plan_uids(plan).overview`, without the moments')."""
    return _uid(_said_key(plan), "overview")


def _said_key(plan: Plan) -> str:
    with speaking(plan_voice(plan)):
        return _plan_key(plan)


def _plan_key(plan: Plan) -> str:
    """A digest of everything that makes the plan what it is: change anything, and every UID changes."""
    parts = [
        plan.treatment.id,
        plan.peel.id,
        plan.treated_at.astimezone(timezone.utc).isoformat(),
        plan.zone,
        plan.patient.name,
        clock_24h(plan.patient.wake),
        clock_24h(plan.patient.bedtime),
        plan.treatment.contact.phone,  # the overview note shows the contact
        plan.treatment.contact.web,
        *([plan.lang] if plan.lang != ENGLISH else []),  # another language, another calendar (English: as before)
    ]
    for item in plan.items:
        parts += [
            item.rule_id,
            item.kind.value,
            item.start.astimezone(timezone.utc).isoformat(),
            str(item.end and item.end.astimezone(timezone.utc)),
            item_title(item),
            details(item.rule) if item.kind is not ItemKind.ENDS else "",
            "|".join(products(item.rule)) if item.kind is not ItemKind.ENDS else "",
            adjustment_words(item.rule),
            item_label(item),  # a merged event's title is its steps' labels
        ]
    for rule in (*plan.warnings, *plan.as_needed, *plan.expected, *plan.tips):
        parts += [rule.id, title(rule), details(rule), "|".join(products(rule)), adjustment_words(rule)]
        parts += [] if rule.contact_clinic else ["contact:none"]  # the overview note says the sign without it
    # When untimed rules apply, what has no end, what the clinic will time: the overview note says them.
    for stretch in plan.stretches:
        moments = (stretch.start, stretch.end, stretch.reminded_until)
        parts += [f"stretch:{stretch.rule_id}", *(str(m and m.astimezone(timezone.utc)) for m in moments)]
    # Added only when the desk skipped or muted: every other plan keeps the UIDs it always had.
    parts += [f"skip:{rule.id}" for rule in plan.rules if rule.skipped]
    parts += [f"mute:{rule.id}" for rule in plan.rules if rule.muted]
    if plan.replaces is not None:  # its overview note says what it replaces
        parts += ["replaces", plan.replaces.plan_id, plan.replaces.calendar_name]
    return sha256_hex("\x1f".join(parts).encode("utf-8"))


def _uid(plan_key: str, part: str) -> str:
    return uuid5(_UID_NAMESPACE, f"{plan_key}/{part}")


def uuid5(namespace: bytes, name: str) -> str:
    """`str(uuid.uuid5(UUID(bytes=namespace), name))`, without importing uuid (it loads `platform`: 1.7 ms a start).

    RFC 4122 4.3: SHA-1 of the namespace and the name, 16 bytes of it, with the
    version (5) and the variant (10xx) bits set.
    """
    digest = bytearray(sha1_digest(namespace + name.encode("utf-8"))[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def plan_reference(plan: Plan, overview: str | None = None) -> str:
    """ "3F9A-2C1D-BB0F": the plan id's first 8 characters (`overview`, when the UIDs are made already) and the
    rules file's fingerprint's first 4, in groups of four to read aloud; without a file, the plan id's alone.

    Eight of the id's characters tell a clinic's plans apart (two of 10,000 a year share them about once in
    a hundred years); four of the fingerprint's tell the versions of one clinic's rules file apart.
    """
    digits = (overview or plan_id(plan)).replace("-", "")
    fingerprint = plan.treatment.fingerprint
    return "-".join([digits[:4], digits[4:8], *([fingerprint[:4]] if fingerprint else [])]).upper()


def reference_words(reference: str) -> str:
    """ "Reference: 3F9A-2C1D-BB0F", in the current voice: the same words on the screen, the paper and the phone."""
    # Translators: the plan's short reference, read aloud or typed into the clinic's system.
    return headed(_("Reference"), reference)
