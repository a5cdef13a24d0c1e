"""Steps before the treatment: `start: -10d`, in a plan made ahead; never an alarm in the past."""

from __future__ import annotations

from datetime import datetime, timezone

import icalendar
import pytest

from aftercare_cli.errors import RulesError
from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.outputs.clinic_texts import title
from aftercare_cli.outputs.rules_list import describe_rule
from conftest import plan_for, ruleset_from

SUN = "- {id: sun, kind: avoid, title: Avoid sun exposure for <for> before your treatment, start: -10d, until: 0m}"


def test_a_window_before_the_treatment_ends_at_it() -> None:
    plan = plan_for(ruleset_from(SUN), "2026-12-20T10:00", "Europe/London")
    (window,) = plan.items
    assert window.end is not None
    assert f"{window.start:%a %d %b %H:%M}" == "Thu 10 Dec 10:00"
    assert window.end == plan.treated_at
    (rule,) = ruleset_from(SUN).rules
    assert title(rule) == "Avoid sun exposure for 10 days before your treatment"


def test_calendar_days_before_the_treatment_keep_the_clock_across_a_change() -> None:
    # London's clocks go back on Sun 25 Oct 2026: ten calendar days before 10:00 on 30 Oct is 10:00 on 20 Oct.
    plan = plan_for(ruleset_from(SUN), "2026-10-30T10:00", "Europe/London")
    assert f"{plan.items[0].start:%d %H:%M%z}" == "20 10:00+0100"
    assert [change.at.day for change in plan.clock_changes] == [25]


def test_a_window_on_both_sides() -> None:
    rules = ruleset_from("- {id: wax, kind: avoid, title: No waxing, start: -48h, until: 48h}")
    plan = plan_for(rules, "2026-12-20T10:00", "Europe/London")
    (window,) = plan.items
    assert window.end is not None
    assert f"{window.start:%d %H:%M} {window.end:%d %H:%M}" == "18 10:00 22 10:00"
    assert describe_rule(rules.rules[0], rules) == "from 48 hours before treatment until 48 hours after treatment"


def test_a_reminder_before_the_treatment_rings_only_if_it_is_still_ahead() -> None:
    rules = ruleset_from("- {id: arnica, kind: do, title: Start arnica, start: -7d}")
    plan = plan_for(rules, "2026-12-20T10:00", "Europe/London")
    ahead = icalendar.Calendar.from_ical(plan_calendar(plan, datetime(2026, 12, 1, tzinfo=timezone.utc)))
    after = icalendar.Calendar.from_ical(plan_calendar(plan, datetime(2026, 12, 21, tzinfo=timezone.utc)))
    assert len(list(ahead.walk("VALARM"))) == 1
    assert list(after.walk("VALARM")) == []


@pytest.mark.parametrize(
    ("rule_yaml", "message"),
    [
        ("{id: r, kind: avoid, title: R, start: -2d, until: -3d}", "ends before it starts"),
        ("{id: r, kind: avoid, title: R, for: -3d}", "not a duration"),
        ("{id: r, kind: do, title: R, every: -3h, for: 1d}", "not a duration"),
    ],
)
def test_only_start_and_until_count_back(rule_yaml: str, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        ruleset_from(f"- {rule_yaml}")
