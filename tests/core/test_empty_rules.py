"""Rules that make nothing (`core/empty_rules`): which do-rules a plan would drop without a word, and which not."""

from __future__ import annotations

from aftercare_cli.core.empty_rules import empty_rules
from conftest import plan_for, ruleset_from

TREATED, ZONE = "2026-11-26T10:00", "Europe/London"


def test_only_a_do_rule_with_no_reminder_is_empty() -> None:
    # An expectation on days 1-2 and a follow-up make no reminder of their own kind: neither is "empty".
    rules = ruleset_from("""
        - {id: tight, kind: expect, title: Tight skin, days: 1-2}
        - {id: back, kind: follow_up, title: Come back, after: 4w}
        - {id: dry, kind: avoid, title: Stay dry, for: 12h, end_note: Dry no more}
        - {id: late, kind: do, title: Late, at: ['23:30'], until: 1h}
    """)
    (empty,) = empty_rules(plan_for(rules, TREATED, ZONE))
    assert empty.rule.id == "late"  # until 11:00, with its only time at 23:30: nothing
    assert empty.skipped == ()


def test_a_rule_the_clinic_will_time_does_not_hide_an_empty_one_after_it() -> None:
    rules = ruleset_from("""
        - {id: later, kind: do, title: Later, start: told, every: 1d, until: 1w}
        - {id: late, kind: do, title: Late, at: ['23:30'], until: 1h}
    """)
    assert [empty.rule.id for empty in empty_rules(plan_for(rules, TREATED, ZONE))] == ["late"]


def test_an_empty_rule_holds_its_own_skipped_reminders_only() -> None:
    # "a-night" is skipped at 23:00 (asleep) and makes nothing else; "b-night" likewise, on its own.
    rules = ruleset_from("""
        - {id: a-night, kind: do, title: A, start: 13h}
        - {id: b-night, kind: do, title: B, start: 14h}
    """)
    found = empty_rules(plan_for(rules, TREATED, ZONE))
    assert [(empty.rule.id, [skip.rule_id for skip in empty.skipped]) for empty in found] == [
        ("a-night", ["a-night"]),
        ("b-night", ["b-night"]),
    ]
    assert all(empty.told for empty in found)
