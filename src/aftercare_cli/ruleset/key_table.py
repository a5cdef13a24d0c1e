"""The rules format's keys as Markdown tables, made from the loader's own lists (docs/rules-format.md).

Which keys there are, where each may stand and which kinds of rule accept it come from the code that reads
a file (`loader`'s key lists, `timing.fit.KIND_KEYS`, the schema's required keys); only the one-line meaning
of each key is written here, beside them. tests/ruleset/test_key_table.py holds the page's tables to
`key_tables()`, and fails when a key is added to the reader without a meaning here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aftercare_cli.model import Kind
from aftercare_cli.ruleset.loader import CONTACT_KEYS, PEEL_KEYS, RULE_KEYS, TOP_KEYS, TREATMENT_KEYS
from aftercare_cli.ruleset.schema import rules_schema
from aftercare_cli.ruleset.timing.fit import KIND_KEYS

# What each key means, in one line, per place a key stands. A key the reader knows and this does not is a
# KeyError when the table is made, so the reference cannot leave one out.
TOP_MEANINGS = {
    "format": "the format version: `1` (optional; a file of another version is refused)",
    "treatment": "the treatment: its id, names, provenance and settings (the keys below)",
    "peels": "the variants offered, each an `id` and a `label` (leave it out for a treatment without variants)",
    "rules": "the aftercare rules, a list (the keys below); steps due together are said in its order",
}
TREATMENT_MEANINGS = {
    "id": "the treatment's id: lowercase letters, digits, `-` or `_`; `--treatment` picks it",
    "name": "the treatment's name, one line (`Microdermabrasion`)",
    "clinic": "the clinic's name, one line",
    "source": "where these rules come from (provenance): the handout's small print, the calendar's overview note",
    "contact": 'how patients reach the clinic (`phone`, `web`, both optional): "Questions? Call ..." on every plan',
    "variant": "what the variants under `peels:` are when they are not peels (`Area`): "
    '"Laser hair removal (Area: body)"',
    "languages": "the languages the texts are written in, the default first (`[en, de]`); without it, English only",
    "clock": "how plans write clock times: `24h` (14:30, the default) or `12h` (2:30pm)",
}
CONTACT_MEANINGS = {
    "phone": "the clinic's phone number, as the patient dials it",
    "web": "the clinic's web page for aftercare questions",
}
PEEL_MEANINGS = {
    "id": "the peel's id: lowercase letters, digits, `-` or `_`; `--peel` picks it",
    "label": "its name on every plan (`Jessner peel`)",
    "default": "`true` for the peel a plan without `--peel` uses: exactly one (a single peel is the default)",
}
RULE_MEANINGS = {
    "id": "the rule's id: lowercase letters, digits, `-` or `_`; `--set`, `--skip` and `--mute` name it",
    "kind": "`do`, `avoid`, `tip`, `as_needed`, `warning`, `follow_up` or `expect` "
    "(see [Kinds of rule](#kinds-of-rule))",
    "title": "what to do, one line",
    "label": "a short name for a notification that names several steps, and for the handout "
    "(default: the title up to its first comma, colon or semicolon)",
    "details": "more text: what the step means and why (the timeline shows it at the step's first time, the "
    "handout once, the calendar in each of its events)",
    "products": "a list of product names (or one)",
    "only_for_peel": "only after these peels: a peel id, or a list of them",
    "start": "offset from the treatment (default `0m`); before it with a minus: `-10d`",
    "for": "the end as a length from `start` (end exclusive); a range (`3d-5d`, `3-5d`) is said with both numbers "
    '("for 3 to 5 days")',
    "until": "the end as an offset from the treatment (end exclusive), instead of `for`; a range (`24h-48h`) too",
    "every": "repeat after this much elapsed time (at least `15m`); a range (`2h-4h`) needs `remind_every`",
    "anchor": "`treatment` (default: one series from `start`) or `wake` (a fresh series each day from wake-up "
    "to bedtime)",
    "at": 'daily clock times: `"HH:MM"`, `wake`, `bedtime`; on a follow-up, the one clock time it is reminded at '
    '(default `"10:00"`)',
    "when_asleep": "`skip` (default), `wake` (move to wake-up) or `keep` a reminder that falls in the sleep hours",
    "end_by": "which end of a `for`/`until` range the plan ends at: `longer` (default), `shorter`, "
    "or a length within it (`4d`)",
    "remind_every": "the interval the reminders of an `every` range use, within it (`every: 2h-4h`, "
    '`remind_every: 3h`: "every 2 to 4 hours", reminded every 3)',
    "for_words": 'the clinic\'s words for a vague length ("until your skin has healed"); `for` is then the '
    'length the clinic chooses as its default, said "until your skin has healed (usually about 10 days)"',
    "start_words": "the patient's moment in the clinic's words (\"as soon as you get home\"); `start` is then "
    'the clinic\'s default, said "as soon as you get home (about 1 hour after treatment)"',
    "days": "instead of `start`/`for`/`until`: the patient's waking days the rule is on (`2`, `3-7`; "
    "day 1 is the day of treatment)",
    "nights": "instead of `start`/`for`/`until`: the nights the rule is on (`1`, `1-3`; night 1 follows the treatment)",
    "after": "when a session is due after the treatment (and after each session): `6w`, or a range `4w-6w`, "
    "reminded at the shorter; required on a follow-up",
    "repeat": "how many sessions to remind of, each as long after the last (default 1, at most 12)",
    "not_during": "avoid rules (ids, one or a list) whose windows this step must stay out of: an occurrence "
    "inside one moves to the window's end, marked as moved",
    "continues": "the do rule (id) this one is the next phase of; the desk view shows one row, the JSON's "
    "`phase_of` names the first",
    "end_note": "one line announced when the window ends",
    "remind_for": "with `until: told` (no end): how long a routine is reminded, the clinic's horizon (`4w`)",
    "contact": "on a warning sign: `clinic` (default: the clinic's contact beside it) or `none` (its words name "
    "whom to see)",
}


def key_tables() -> str:
    """Every key of a rules file, where it stands and what it means, as Markdown: the tables of
    docs/rules-format.md, in the order the loader reads them."""
    schema = rules_schema()["properties"]
    return (
        "\n\n".join(
            [
                _table("The file", TOP_KEYS, TOP_MEANINGS, _required(rules_schema())),
                _table("`treatment:`", TREATMENT_KEYS, TREATMENT_MEANINGS, _required(schema["treatment"])),
                _table("`treatment.contact:`", CONTACT_KEYS, CONTACT_MEANINGS, ()),
                _table("Each of `peels:`", PEEL_KEYS, PEEL_MEANINGS, _required(schema["peels"]["items"])),
                _rule_table(_required(schema["rules"]["items"])),
            ]
        )
        + "\n"
    )


def _required(schema: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(schema.get("required", ()))


def _table(where: str, keys: Iterable[str], meanings: Mapping[str, str], required: Iterable[str]) -> str:
    rows = [f"**{where}**", "", "| key | meaning |", "|---|---|"]
    rows += [f"| `{key}` | {_required_first(key, required)}{meanings[key]} |" for key in keys]
    return "\n".join(rows)


def _rule_table(required: Iterable[str]) -> str:
    rows = ["**Each of `rules:`**", "", "| key | kinds | meaning |", "|---|---|---|"]
    for key in RULE_KEYS:
        kinds = [kind.value for kind in Kind if key in KIND_KEYS[kind]]
        # A key no kind claims is one every rule may have (id, title, products ...).
        accepted = ", ".join(kinds) if kinds else "all"
        rows.append(f"| `{key}` | {accepted} | {_required_first(key, required)}{RULE_MEANINGS[key]} |")
    return "\n".join(rows)


def _required_first(key: str, required: Iterable[str]) -> str:
    return "required; " if key in required else ""
