"""Ranges ("for 3 to 5 days", "every 2 to 4 hours") and vague lengths, said as the clinic wrote them."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta, timezone

import pytest

from aftercare_cli.errors import RulesError
from aftercare_cli.model import NO_PEEL, ItemKind, Plan, Span
from aftercare_cli.outputs.clinic_texts import title
from aftercare_cli.outputs.jsondoc import plan_json
from aftercare_cli.outputs.rules_list import describe_rule
from aftercare_cli.outputs.window_words import window_end
from aftercare_cli.outputs.wording import when
from aftercare_cli.ruleset.adjustments import apply_adjustments
from aftercare_cli.ruleset.timing.text import parse_span_or_range
from conftest import plan_for, ruleset_from

TREATED = "2026-11-26T10:00"
ZONE = "Pacific/Auckland"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("3d-5d", Span(timedelta(days=3), "d"), Span(timedelta(days=5), "d")),
        ("3-5d", Span(timedelta(days=3), "d"), Span(timedelta(days=5), "d")),
        ("24-48h", Span(timedelta(hours=24), "h"), Span(timedelta(hours=48), "h")),
        ("3-4mo", Span(timedelta(0), "M", 3), Span(timedelta(0), "M", 4)),
        ("1d12h-2d", Span(timedelta(hours=36), "dh"), Span(timedelta(days=2), "d")),
    ],
)
def test_a_range_keeps_both_bounds_and_plans_the_longer(text: str, low: Span, high: Span) -> None:
    span = parse_span_or_range(text)
    assert span.range == (low, high)
    assert (span.value, span.months) == (high.value, high.months)


@pytest.mark.parametrize("text", ["5d-3d", "3d-3d", "3d-", "-3d"])
def test_a_range_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"range|duration"):
        parse_span_or_range(text)


def _one(rule_yaml: str) -> tuple[str, Plan]:
    ruleset = ruleset_from(rule_yaml)
    (rule,) = ruleset.rules
    return title(rule), plan_for(ruleset, TREATED, ZONE)


def test_a_window_range_says_both_numbers_and_lasts_to_the_longer() -> None:
    title, plan = _one("- {id: w, kind: avoid, title: No sun for <for>, for: 3-5d}")
    assert title == "No sun for 3 to 5 days"
    (window,) = plan.items
    assert f"{window.end:%a %d %H:%M}" == "Tue 01 10:00"
    assert f"{window.earliest_end:%a %d %H:%M}" == "Sun 29 10:00"


def test_end_by_shorter_ends_the_window_at_the_shorter_bound() -> None:
    _, plan = _one("- {id: w, kind: avoid, title: No sun for <for>, for: 3-5d, end_by: shorter}")
    (window,) = plan.items
    assert f"{window.end:%a %d %H:%M}" == "Sun 29 10:00"
    assert window.earliest_end is None  # nothing ends earlier than the end


def test_end_by_a_length_within_the_range() -> None:
    title, plan = _one("- {id: w, kind: avoid, title: No sun for <for>, until: 24-48h, end_by: 36h}")
    assert title == "No sun for 24 to 48 hours"
    (window,) = plan.items
    assert f"{window.end:%a %d %H:%M}" == "Fri 27 22:00"
    assert f"{window.earliest_end:%a %d %H:%M}" == "Fri 27 10:00"


def test_a_chosen_length_shorter_than_the_shorter_bound_on_its_dates_has_no_earlier_end() -> None:
    # Antarctica/Troll's clocks go back 2 hours on 25 Oct 2026: 3 calendar days from 23 Oct are 74 hours, and the
    # clinic's 73h (within 3-5 days on paper) ends before them. Nothing ends earlier than the end.
    rules = ruleset_from("- {id: w, kind: avoid, title: No sun, for: 3-5d, end_by: 73h}")
    (window,) = plan_for(rules, "2026-10-23T12:00", "Antarctica/Troll").items
    assert window.end is not None
    assert window.end.astimezone(timezone.utc) - window.start.astimezone(timezone.utc) == timedelta(hours=73)
    assert window.earliest_end is None  # and the 73 hours are exact, not 3 calendar days and 1 hour


def test_a_chosen_interval_in_hours_is_exact_hours_in_a_range_of_days() -> None:
    # London's clocks go forward on 29 Mar 2026: 36 exact hours, not one calendar day and 12 hours.
    rules = ruleset_from("- {id: r, kind: do, title: R, every: 1-2d, remind_every: 36h, for: 3d, when_asleep: keep}")
    starts = [
        item.start.astimezone(timezone.utc) for item in plan_for(rules, "2026-03-28T12:00", "Europe/London").items
    ]
    assert [later - earlier for earlier, later in itertools.pairwise(starts)] == [timedelta(hours=36)]


def test_an_interval_range_says_both_and_reminds_at_the_stated_interval() -> None:
    title, plan = _one(
        "- {id: c, kind: do, title: Cream every <every>, every: 2h-4h, remind_every: 3h, for: 12h, when_asleep: keep}"
    )
    assert title == "Cream every 2 to 4 hours"
    assert [f"{item.start:%H:%M}" for item in plan.items] == ["10:00", "13:00", "16:00", "19:00"]


@pytest.mark.parametrize(
    ("rule_yaml", "message"),
    [
        (
            "{id: c, kind: do, title: C, every: 2h-4h, for: 1d}",
            "rules[c].every: a range of intervals needs 'remind_every'",
        ),
        (
            "{id: c, kind: do, title: C, every: 2h-4h, remind_every: 5h, for: 1d}",
            "rules[c].remind_every: 5h is not within 2h-4h",
        ),
        (
            "{id: c, kind: do, title: C, every: 2h, remind_every: 3h, for: 1d}",
            "only applies to 'every' written as a range",
        ),
        (
            "{id: w, kind: avoid, title: W, for: 3d, end_by: shorter}",
            "rules[w].end_by: only applies to a 'for' or 'until'",
        ),
        ("{id: w, kind: avoid, title: W, for: 3-5d, end_by: soon}", "'soon' is not longer or shorter"),
        ("{id: w, kind: avoid, title: W, for: 3-5d, end_by: 6d}", "6d is not within 3d-5d"),
        (
            "{id: w, kind: avoid, title: W, start: 2d-3d, until: 3d}",
            "rules[w].until: ends before it starts (start is 2d-3d)",
        ),
        ("{id: w, kind: avoid, title: W, until: 3d, for_words: healed}", "rules[w].for_words: the words of a vague"),
    ],
)
def test_range_mistakes_are_reported_at_their_line(rule_yaml: str, message: str) -> None:
    with pytest.raises(RulesError) as raised:
        ruleset_from(f"- {rule_yaml}")
    (problem,) = raised.value.problems
    assert problem.startswith("demo.yaml:6:")
    assert message in problem


def test_a_vague_length_keeps_the_clinics_words_and_marks_its_number_as_usual() -> None:
    title, plan = _one(
        "- {id: m, kind: do, title: 'Moisturise <for>', at: [wake], for: 10d, for_words: until your skin has healed}"
    )
    assert title == "Moisturise until your skin has healed (usually about 10 days)"
    assert len(plan.items) == 10  # 07:00 on the 27th to the 6th


def test_a_vague_range_says_usually_and_both_numbers() -> None:
    title, _ = _one("- {id: x, kind: avoid, title: 'No scrubs <for>', for: 7-14d, for_words: until the scabs are gone}")
    assert title == "No scrubs until the scabs are gone (usually 7 to 14 days)"


def test_rules_list_says_which_end_is_planned() -> None:
    ruleset = ruleset_from("- {id: w, kind: avoid, title: No sun, for: 3-5d, end_by: shorter}")
    assert describe_rule(ruleset.rules[0], ruleset) == "for the first 3 to 5 days (planned to the shorter end)"
    ruleset = ruleset_from("- {id: c, kind: do, title: C, every: 2h-4h, remind_every: 3h, for: 1d}")
    assert describe_rule(ruleset.rules[0], ruleset).startswith("every 2 to 4 hours (reminders every 3 hours)")


def test_the_json_carries_the_earliest_end() -> None:
    _, plan = _one("- {id: w, kind: avoid, title: No sun for <for>, for: 3-5d}")
    doc = json.loads(plan_json(plan))
    assert doc["schema"] == "aftercare-plan/3"
    assert doc["items"][0]["earliest_end"] == "2026-11-29T10:00:00+13:00"
    assert doc["items"][0]["end"] == "2026-12-01T10:00:00+13:00"


def test_a_desk_setting_of_another_field_keeps_the_range_and_the_words() -> None:
    ruleset = ruleset_from(
        "- {id: x, kind: avoid, title: 'No scrubs <for>', start: 1h, for: 7-14d, for_words: until the scabs are gone}"
    )
    (rule,) = apply_adjustments(ruleset, ["x.start=2h"], NO_PEEL).rules
    assert title(rule) == "No scrubs until the scabs are gone (usually 7 to 14 days)"


def test_the_windows_end_shows_both_ends_in_the_timeline_words() -> None:
    _, plan = _one("- {id: w, kind: avoid, title: No sun for <for>, for: 3-5d}")
    (window,) = plan.items
    assert window.kind is ItemKind.AVOID
    assert window_end(window, when) == "Sun 29 Nov 10:00 to Tue 1 Dec 10:00"


def test_a_patients_moment_keeps_the_clinics_words_and_its_default() -> None:
    title, plan = _one(
        "- {id: home, kind: do, title: 'Apply the ointment <start>', start: 1h, start_words: as soon as you get home}"
    )
    assert title == "Apply the ointment as soon as you get home (about 1 hour after treatment)"
    assert [f"{item.start:%H:%M}" for item in plan.items] == ["11:00"]
    ruleset = ruleset_from("- {id: home, kind: do, title: Ointment, start: 1h, start_words: as soon as you get home}")
    assert describe_rule(ruleset.rules[0], ruleset) == "once, as soon as you get home (about 1 hour after treatment)"


def test_a_patients_moment_needs_its_default() -> None:
    with pytest.raises(RulesError, match="start_words: the words of the patient's moment need 'start'"):
        ruleset_from("- {id: home, kind: do, title: Ointment, start_words: as soon as you get home}")


def test_a_frequency_under_15_minutes_is_one_reminder_with_its_words() -> None:
    title, plan = _one("- {id: ex, kind: do, title: 'For the next <for>: exercise the area 6 times an hour', for: 2h}")
    assert title == "For the next 2 hours: exercise the area 6 times an hour"
    assert len(plan.items) == 1


def test_a_later_windows_range_counts_both_ends_from_its_start_or_from_the_treatment() -> None:
    # `for` counts from the window's start (2 days on: Sat 28 10:00), `until` from the treatment (Thu 26 10:00).
    _, plan = _one("- {id: w, kind: avoid, title: No sun, start: 2d, for: 3-5d}")
    (window,) = plan.items
    assert f"{window.earliest_end:%a %d %H:%M} {window.end:%a %d %H:%M}" == "Tue 01 10:00 Thu 03 10:00"
    _, plan = _one("- {id: w, kind: avoid, title: No sun, start: 2d, until: 3-5d}")
    (window,) = plan.items
    assert f"{window.earliest_end:%a %d %H:%M} {window.end:%a %d %H:%M}" == "Sun 29 10:00 Tue 01 10:00"
