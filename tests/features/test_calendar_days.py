"""Whole days, weeks and months are calendar spans (RFC 5545's nominal durations); hours stay exact."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.core.localtime import later
from aftercare_cli.core.size import estimated_items
from aftercare_cli.errors import RulesError
from aftercare_cli.model import Span, least_gap, surely_after
from aftercare_cli.model.timing import CLOCK_CHANGE_AT_MOST
from aftercare_cli.outputs.clinic_texts import title
from aftercare_cli.ruleset.timing.text import parse_duration, parse_span
from conftest import plan_for, ruleset_from

WINDOW = "- {{id: w, kind: avoid, title: Keep out of the sun for <for>, for: {length}}}"


def _window(length: str, treated_at: str, zone: str) -> tuple[str, str, timedelta]:
    plan = plan_for(ruleset_from(WINDOW.format(length=length)), treated_at, zone)
    (window,) = plan.items
    assert window.end is not None
    real = window.end.astimezone(timezone.utc) - window.start.astimezone(timezone.utc)
    return f"{window.start:%m-%d %H:%M}", f"{window.end:%m-%d %H:%M}", real


@pytest.mark.parametrize(
    ("zone", "treated_at", "end", "real_hours"),
    [
        # Auckland: clocks back on Sun 5 Apr 2026 (a 25-hour day), forward on Sun 27 Sep (23 hours).
        pytest.param("Pacific/Auckland", "2026-04-03T16:00", "04-17 16:00", 14 * 24 + 1, id="auckland-back"),
        pytest.param("Pacific/Auckland", "2026-09-25T16:00", "10-09 16:00", 14 * 24 - 1, id="auckland-forward"),
        # London: clocks forward on Sun 29 Mar 2026, back on Sun 25 Oct.
        pytest.param("Europe/London", "2026-03-27T16:00", "04-10 16:00", 14 * 24 - 1, id="london-forward"),
        pytest.param("Europe/London", "2026-10-23T16:00", "11-06 16:00", 14 * 24 + 1, id="london-back"),
    ],
)
def test_days_end_at_the_same_local_clock_time_across_a_clock_change(
    zone: str, treated_at: str, end: str, real_hours: int
) -> None:
    _, ends, real = _window("14d", treated_at, zone)
    assert ends == end
    assert real == timedelta(hours=real_hours)


@pytest.mark.parametrize(
    ("zone", "treated_at", "end"),
    [
        pytest.param("Pacific/Auckland", "2026-04-03T16:00", "04-09 15:00", id="auckland-back"),
        pytest.param("Europe/London", "2026-03-27T16:00", "04-02 17:00", id="london-forward"),
    ],
)
def test_hours_stay_real_hours_across_a_clock_change(zone: str, treated_at: str, end: str) -> None:
    _, ends, real = _window("144h", treated_at, zone)
    assert ends == end
    assert real == timedelta(hours=144)


def test_weeks_are_calendar_weeks() -> None:
    _, ends, _ = _window("2w", "2026-10-23T16:00", "Europe/London")
    assert ends == "11-06 16:00"


def test_a_day_and_hours_is_a_calendar_day_then_real_hours() -> None:
    # 1 calendar day to Sun 5 Apr 16:00 (25 real hours), then 12 real hours: 04:00 on Monday.
    _, ends, real = _window("2d12h", "2026-04-04T16:00", "Pacific/Auckland")
    assert ends == "04-07 04:00"
    assert real == timedelta(hours=61)


def test_an_every_of_days_keeps_its_clock_time_across_a_clock_change() -> None:
    rules = ruleset_from("- {id: d, kind: do, title: Daily, every: 1d, for: 4d}")
    plan = plan_for(rules, "2026-04-03T16:00", "Pacific/Auckland")
    assert [f"{item.start:%m-%d %H:%M}" for item in plan.items] == [
        "04-03 16:00",
        "04-04 16:00",
        "04-05 16:00",
        "04-06 16:00",
    ]


def test_every_hours_stay_real_hours_inside_a_calendar_window() -> None:
    rules = ruleset_from("- {id: c, kind: do, title: Cream, every: 12h, for: 2d, when_asleep: keep}")
    plan = plan_for(rules, "2026-04-04T16:00", "Pacific/Auckland")
    # The window ends Mon 6 Apr 16:00 local, 49 real hours on; 12 real hours after 16:00 is 03:00 once the
    # clocks have gone back at 03:00, and the last, 48 hours on, is 15:00 on Monday, still inside it.
    assert [f"{item.start:%d %H:%M}" for item in plan.items] == [
        "04 16:00",
        "05 03:00",
        "05 15:00",
        "06 03:00",
        "06 15:00",
    ]


@pytest.mark.parametrize(
    ("treated_at", "length", "end"),
    [
        pytest.param("2026-01-31T10:00", "1mo", "2026-02-28 10:00", id="31-jan-plus-a-month"),
        pytest.param("2028-01-31T10:00", "1mo", "2028-02-29 10:00", id="leap-year"),
        pytest.param("2026-11-30T10:00", "3mo", "2027-02-28 10:00", id="across-a-year"),
        pytest.param("2026-01-15T10:00", "2mo", "2026-03-15 10:00", id="mid-month"),
        pytest.param("2026-01-31T10:00", "1mo2d", "2026-03-02 10:00", id="month-then-days"),
    ],
)
def test_months_are_calendar_months(treated_at: str, length: str, end: str) -> None:
    plan = plan_for(ruleset_from(WINDOW.format(length=length)), treated_at, "Europe/London")
    (window,) = plan.items
    assert window.end is not None
    assert f"{window.end:%Y-%m-%d %H:%M}" == end


def test_a_month_across_a_clock_change_keeps_the_local_time() -> None:
    plan = plan_for(ruleset_from(WINDOW.format(length="1mo")), "2026-03-15T16:00", "Europe/London")
    (window,) = plan.items
    assert window.end is not None
    assert f"{window.end:%m-%d %H:%M%z}" == "04-15 16:00+0100"


def test_months_are_said_as_months() -> None:
    (rule,) = ruleset_from(WINDOW.format(length="2mo")).rules
    assert title(rule) == "Keep out of the sun for 2 months"
    (rule,) = ruleset_from(WINDOW.format(length="1mo2w")).rules
    assert title(rule) == "Keep out of the sun for 1 month 2 weeks"


def test_the_span_keeps_its_months_apart() -> None:
    assert parse_span("2mo") == Span(timedelta(0), "M", 2)
    assert parse_span("1mo2w") == Span(timedelta(weeks=2), "Mw", 1)
    assert parse_span("30m") == Span(timedelta(minutes=30), "m")


def test_a_plain_duration_has_no_months() -> None:
    with pytest.raises(ValueError, match="a month has no fixed length"):
        parse_duration("2mo")


def test_an_interval_of_months_is_refused_with_its_line() -> None:
    with pytest.raises(RulesError) as raised:
        ruleset_from("- {id: m, kind: do, title: M, every: 1mo, for: 6mo}")
    assert raised.value.problems == (
        "demo.yaml:6:40: rules[m].every: a month has no fixed length for a reminder's interval; give days or weeks",
    )


def test_thirteen_months_is_longer_than_a_year() -> None:
    with pytest.raises(RulesError, match="longer than a year"):
        ruleset_from(WINDOW.format(length="13mo"))


def test_a_month_until_must_be_after_the_start() -> None:
    with pytest.raises(RulesError, match="ends before it starts"):
        ruleset_from("- {id: w, kind: avoid, title: W, start: 2mo, until: 1mo}")


CAN_END_BEFORE = "can end before it starts"  # on some dates only
ENDS_BEFORE = "ends before it starts"  # already on paper


@pytest.mark.parametrize(
    ("start", "until", "said"),
    [
        ("1d", "25h", CAN_END_BEFORE),  # they meet on the day the clocks go back (a 25-hour day)
        ("23h", "1d", CAN_END_BEFORE),  # they meet on the day the clocks go forward (a 23-hour day)
        ("22h30m", "1d", CAN_END_BEFORE),  # Lord Howe's 30 minutes, Troll's 2 hours
        ("1mo", "30d", CAN_END_BEFORE),  # from 1 March the month is 31 days: the end would come first
        ("29d", "1mo", ENDS_BEFORE),  # from 1 February the month is 28 days
        ("1mo", "1mo", ENDS_BEFORE),
    ],
)
def test_an_until_that_can_come_before_its_start_on_some_dates_is_refused(start: str, until: str, said: str) -> None:
    with pytest.raises(RulesError) as raised:
        ruleset_from(f"- {{id: w, kind: avoid, title: W, start: {start}, until: {until}}}")
    (problem,) = raised.value.problems
    assert f"rules[w].until: {said} (start is {start})" in problem
    assert ("a calendar day is 22 to 26 hours where the clocks change" in problem) is (said == CAN_END_BEFORE)


@pytest.mark.parametrize(
    ("start", "until"),
    [("1d", "1d1h"), ("1d", "27h"), ("2h", "1d"), ("21h", "1d"), ("1mo", "32d"), ("1mo", "1mo1h"), ("-10d", "-2d")],
)
def test_an_until_after_its_start_from_every_date_is_accepted(start: str, until: str) -> None:
    (rule,) = ruleset_from(f"- {{id: w, kind: avoid, title: W, start: {start}, until: {until}}}").rules
    assert rule.timing is not None
    assert rule.timing.until is not None


SPANS = (
    "21h",
    "22h",
    "23h",
    "23h30m",
    "1d",
    "1d1h",
    "25h",
    "26h",
    "27h",
    "2d",
    "47h",
    "49h",
    "28d",
    "1mo",
    "745h",
    "31d",
    "31d1h",
    "32d",
)
CHANGES = [  # zone, local times a day before each of its clock changes (the span crosses it)
    (
        "Europe/London",
        ["2026-03-28T00:30", "2026-03-28T12:00", "2026-10-01T12:00", "2026-10-24T01:30", "2026-10-24T23:00"],
    ),
    ("Australia/Lord_Howe", ["2026-04-04T01:45", "2026-10-03T02:15"]),
    ("Antarctica/Troll", ["2026-03-28T01:30", "2026-10-24T02:30"]),
    ("America/Havana", ["2026-03-07T00:30", "2026-10-31T00:30"]),
    ("Pacific/Auckland", ["2026-01-31T16:00", "2026-03-01T16:00", "2026-04-04T02:30", "2026-09-26T02:30"]),
]


def test_surely_after_holds_wherever_it_says_so() -> None:
    """Each pair it calls surely after ends after, from moments before clock changes in zones of 30-minute,
    1-hour and 2-hour changes and before short and long months; and each pair it refuses meets or crosses
    from one of them, or comes within a clock change of it (a refusal is never for nothing)."""
    starts = [(datetime.fromisoformat(moment), ZoneInfo(zone)) for zone, moments in CHANGES for moment in moments]
    for late in map(parse_span, SPANS):
        for early in map(parse_span, SPANS):
            closest = min(
                later(start.replace(tzinfo=zone), late, zone) - later(start.replace(tzinfo=zone), early, zone)
                for start, zone in starts
            )
            assert least_gap(late, early) <= closest, (late, early)  # never more than the dates give
            if surely_after(late, early):
                assert closest > timedelta(0), (late, early)
            else:
                assert closest <= CLOCK_CHANGE_AT_MOST, (late, early, closest)


def test_the_size_estimate_counts_calendar_days_and_months_at_their_longest() -> None:
    # every 6h for 1 calendar day: a 25-hour day holds 0h, 6h, 12h, 18h and 24h.
    (daily,) = ruleset_from("- {id: a, kind: do, title: A, every: 6h, for: 1d, when_asleep: keep}").rules
    assert estimated_items(daily) == 5
    plan = plan_for(
        ruleset_from("- {id: a, kind: do, title: A, every: 6h, for: 1d, when_asleep: keep}"),
        "2026-04-05T00:30",
        "Pacific/Auckland",
    )
    assert len(plan.items) == 5
    (monthly,) = ruleset_from("- {id: a, kind: do, title: A, every: 1w, for: 1mo}").rules
    assert estimated_items(monthly) == 5  # 31 days and a little: five weeks at most
