"""Warning signs and as-needed steps: untimed, never alarms, under their own headings on every face."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import icalendar
import pytest
from rich.console import Console

from aftercare_cli.core.size import estimated_items
from aftercare_cli.model import Plan
from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.outputs.glance import glance_view
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.outputs.jsondoc import plan_json
from aftercare_cli.outputs.rules_list import describe_rule
from aftercare_cli.outputs.timeline import timeline_view
from aftercare_cli.ruleset.advice import ruleset_warnings
from aftercare_cli.ruleset.loader import load_ruleset_text
from conftest import plan_for, ruleset_from

SIGN = "If you notice pus, fever or spreading redness, call us immediately"
COMPRESS = "Apply a cold compress if it feels hot"
RULES = f"""
- {{id: cream, kind: do, title: Apply the cream, every: 4h, for: 12h}}
- {{id: pus, kind: warning, title: "{SIGN}"}}
- {{id: compress, kind: as_needed, title: "{COMPRESS}", products: [Cold compress]}}
- {{id: spf, kind: tip, title: Wear SPF 50}}
"""
STAMP = datetime(2026, 11, 26, 0, 0, tzinfo=timezone.utc)


def _plan() -> Plan:
    return plan_for(ruleset_from(RULES), "2026-11-26T10:00", "Pacific/Auckland")


def _text(renderable: object) -> str:
    console = Console(width=80, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_the_plan_holds_them_apart_from_the_timeline() -> None:
    plan = _plan()
    assert [rule.id for rule in plan.warnings] == ["pus"]
    assert [rule.id for rule in plan.as_needed] == ["compress"]
    assert [rule.id for rule in plan.tips] == ["spf"]
    assert {item.rule_id for item in plan.items} == {"cream"}


def test_they_make_no_timeline_items() -> None:
    for rule in ruleset_from(RULES).rules[1:]:
        assert estimated_items(rule) == 0


def test_the_desk_view_shows_the_warning_sign_before_the_steps() -> None:
    text = _text(glance_view(_plan()))
    assert text.index("Warning signs:") < text.index("Apply the cream")
    assert "If needed: Apply a cold compress if it feels hot" in text


def test_the_timeline_shows_warnings_first_and_as_needed_under_its_heading() -> None:
    text = _text(timeline_view(_plan()))
    assert text.index("Warning signs: Contact your clinic.") < text.index("Apply the cream")
    assert text.index("If needed") > text.index("Apply the cream")
    assert text.index("If needed") < text.index("Also remember")


def test_the_json_lists_them_with_their_kinds() -> None:
    doc = json.loads(plan_json(_plan()))
    assert [(w["rule"], w["kind"], w["title"]) for w in doc["warnings"]] == [("pus", "warning", SIGN)]
    assert [(a["rule"], a["kind"], a["products"]) for a in doc["as_needed"]] == [
        ("compress", "as_needed", ["Cold compress"])
    ]


def test_the_calendar_has_no_event_of_its_own_for_them_but_the_overview_and_every_event_say_the_signs() -> None:
    calendar = icalendar.Calendar.from_ical(plan_calendar(_plan(), STAMP))
    events = list(calendar.walk("VEVENT"))
    overview = next(e for e in events if str(e["SUMMARY"]).startswith("Your aftercare plan"))
    description = str(overview["DESCRIPTION"])
    assert description.index("WARNING SIGNS") < description.index("If needed:")
    assert f"- {COMPRESS} (Cold compress)" in description
    reminders = [e for e in events if e is not overview]
    assert len(reminders) == 3  # the cream at 10:00, 14:00, 18:00: nothing for the untimed kinds
    assert all(SIGN in str(e["DESCRIPTION"]) for e in reminders)


def test_the_handout_puts_the_signs_in_a_box_on_top() -> None:
    html = plan_handout(_plan(), STAMP)
    assert '<section class="warnings">' in html
    assert html.index(SIGN) < html.index("Apply the cream")
    assert '<section class="as-needed">' in html


def test_rules_list_says_what_they_are() -> None:
    ruleset = ruleset_from(RULES)
    by_id = {rule.id: rule for rule in ruleset.rules}
    assert describe_rule(by_id["pus"], ruleset).startswith("a warning sign: shown first")
    assert describe_rule(by_id["compress"], ruleset).startswith("as needed")


@pytest.mark.parametrize("key", ["every: 4h", "for: 2d", "at: wake", "end_note: Over"])
def test_they_take_no_timing(key: str) -> None:
    with pytest.raises(Exception, match="not used by a 'warning' rule"):
        ruleset_from(f"- {{id: pus, kind: warning, title: Pus, {key}}}")


def test_rules_check_warns_about_warning_signs_without_a_contact() -> None:
    (warning,) = ruleset_warnings(ruleset_from(RULES))
    assert warning.startswith("demo.yaml: treatment.contact: the warning signs (pus)")
    with_contact = load_ruleset_text(
        "treatment: {id: d, name: D, clinic: C, source: s, contact: {phone: 09 555 0100}}\n"
        f"rules:\n  - {{id: pus, kind: warning, title: '{SIGN}'}}\n"
    )
    assert ruleset_warnings(with_contact) == []


def test_rules_check_says_the_warning_on_stderr_and_exits_0(run_cli, tmp_path) -> None:
    path = tmp_path / "signs.yaml"
    path.write_text(
        "treatment: {id: d, name: D, clinic: C, source: s}\n"
        "rules:\n  - {id: pus, kind: warning, title: Pus}\n  - {id: c, kind: do, title: C, start: 1h}\n"
    )
    code, out, err = run_cli("rules", "check", str(path))
    assert code == 0
    assert "ok:" in out
    assert "warning:" in err
    assert "no contact" in err
