"""Follow-ups: a session to book, reminded at a daytime clock on the day it is due, repeatable for a series."""

from __future__ import annotations

import pytest

from aftercare_cli.core.size import estimated_items
from aftercare_cli.errors import RulesError
from aftercare_cli.outputs.clinic_texts import title
from aftercare_cli.outputs.rules_list import describe_rule
from aftercare_cli.timing_words import repeat_words
from conftest import plan_for, ruleset_from

SERIES = "- {id: next, kind: follow_up, title: 'Book your next session: return in <after>', after: 4w-6w, repeat: 3}"


def test_a_follow_up_is_reminded_at_ten_on_the_day_the_shorter_bound_is_due() -> None:
    plan = plan_for(ruleset_from(SERIES), "2026-11-26T16:45", "Pacific/Auckland")
    assert [f"{item.start:%a %d %b %H:%M}" for item in plan.items] == [
        "Thu 24 Dec 10:00",
        "Thu 21 Jan 10:00",
        "Thu 18 Feb 10:00",
    ]
    assert all(item.remind for item in plan.items)


def test_its_words_say_the_range() -> None:
    (rule,) = ruleset_from(SERIES).rules
    assert title(rule) == "Book your next session: return in 4 to 6 weeks"
    assert estimated_items(rule) == 3


def test_months_and_a_clock_of_the_clinics() -> None:
    rules = ruleset_from("- {id: t, kind: follow_up, title: Touch-up, after: 3-4mo, at: '14:00'}")
    plan = plan_for(rules, "2026-01-31T10:00", "Europe/London")
    assert [f"{item.start:%Y-%m-%d %H:%M}" for item in plan.items] == ["2026-04-30 14:00"]  # 31 Jan + 3 months


def test_the_desk_view_and_rules_list_say_the_series() -> None:
    ruleset = ruleset_from(SERIES)
    (rule,) = ruleset.rules
    assert rule.timing is not None
    patient = plan_for(ruleset, "2026-11-26T16:45", "UTC").patient
    assert repeat_words(rule.timing, patient, short=True) == "sessions 4-6 wk apart"
    assert describe_rule(rule, ruleset).startswith("a follow-up: reminded at 10:00 on the day, 4 to 6 weeks")


@pytest.mark.parametrize(
    ("rule_yaml", "message"),
    [
        ("{id: f, kind: follow_up, title: F}", "rules[f].after: missing"),
        (
            "{id: f, kind: follow_up, title: F, after: 4w, repeat: 0}",
            "rules[f].repeat: '0' is not a number of sessions",
        ),
        ("{id: f, kind: follow_up, title: F, after: 4w, at: [wake, '10:00']}", "give one time"),
        ("{id: f, kind: follow_up, title: F, after: 6mo, repeat: 3}", "longer than a year"),
        ("{id: f, kind: follow_up, title: F, after: 4w, every: 4w}", "not used by a 'follow_up' rule"),
        ("{id: f, kind: do, title: F, after: 4w}", "not used by a 'do' rule"),
    ],
)
def test_follow_up_mistakes_are_reported_at_their_line(rule_yaml: str, message: str) -> None:
    with pytest.raises(RulesError) as raised:
        ruleset_from(f"- {rule_yaml}")
    assert any(problem.startswith("demo.yaml:6:") and message in problem for problem in raised.value.problems)
