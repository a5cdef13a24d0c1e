"""Hostile rules files kept as files, each beside its control (the same file without the hazard).

`rules check` must refuse each hostile file quickly, with one clear line that
names the hazard and never echoes a raw control character, and pass its control.
"""

import time
from pathlib import Path

import pytest

from aftercare_cli.escapes import has_unsafe

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED = {
    "alias-amplification": "anchors and aliases (&name, *name) are not allowed in rules files",
    "tag-on-a-key": "the YAML tag '!!python/name:os.system' is not allowed",
    "escape-in-an-id": "rules[keep-cool\\x1b[2J].id: contains control, bidi or line-separator characters (\\x1b)",
    "bidi-in-an-id": "rules[keep\\u202ecool].id: contains control, bidi or line-separator characters (\\u202e)",
    # One definition of unsafe characters (escapes.py): the loader refuses what --patient refuses.
    "line-separator-in-a-title": "rules[a].title: contains control, bidi or line-separator characters (\\u2028)",
    "rtl-mark-in-a-title": "rules[a].title: contains control, bidi or line-separator characters (\\u200f)",
    "arabic-mark-in-a-title": "rules[a].title: contains control, bidi or line-separator characters (\\u061c)",
    "null-details": "rules[a].details: is empty; write the text, or remove the key",
    "too-long-duration": "'100000d' is longer than a year; the longest accepted is 366d",
    "too-many-items": "rule 'spam' alone makes about 1200; make it less frequent or shorter",
    "merge-key": "merge keys ('<<') are not allowed in rules files",
}


def test_every_hostile_file_is_listed_here() -> None:
    files = {path.name.removesuffix(".yaml") for path in HOSTILE.glob("*.yaml") if ".control." not in path.name}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_file_is_refused_clearly_and_its_control_passes(run_cli, name: str) -> None:
    started = time.monotonic()
    code, out, err = run_cli("rules", "check", str(HOSTILE / f"{name}.yaml"))
    assert time.monotonic() - started < 1
    assert code == 1
    assert out == ""
    assert EXPECTED[name] in err
    assert not has_unsafe(err, multiline=True)
    code, out, err = run_cli("rules", "check", str(HOSTILE / f"{name}.control.yaml"))
    assert (code, err) == (0, "")
    assert ": ok: demo" in out
