"""A JSON Schema of the rules format, for editors (`aftercare rules schema`).

VS Code's YAML extension and JetBrains IDEs use it to complete and check keys
while a clinic types. It mirrors the loader (`loader.py`, `timing/fields.py`, `timing/fit.py`);
tests/ruleset/test_schema.py checks that both refuse the same invalid files. What a
schema cannot express (an interval under 15 minutes, an end before its start,
a condition naming an undefined peel, duplicate ids or keys) only
`aftercare rules check` catches.
"""

from __future__ import annotations

import json
from typing import Any

from aftercare_cli.language_tags import LANGUAGE_TAG
from aftercare_cli.model import Anchor, Clock, Kind, WhenAsleep
from aftercare_cli.ruleset.loader import RULE_KEYS
from aftercare_cli.ruleset.nodes import ID_PATTERN
from aftercare_cli.ruleset.timing.fit import (
    END_BY_BOUNDS,
    KIND_KEYS,
    NAMED_TIMES,
    STRETCH_KINDS,
    TOLD_KINDS,
    WARNING_CONTACTS,
)
from aftercare_cli.ruleset.timing.text import TOLD

SCHEMA_ID = "https://aftercare.invalid/schema/rules-1.json"
# Mirrors ruleset.timing.text.parse_span and parse_clock.
_SPAN = r"(\d{1,2}[mM][oO])?(\d{1,4}[wW])?(\d{1,5}[dD])?(\d{1,6}[hH])?(\d{1,7}[mM])?"
DURATION_PATTERN = r"^\s*(?=\S*\d)" + _SPAN + r"\s*$"
# A range, `3d-5d` or `3-5d`, or one duration (mirrors ruleset.timing.text.parse_span_or_range).
RANGE_PATTERN = r"^\s*((?=[^-]*\d)" + _SPAN + r"-|\d+-)?(?=\S*\d)" + _SPAN + r"\s*$"
DAYS_PATTERN = r"^\s*[1-9]\d{0,3}(\s*-\s*[1-9]\d{0,3})?\s*$"  # mirrors ruleset.timing.text.parse_days
CLOCK_PATTERN = r"^\s*([01]?\d|2[0-3]):[0-5]\d\s*$"
NAMED_PATTERN = r"^\s*(" + "|".join(NAMED_TIMES) + r")\s*$"

# The loader reads every value from its text, so a number is fine where text is expected.
_TEXT = {"type": ["string", "number", "boolean"]}
_LINE = {"type": ["string", "number", "boolean"], "pattern": r"^[^\n]*$"}
_TITLE = {"type": ["string", "number", "boolean"], "pattern": r"^[^\n]*\S[^\n]*$"}
_ID = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
_DURATION = {
    "type": "string",
    "pattern": DURATION_PATTERN,
    "description": "e.g. 30m, 4h, 7d, 1d12h, 2mo (d, w, mo: calendar days, weeks, months; h, m exact)",
}
_RANGE = {
    "type": "string",
    "pattern": RANGE_PATTERN,
    "description": "a duration, or a range of them: 3d-5d, 3-5d, 2h-4h (the words say both numbers)",
}
TOLD_PATTERN = r"^\s*" + TOLD + r"\s*$"  # the clinic will tell the patient (mirrors ruleset.timing.text.parse_offset)
_TOLD = {"type": "string", "pattern": TOLD_PATTERN}
# A start or an until: a duration or range, one before the treatment, or told (mirrors timing.text.parse_offset).
OFFSET_PATTERN = r"^\s*(-(?=\S*\d)" + _SPAN + r"\s*$|" + RANGE_PATTERN[1:] + "|" + TOLD + r"\s*$)"
_OFFSET = {
    "type": "string",
    "pattern": OFFSET_PATTERN,
    "description": "from the treatment: 4h, a range 2d-3d, before it: -10d, or told: the clinic will tell the patient",
}
_DAILY_TIME = {
    "type": "string",
    "anyOf": [{"pattern": CLOCK_PATTERN}, {"pattern": NAMED_PATTERN}],
    "description": 'a 24-hour clock time in quotes ("08:00"), wake or bedtime',
}


