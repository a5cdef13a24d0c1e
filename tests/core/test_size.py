"""The size estimate and the limits (`core/size`): the numbers `rules check` tells the clinic, and the edges of the
years a plan can reach. Each estimate is checked against the plan the rules really make, and for its own value,
since the refusal says it ("these rules would make about N timeline items")."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from aftercare_cli.core.size import estimated_items, oversize_problem, refuse_overflow
from aftercare_cli.errors import UsageError
from conftest import plan_for, ruleset_from

# The last instant a datetime holds, in UTC.
LAST = datetime.max.replace(tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("rule_yaml", "estimate"),
    [
        # days 3-7 reach day 7 and the night after it: 9 days, counted with 2 more for moves, 11, twice a day.
        ("- {id: r, kind: do, title: R, days: 3-7, at: [wake, bedtime]}", 22),
        # the same 9 days every 4 hours, with 4 hours' slack for a longer day: (216 h + 4 h) / 4 h.
        ("- {id: r, kind: do, title: R, days: 3-7, every: 4h, when_asleep: keep}", 55),
        ("- {id: r, kind: do, title: R, days: 4}", 1),  # the next morning but two: one reminder
        ("- {id: r, kind: do, title: R, nights: 2, at: ['23:00'], when_asleep: keep}", 6),  # 1 day + 2 + 2, once
        # every hour for a calendar day: 24 hours, and 4 for a day an hour longer (and a shorter interval).
        ("- {id: r, kind: do, title: R, every: 1h, for: 1d, when_asleep: keep}", 28),
        # to the clinic's horizon of 2 months, at their longest (62 days), with the slack: 63 daily reminders.
        ("- {id: r, kind: do, title: R, every: 1d, until: told, remind_for: 2mo}", 63),
        # from a month (at its shortest, 28 days) to 3 months (at their longest, 93 days): 65 days, weekly.
        ("- {id: r, kind: do, title: R, start: 1mo, until: 3mo, every: 1w}", 10),
        # a range ends at its longer bound unless the rule says otherwise: 5 days every 4 hours, and the slack.
        ("- {id: r, kind: do, title: R, every: 4h, for: 3-5d, when_asleep: keep}", 31),
    ],
)
def test_the_estimate_is_its_stated_bound_and_never_below_the_plan(rule_yaml: str, estimate: int) -> None:
    rules = ruleset_from(rule_yaml)
    (rule,) = rules.rules
    assert estimated_items(rule) == estimate
    for treated in ("2026-03-27T09:00", "2026-10-23T21:30", "2026-11-26T14:30"):  # across London's changes
        assert len(plan_for(rules, treated, "Europe/London").items) <= estimate


def test_the_refusal_says_the_estimate() -> None:
    (rule,) = ruleset_from("- {id: r, kind: do, title: R, days: 1-300, every: 4h, when_asleep: keep}").rules
    problem = oversize_problem([rule], "clinic.yaml")
    assert problem.startswith("clinic.yaml: these rules would make about 1813 timeline items, a plan holds at most")


@pytest.mark.parametrize(
    ("rule_yaml", "room"),
    [
        # days 1-3 reach day 3 and the night after it, 5 days, and 3 more for moves to a wake-up: 8 days.
        ("- {id: r, kind: avoid, title: R, days: 1-3}", timedelta(days=8)),
        # only before the treatment: nothing after it but the 3 days for moves.
        ("- {id: r, kind: avoid, title: R, start: -10d, until: -2d}", timedelta(days=3)),
        ("- {id: r, kind: avoid, title: R, start: -2mo, until: -1mo}", timedelta(days=3)),
        # three sessions four weeks apart: 84 days, and the 3 for moves.
        ("- {id: f, kind: follow_up, title: F, after: 4w, repeat: 3}", timedelta(days=87)),
    ],
)
def test_a_treatment_is_refused_exactly_where_its_plan_would_leave_the_calendars_years(
    rule_yaml: str, room: timedelta
) -> None:
    rules = list(ruleset_from(rule_yaml).rules)
    refuse_overflow(rules, LAST - room - timedelta(hours=1))  # an hour inside: planned
    refuse_overflow(rules, LAST - room)  # its last moment at the calendar's last: planned
    with pytest.raises(UsageError, match="outside the years a calendar can hold"):
        refuse_overflow(rules, LAST - room + timedelta(hours=1))


def test_a_treatment_in_the_first_year_is_refused() -> None:
    # Steps before the treatment reach back up to a year: year 1 has nothing before it.
    rules = list(ruleset_from("- {id: r, kind: avoid, title: R, for: 1d}").rules)
    refuse_overflow(rules, datetime(2, 6, 1, tzinfo=timezone.utc))
    with pytest.raises(UsageError, match="a treatment on 0001-06-01"):
        refuse_overflow(rules, datetime(1, 6, 1, tzinfo=timezone.utc))
