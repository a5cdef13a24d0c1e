"""Fuzzing the loader: mutated rule files only ever raise our own error, and quickly.

Hypothesis mutates the bundled and example files (deletions, insertions of
YAML's special characters, duplicated lines, swapped characters). Whatever
comes out, loading it, and planning with what loads, either works or raises
an AftercareError: never another exception, never a hang (the deadline).
"""

import contextlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftercare_cli.core.planner import make_plan
from aftercare_cli.errors import AftercareError
from aftercare_cli.model import Patient
from aftercare_cli.ruleset.loader import load_ruleset_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [
    (ROOT / "rules" / "microdermabrasion.yaml").read_text(),
    (ROOT / "examples" / "every-feature.yaml").read_text(),
]
SPECIAL = st.sampled_from(
    [
        ":",
        ": ",
        "- ",
        "{",
        "}",
        "[",
        "]",
        "&a ",
        "*a",
        "!!python/object/apply:os.system ",
        "|",
        ">",
        "#",
        "'",
        '"',
        "\t",
        "\n",
        "  ",
        "%",
        "@",
        "`",
        "---\n",
        "~",
        "null",
        "8:00",
        "0x18",
        "1e3",
        "yes",
        "\x00",
        "\ufeff",
        "é",
        "😀",
        "<<: *a",
        "?",
        ",",
        "\\",
        "2026-02-30",
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        where = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "replace"]))
        if action == "delete":
            text = text[:where] + text[where + draw(st.integers(min_value=1, max_value=40)) :]
        elif action == "insert":
            text = text[:where] + draw(st.one_of(SPECIAL, st.text(max_size=8))) + text[where:]
        elif action == "duplicate":
            lines = text.splitlines(keepends=True)
            index = where % max(len(lines), 1)
            text = "".join(lines[: index + 1] + lines[index:])
        else:
            text = text[:where] + draw(SPECIAL) + text[where + 1 :]
    return text


@settings(max_examples=400, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_rules_only_raise_our_error(text: str) -> None:
    try:
        ruleset = load_ruleset_text(text, "fuzz.yaml")
    except AftercareError:
        return
    zone = ZoneInfo("Pacific/Auckland")
    for peel in ruleset.peels:
        with contextlib.suppress(AftercareError):
            make_plan(ruleset, peel, datetime(2026, 11, 26, 14, 30, tzinfo=zone), zone, Patient())
