"""One definition of unsafe characters: what `escaped` escapes, the loader and `--patient` refuse."""

from __future__ import annotations

import pytest

from aftercare_cli.cli.inputs.patient import patient_from
from aftercare_cli.errors import RulesError, UsageError
from aftercare_cli.escapes import escaped, has_unsafe
from aftercare_cli.ruleset.loader import load_ruleset_text
from conftest import HEADER, ruleset_from

# Each reorders, splits or rewrites what a terminal shows; none belongs in one line of a patient's text.
UNSAFE = ["\x1b", "\x07", "\x85", "\u2028", "\u2029", "\u200e", "\u200f", "\u061c", "\u202e", "\u2066"]


@pytest.mark.parametrize("char", UNSAFE)
def test_visible_escapes_it(char: str) -> None:
    shown = escaped(f"a{char}b")
    assert char not in shown
    assert shown == f"a\\{'x' if ord(char) < 0x100 else 'u'}{ord(char):0{2 if ord(char) < 0x100 else 4}x}b"


@pytest.mark.parametrize("char", UNSAFE)
def test_a_one_line_title_holding_it_is_refused(char: str) -> None:
    with pytest.raises(RulesError) as caught:
        ruleset_from(f'- {{id: a, kind: tip, title: "Keep{char}cool"}}'.replace(char, f"\\u{ord(char):04x}"))
    (problem,) = caught.value.problems
    assert "rules[a].title: contains control, bidi or line-separator characters" in problem
    assert not has_unsafe(problem)


@pytest.mark.parametrize(
    ("char", "message"),
    [
        ("\u200f", "8:12: rules[a].title: contains control, bidi or line-separator characters (\\u200f); remove them"),
        ("\u061c", "8:12: rules[a].title: contains control, bidi or line-separator characters (\\u061c); remove them"),
        # YAML itself would break the line here: the loader names the character before YAML reads it.
        ("\u2028", "8:16: a line-separator character (\\u2028); remove it"),
        ("\x85", "8:16: a line-separator character (\\x85); remove it"),
        ("\u2029 \x85", "8:16: a line-separator character (\\u2029); remove it"),  # the first in the file
    ],
)
def test_the_raw_character_in_a_plain_value_is_refused_too(char: str, message: str) -> None:
    with pytest.raises(RulesError) as caught:
        load_ruleset_text(HEADER + f"  - id: a\n    kind: tip\n    title: Keep{char}cool\n", "demo.yaml")
    assert caught.value.problems == (f"demo.yaml:{message}",)


@pytest.mark.parametrize("char", UNSAFE)
def test_the_desk_refuses_it_in_a_patient_name(char: str) -> None:
    with pytest.raises(UsageError, match="--patient: the name has control characters"):
        patient_from("07:00", "22:00", f"Ana{char}Smith")


def test_details_may_hold_newlines_and_tabs_but_nothing_else() -> None:
    assert not has_unsafe("line one\n\tline two", multiline=True)
    assert has_unsafe("line one\n\tline two")
    assert has_unsafe("line one\u2028line two", multiline=True)
