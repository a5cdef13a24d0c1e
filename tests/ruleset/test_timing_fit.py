"""How a rule's timing keys fit together (`ruleset/timing/fit`): each limit at its edge, accepted and refused.

Each test here stands at a boundary the loader draws: the value on it, and the one just past it.
"""

from __future__ import annotations

from datetime import timezone

import pytest

from aftercare_cli.core.size import estimated_items
from aftercare_cli.errors import RulesError
from conftest import plan_for, ruleset_from


def _problem(rule_yaml: str) -> str:
    with pytest.raises(RulesError) as raised:
        ruleset_from(rule_yaml)
    (problem,) = raised.value.problems
    return problem


def test_a_follow_up_repeats_at_most_twelve_times() -> None:
    (rule,) = ruleset_from("- {id: f, kind: follow_up, title: F, after: 2w, repeat: 12}").rules
    assert rule.timing is not None
    assert rule.timing.repeat == 12
    assert "rules[f].repeat" in _problem("- {id: f, kind: follow_up, title: F, after: 2w, repeat: 13}")


@pytest.mark.parametrize(("end_by", "days"), [("longer", 5), ("shorter", 3), ("3d", 3), ("5d", 5), ("4d", 4)])
def test_end_by_takes_either_bound_and_any_length_on_or_between_them(end_by: str, days: int) -> None:
    rules = ruleset_from(f"- {{id: w, kind: avoid, title: W, for: 3-5d, end_by: {end_by}}}")
    (window,) = plan_for(rules, "2026-11-26T10:00", "UTC").items
    assert window.end is not None
    assert (window.end - window.start).days == days


@pytest.mark.parametrize("end_by", ["2d23h", "5d1h", "1d"])
def test_end_by_outside_the_range_is_refused(end_by: str) -> None:
    assert "is not within 3d-5d" in _problem(f"- {{id: w, kind: avoid, title: W, for: 3-5d, end_by: {end_by}}}")


def test_an_until_at_the_treatment_says_the_start_it_comes_before() -> None:
    problem = _problem("- {id: w, kind: avoid, title: W, until: 0m}")
    assert problem.endswith("rules[w].until: ends before it starts (start is 0m); make 'until' later than 'start'")


def test_an_until_before_the_shorter_bound_of_a_ranged_until_is_refused() -> None:
    # The window's end can be its shorter bound (end_by), so that bound must come after the start too.
    problem = _problem("- {id: w, kind: avoid, title: W, start: 2d, until: 1-3d}")
    assert "rules[w].until: ends before it starts (start is 2d)" in problem


def test_an_as_needed_step_with_a_start_and_no_end_is_told_what_it_needs_once() -> None:
    problem = _problem("- {id: s, kind: as_needed, title: S, start: 1d}")
    assert "an as_needed rule with a timing needs 'days', or 'for' or 'until'" in problem


def test_a_length_of_nothing_is_refused() -> None:
    assert _problem("- {id: w, kind: avoid, title: W, for: 0h}").endswith("rules[w].for: must be longer than 0m")


def test_a_start_and_a_length_of_exactly_a_year_are_accepted_and_a_day_more_refused() -> None:
    (rule,) = ruleset_from("- {id: w, kind: avoid, title: W, start: 1d, for: 365d}").rules
    assert rule.timing is not None
    assert "longer than a year" in _problem("- {id: w, kind: avoid, title: W, start: 2d, for: 365d}")


def test_reminders_to_a_horizon_of_exactly_a_year_are_accepted_and_a_day_more_refused() -> None:
    told = "- {{id: r, kind: do, title: R, every: 1d, until: told, start: {start}, remind_for: 365d}}"
    (rule,) = ruleset_from(told.format(start="1d")).rules
    assert rule.timing is not None
    assert "longer than a year" in _problem(told.format(start="2d"))


def test_days_take_no_start() -> None:
    assert "leave out start, for and until" in _problem("- {id: r, kind: do, title: R, days: 2, start: 1h}")


def test_one_reminder_on_a_late_day_is_one_day() -> None:
    # Day 200 is half-day 399 at both ends of its range: the same number, whichever way it was made.
    (rule,) = ruleset_from("- {id: r, kind: do, title: R, days: 200}").rules
    assert rule.timing is not None
    assert "one reminder takes one day" in _problem("- {id: r, kind: do, title: R, days: 200-201}")


def test_an_anchor_needs_a_series() -> None:
    assert "'anchor' only applies to an 'every' series" in _problem(
        "- {id: r, kind: do, title: R, anchor: wake, start: 1h}"
    )


def test_the_size_estimate_of_a_series_counts_from_a_ranged_starts_earlier_bound() -> None:
    # start: 1h-1d is planned from 1 h (never late): 47 hourly reminders to the 2-day end, all of them counted.
    rules = ruleset_from("- {id: r, kind: do, title: R, start: 1h-1d, until: 2d, every: 1h, when_asleep: keep}")
    (rule,) = rules.rules
    plan = plan_for(rules, "2026-11-26T10:00", "UTC")
    assert plan.items[0].start.astimezone(timezone.utc).hour == 11
    assert estimated_items(rule) >= len(plan.items) == 47