def _translated(text: dict[str, Any]) -> dict[str, Any]:
    """A text the patient reads: one string, or one per language (`languages:`; the loader checks each is there)."""
    description = {"description": text["description"]} if "description" in text else {}
    plain = {key: value for key, value in text.items() if key != "description"}
    per_language = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": f"^{LANGUAGE_TAG.pattern}$"},
        "additionalProperties": plain,
    }
    return {"anyOf": [plain, per_language], **description}


def _one_or_many(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def __kind_is(*kinds: Kind) -> dict[str, Any]:
    return {"properties": {"kind": {"enum": [kind.value for kind in kinds]}}}


def _kind_is(*kinds: Kind) -> dict[str, Any]:
    return {"properties": {"kind": {"enum": [kind.value for kind in kinds]}}}


def _forbid(keys: set[str]) -> dict[str, Any]:
    return {"not": {"anyOf": [{"required": [key]} for key in sorted(keys)]}} if keys else {}


def rules_schema() -> dict[str, Any]:
    """The rules format as a JSON Schema (draft 2020-12) document."""
    timed = set().union(*KIND_KEYS.values())
    rule_properties: dict[str, Any] = {
        "id": _ID,
        "kind": {"enum": [kind.value for kind in Kind]},
        "title": _translated(_TITLE),
        "label": _translated({**_LINE, "description": "a short name for notifications and the handout, e.g. Water"}),
        "details": _translated(_TEXT),
        "products": _one_or_many(_translated(_LINE)),
        "only_for_peel": _one_or_many(_ID),
        "start": {
            **_OFFSET,
            "description": "from the treatment: 4h, a range 2d-3d (planned at the earlier), before it: -10d, "
            "or told: the clinic will say when",
        },
        "for": _RANGE,
        "until": {
            **_OFFSET,
            "description": "from the treatment: 2d, a range 24h-48h, or told: no end (until the "
            "clinic tells the patient otherwise)",
        },
        "every": _RANGE,
        "days": {
            "type": ["string", "integer"],
            "pattern": DAYS_PATTERN,
            "minimum": 1,
            "description": "the patient's waking days the rule is on: 2, or 3-7 (day 1: the day of treatment)",
        },
        "nights": {
            "type": ["string", "integer"],
            "pattern": DAYS_PATTERN,
            "minimum": 1,
            "description": "the nights the rule is on, bedtime to wake-up: 1, or 1-3 (night 1: after the treatment)",
        },
        "after": {**_RANGE, "description": "a follow-up: how long after the treatment (and each session), e.g. 4w-6w"},
        "repeat": {
            "type": ["integer", "string"],
            "pattern": r"^\s*\d{1,2}\s*$",
            "minimum": 1,
            "maximum": 12,
            "description": "a follow-up: how many sessions to remind of (default 1)",
        },
        "end_by": {
            "anyOf": [{"enum": list(END_BY_BOUNDS)}, _DURATION],
            "description": "which end of a for/until range the plan uses: longer (default), shorter, or a length in it",
        },
        "remind_every": {**_DURATION, "description": "the interval the reminders of an every range use (required)"},
        "remind_for": {
            **_DURATION,
            "description": "a routine with no end (until: told): how long it is reminded, the clinic's horizon",
        },
        "contact": {
            "enum": list(WARNING_CONTACTS),
            "description": "a warning sign: clinic (default: its contact beside it) or none (its words name whom)",
        },
        "start_words": _translated(
            {**_LINE, "description": "the patient's moment in words, e.g. as soon as you get home (start: the default)"}
        ),
        "for_words": _translated(
            {
                **_LINE,
                "description": "the clinic's words for a vague length, e.g. until your skin heals (for: its default), "
                "or for no end (until: told), e.g. during your course",
            }
        ),
        "anchor": {"enum": [anchor.value for anchor in Anchor]},
        "at": _one_or_many(_DAILY_TIME),
        "when_asleep": {"enum": [policy.value for policy in WhenAsleep]},
        "not_during": {**_one_or_many(_ID), "description": "avoid rules (ids) whose window this step waits out"},
        "end_note": _translated(_LINE),
        "continues": {**_ID, "description": "the do rule (id) this one is the next phase of"},
    }
    assert set(rule_properties) == set(RULE_KEYS)  # the loader and the schema know the same keys
    has_end: dict[str, list[Any]] = {"anyOf": [{"required": ["for"]}, {"required": ["until"]}]}
    told_end = {"required": ["until"], "properties": {"until": _TOLD}}
    rule = {
        "type": "object",
        "required": ["id", "kind", "title"],
        "additionalProperties": False,
        "properties": rule_properties,
        "allOf": [
            {"not": {"required": ["for", "until"]}},
            *[{"not": {"required": [bound, key]}} for bound in ("days", "nights") for key in ("start", "for", "until")],
            {"not": {"required": ["every", "at"]}},
            {
                "dependentRequired": {
                    "anchor": ["every"],
                    "remind_every": ["every"],
                    "start_words": ["start"],
                }
            },
            {"if": {"required": ["for_words"]}, "then": {"anyOf": [{"required": ["for"]}, told_end]}},
            {"if": {"required": ["remind_for"]}, "then": told_end},
            # An end note needs an end and a start in the plan.
            {
                "if": {"required": ["end_note"]},
                "then": {"properties": {"start": {"not": _TOLD}, "until": {"not": _TOLD}}},
            },
            # told (the clinic will say) is for do and avoid rules; the others give their days.
            {
                "if": {"not": _kind_is(*TOLD_KINDS)},
                "then": {"properties": {"start": {"not": _TOLD}, "until": {"not": _TOLD}}},
            },
            {
                "if": {**_kind_is(*STRETCH_KINDS), "required": ["start"]},
                "then": {"anyOf": [*has_end["anyOf"], {"required": ["days"]}, {"required": ["nights"]}]},
            },
            {"if": {"required": ["end_by"]}, "then": has_end},
            {"if": {"properties": {"kind": {"const": "follow_up"}}}, "then": {"required": ["after"]}},
            *[
                {"if": {"properties": {"kind": {"const": kind.value}}}, "then": _forbid(timed - KIND_KEYS[kind])}
                for kind in Kind
            ],
            {
                "if": {"properties": {"kind": {"const": "avoid"}}},
                "then": {"anyOf": [*has_end["anyOf"], {"required": ["days"]}, {"required": ["nights"]}]},
            },
            {
                "if": {
                    "properties": {"kind": {"const": "do"}},
                    "anyOf": [{"required": ["every"]}, {"required": ["at"]}],
                },
                "then": {"anyOf": [*has_end["anyOf"], {"required": ["days"]}, {"required": ["nights"]}]},
            },
        ],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "aftercare rules",
        "description": "One treatment's aftercare rules. Check a file fully with: aftercare rules check FILE",
        "type": "object",
        "required": ["treatment", "rules"],
        "additionalProperties": False,
        "properties": {
            "format": {"enum": [1, "1"]},
            "treatment": {
                "type": "object",
                "required": ["id", "name", "clinic", "source"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "name": _translated(_TITLE),
                    "clinic": _translated(_TITLE),
                    "source": _translated(_TEXT),
                    "variant": _translated(
                        {
                            **_LINE,
                            "description": "what the variants under peels: are, if not peels, e.g. Area (Area: body)",
                        }
                    ),
                    "languages": {
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": True,
                        "items": {"type": "string", "pattern": f"^{LANGUAGE_TAG.pattern}$"},
                        "description": "the languages the texts are written in, the default first, e.g. [en, de]",
                    },
                    "clock": {
                        "enum": [clock.value for clock in Clock],
                        "description": "how plans write clock times: 24h (14:30, the default) or 12h (2:30pm)",
                    },
                    "contact": {
                        "type": ["object", "null"],
                        "additionalProperties": False,
                        "properties": {"phone": _LINE, "web": _LINE},
                        "description": "how patients reach the clinic; shown on every plan",
                    },
                },
            },
            "peels": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["id", "label"],
                    "additionalProperties": False,
                    "properties": {"id": _ID, "label": _translated(_TITLE), "default": {"type": "boolean"}},
                },
            },
            "rules": {"type": "array", "minItems": 1, "items": rule},
        },
    }


def rules_schema_json() -> str:
    """`rules_schema()` as indented JSON text."""
    return json.dumps(rules_schema(), indent=2) + "\n"
