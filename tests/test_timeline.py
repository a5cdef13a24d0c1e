"""What the desk sees: the table against a golden file, narrow terminals, hostile text.

Regenerate the golden files after an intended change with:
    UPDATE_GOLDEN=1 python -m pytest tests/test_render.py tests/test_calendar.py
"""

import io

import pytest
from rich.console import Console

from aftercare_cli.model import Patient, Plan
from aftercare_cli.outputs.timeline import plan_view
from conftest import check_golden, plan_for, ruleset_from


def rendered(plan: Plan, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False, highlight=False).print(plan_view(plan))
    return out.getvalue()


def test_table_matches_the_golden_file(bundled) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name="Ana Smith"))
    check_golden("plan-jessner-auckland-80.txt", rendered(plan, 80))


@pytest.mark.parametrize("width", [30, 60, 80, 100])  # 30: the time goes above its text
def test_no_line_is_wider_than_the_terminal(bundled, width: int) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name="Ana Smith"))
    text = rendered(plan, width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Balense Recovery Cream" in text and "Also remember" in text


def test_rule_and_patient_text_is_never_markup() -> None:
    rules = ruleset_from("""
        - {id: a, kind: do, title: "Apply [bold]cream[/bold] [/] now", products: ["[link=http://x]P[/link]"]}
        - {id: b, kind: tip, title: "[red]tip[/]"}
    """)
    plan = plan_for(rules, "2026-11-26T10:00", "UTC", patient=Patient(name="Ana [/] Smith"))
    text = rendered(plan, 80)
    for literal in ("Apply [bold]cream[/bold] [/] now", "[link=http://x]P[/link]", "[red]tip[/]", "Ana [/] Smith"):
        assert literal in text


def test_no_ansi_codes_when_not_a_terminal(bundled) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland")
    out = io.StringIO()
    Console(file=out, width=80).print(plan_view(plan))
    assert "\x1b" not in out.getvalue()


def test_a_very_narrow_terminal_puts_the_time_above_its_text(bundled) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner")
    lines = rendered(plan, 30).splitlines()
    first = lines.index("Thu 26 Nov")
    assert lines[first + 1].rstrip() == "14:30  +0m"
    assert lines[first + 2].startswith("  Avoid until")