@pytest.mark.parametrize(
    ("days", "nights"),
    [("1", "1"), ("1-3", "1-2"), ("1-3", "1-3"), ("2-3", "1-3"), ("2-3", "1-2"), ("3", "2"), ("200", "199-200")],
)
def test_days_and_nights_that_make_one_stretch_are_accepted(days: str, nights: str) -> None:
    (rule,) = ruleset_from(f"- {{id: w, kind: avoid, title: W, days: {days}, nights: {nights}}}").rules
    assert rule.timing is not None
    assert rule.timing.days is not None


@pytest.mark.parametrize(
    ("days", "nights"),
    [
        ("3-6", "1-2"),  # night 1, night 2, days 3-6: day 2 is not written
        ("4", "1-2"),  # days 2 and 3 and night 3 are not written
        ("2", "1-5"),  # days 3 to 5 are not written
        ("1-5", "2"),  # nights 1, 3 and 4 are not written
        ("1", "2"),  # day 2 is not written
        ("3", "1"),
        ("3", "1-3"),  # day 2 is not written: nights 1 to 3 begin too early for day 3
        ("1-3", "1"),  # night 2 is not written: night 1 ends too early for day 3
        ("1-3", "2-3"),  # night 1 is not written: nights 2 and 3 begin too late for day 1
    ],
)
def test_days_and_nights_with_a_gap_between_are_refused(days: str, nights: str) -> None:
    problem = _problem(f"- {{id: w, kind: avoid, title: W, days: {days}, nights: {nights}}}")
    assert "days and nights together make one stretch" in problem


def test_a_follow_up_a_day_after_is_accepted() -> None:
    (rule,) = ruleset_from("- {id: f, kind: follow_up, title: F, after: 1d}").rules
    assert rule.timing is not None
    assert "at least a day after" in _problem("- {id: f, kind: follow_up, title: F, after: 23h}")


def test_a_follow_ups_refused_time_is_its_one_message() -> None:
    # One mistake, one message: the session's other checks wait for a time that reads.
    problem = _problem("- {id: f, kind: follow_up, title: F, after: 2h, at: [wake]}")
    assert "give a clock time for the reminder" in problem


@pytest.mark.parametrize("key", ["for_words", "start_words"])
def test_the_clinics_words_for_a_time_fit_on_one_line(key: str) -> None:
    timing = "for: 14d" if key == "for_words" else "start: 1h, for: 1d"
    problem = _problem(f'- {{id: w, kind: avoid, title: W, {timing}, {key}: "until your skin\\nhas healed"}}')
    assert f"rules[w].{key}: must fit on one line" in problem


def test_a_follow_up_ranges_shorter_bound_is_a_day_or_more() -> None:
    assert "at least a day after" in _problem("- {id: f, kind: follow_up, title: F, after: 12h-2d}")


def test_repeated_follow_ups_count_a_year_from_the_ranges_shorter_bound() -> None:
    # 20 weeks twice is within a year (the sessions are due at the shorter bound); 61 days six times is a year.
    for after, repeat in (("20w-30w", 2), ("61d", 6)):
        (rule,) = ruleset_from(f"- {{id: f, kind: follow_up, title: F, after: {after}, repeat: {repeat}}}").rules
        assert rule.timing is not None
        assert rule.timing.repeat == repeat
    assert "longer than a year" in _problem("- {id: f, kind: follow_up, title: F, after: 62d, repeat: 6}")


@pytest.mark.parametrize(("repeat", "accepted"), [("1", True), ("0", False), ("two", False), ("1000", False)])
def test_a_follow_up_repeats_a_number_of_sessions(repeat: str, accepted: bool) -> None:
    rule_yaml = f"- {{id: f, kind: follow_up, title: F, after: 2w, repeat: {repeat}}}"
    if accepted:
        (rule,) = ruleset_from(rule_yaml).rules
        assert rule.timing is not None
        assert rule.timing.repeat == int(repeat)
    else:
        assert f"rules[f].repeat: '{repeat}' is not a number of sessions from 1 to 12" in _problem(rule_yaml)


@pytest.mark.parametrize(
    ("rule_yaml", "key", "units"),
    [
        ("- {id: w, kind: avoid, title: W, start: 1d-36h, for: 1d}", "start", "d"),  # at its earlier bound, 1d
        ("- {id: f, kind: follow_up, title: F, after: 4w-30d}", "start", "w"),
        ("- {id: w, kind: avoid, title: W, for: 36h-2d, end_by: shorter}", "end", "h"),
        ("- {id: w, kind: avoid, title: W, for: 36h-2d}", "end", "d"),
    ],
)
def test_a_range_planned_at_a_bound_takes_that_bounds_units(rule_yaml: str, key: str, units: str) -> None:
    # The units say how the span is added (whole days on the calendar, hours exact): those of the bound planned.
    (rule,) = ruleset_from(rule_yaml).rules
    assert rule.timing is not None
    span = rule.timing.start if key == "start" else rule.timing.end.span if rule.timing.end else None
    assert span is not None
    assert span.units == units
