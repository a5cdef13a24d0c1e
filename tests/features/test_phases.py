"""One step in phases: `continues` makes a rule the next phase of another; the desk view shows one row."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from aftercare_cli.errors import RulesError
from aftercare_cli.outputs.glance import glance_view
from aftercare_cli.outputs.jsondoc import plan_json
from conftest import plan_for, ruleset_from

ICE = """
- {id: ice, kind: do, title: Apply ice, days: 1, every: 2h}
- {id: ice-later, kind: do, title: Apply ice, days: 2-3, every: 3h, anchor: wake, continues: ice}
"""


def _desk(rules: str) -> str:
    console = Console(width=80, record=True, color_system=None)
    console.print(glance_view(plan_for(ruleset_from(rules), "2026-11-26T09:00", "Pacific/Auckland")))
    return console.export_text()


def test_the_phases_plan_as_their_own_rules() -> None:
    plan = plan_for(ruleset_from(ICE), "2026-11-26T09:00", "Pacific/Auckland")
    today = [f"{i.start:%d %H:%M}" for i in plan.items if i.rule_id == "ice"]
    later = [f"{i.start:%d %H:%M}" for i in plan.items if i.rule_id == "ice-later"]
    assert today == ["26 09:00", "26 11:00", "26 13:00", "26 15:00", "26 17:00", "26 19:00", "26 21:00"]
    assert later[:2] == ["27 07:00", "27 10:00"]
    assert later[-1] == "28 22:00"


def test_the_desk_view_shows_one_row_for_one_step() -> None:
    text = _desk(ICE)
    assert text.count("Apply ice") == 1
    assert "every 2 h while awake on the day of" in text
    assert "then every 3 h while" in text


def test_the_json_says_which_step_a_phase_belongs_to() -> None:
    doc = json.loads(plan_json(plan_for(ruleset_from(ICE), "2026-11-26T09:00", "Pacific/Auckland")))
    phases = {item["rule"]: item["phase_of"] for item in doc["items"]}
    assert phases == {"ice": None, "ice-later": "ice"}


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("- {id: a, kind: do, title: A, start: 1h, continues: b}", "'b' is not another do rule"),
        ("- {id: a, kind: do, title: A, start: 1h, continues: a}", "'a' is not another do rule"),
        (
            "- {id: a, kind: do, title: A, start: 1h}\n- {id: b, kind: do, title: B, start: 2h, continues: a}\n"
            "- {id: c, kind: do, title: C, start: 3h, continues: a}",
            "'a' already continues in 'b'",
        ),
        (
            "- {id: a, kind: do, title: A, start: 1h, continues: b}\n"
            "- {id: b, kind: do, title: B, start: 2h, continues: a}",
            "the phases go round in a circle",
        ),
        ("- {id: a, kind: avoid, title: A, for: 1h, continues: b}", "not used by a 'avoid' rule"),
    ],
)
def test_phase_mistakes_are_reported(rules: str, message: str) -> None:
    with pytest.raises(RulesError) as raised:
        ruleset_from(rules)
    assert any(message in problem for problem in raised.value.problems)


def _phases(first: str, then: str) -> str:
    return (
        f"- {{id: a, kind: do, title: A, every: 4h, {first}}}\n"
        f"- {{id: b, kind: do, title: B, every: 4h, {then}, for: 2d, continues: a}}"
    )


@pytest.mark.parametrize(
    ("first", "then", "said"),
    [
        # The day the clocks go back is 25 hours: B would begin an hour early.
        ("until: 1d", "start: 24h", "can start before 'a' ends (a calendar day is 22 to 26 hours where the clocks"),
        # From 1 March, 30 days end on 31 March, a day before the month does.
        ("until: 1mo", "start: 30d", "can start before 'a' ends (a calendar day is 22 to 26 hours"),
        ("until: 2d", "start: 47h", "starts before 'a' ends;"),  # on most dates; from none after it
    ],
)
def test_a_phase_that_can_start_before_the_last_ends_on_some_dates_is_refused(first: str, then: str, said: str) -> None:
    with pytest.raises(RulesError) as raised:
        ruleset_from(_phases(first, then))
    (problem,) = raised.value.problems
    assert f"rules[b].continues: {said}" in problem


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("until: 1d", "start: 1d"),
        ("until: 1d", "start: 26h"),
        ("until: 1mo", "start: 31d"),
        ("until: 24h", "start: 24h"),
    ],
)
def test_a_phase_that_starts_where_the_last_ends_or_later_on_every_date_is_accepted(first: str, then: str) -> None:
    (_, b) = ruleset_from(_phases(first, then)).rules
    assert b.continues == "a"
