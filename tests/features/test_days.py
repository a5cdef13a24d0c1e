"""Rules bound to the patient's waking days and nights: day 1 is the day of treatment, night N the one after day N."""

from __future__ import annotations

from datetime import time

import pytest

from aftercare_cli.errors import RulesError
from aftercare_cli.model import NO_PEEL, Days, Patient, Plan
from aftercare_cli.outputs.clinic_texts import title
from aftercare_cli.outputs.rules_list import describe_rule
from aftercare_cli.outputs.wording import adjustment_words
from aftercare_cli.ruleset.adjustments import apply_adjustments
from conftest import plan_for, ruleset_from


def _times(plan: Plan, rule_id: str = "r") -> list[str]:
    return [f"{item.start:%a %d %H:%M}" for item in plan.items if item.rule_id == rule_id]


def test_day_2_is_the_next_calendar_day_for_a_morning_treatment() -> None:
    plan = plan_for(ruleset_from("- {id: r, kind: do, title: Wash, days: 2}"), "2026-11-26T09:00", "Pacific/Auckland")
    assert _times(plan) == ["Fri 27 07:00"]  # the wake-up after the first bedtime: "the next morning"


def test_days_3_to_7_end_on_day_7() -> None:
    rules = ruleset_from("- {id: r, kind: do, title: Moisturise, days: 3-7, at: [wake, bedtime]}")
    times = _times(plan_for(rules, "2026-11-26T09:00", "Pacific/Auckland"))
    assert len(times) == 10  # morning and evening of five days
    assert times[0] == "Sat 28 07:00"
    assert times[-1] == "Wed 02 22:00"  # day 7's bedtime, not day 8


@pytest.mark.parametrize("treated", ["21:59", "22:00", "22:01"])
def test_day_2_is_tomorrow_for_a_treatment_at_just_before_or_just_after_bedtime(treated: str) -> None:
    # Bedtime (22:00) is the last moment of its day: a treatment there is in night 1, as at 22:01, and day 2 is
    # tomorrow either way (it was the day after tomorrow at 22:00 exactly, and day 1 a whole 24 hours).
    windows = ruleset_from("- {id: r, kind: avoid, title: R, days: 2}\n- {id: n, kind: avoid, title: N, nights: 2}")
    plan = plan_for(windows, f"2026-11-26T{treated}", "Europe/London")
    assert [f"{i.start:%a %d %H:%M}-{i.end:%a %d %H:%M}" for i in plan.items if i.end] == [
        "Fri 27 07:00-Fri 27 22:00",
        "Fri 27 22:00-Sat 28 07:00",
    ]
    (day_1,) = plan_for(
        ruleset_from("- {id: r, kind: avoid, title: R, days: 1}"), f"2026-11-26T{treated}", "Europe/London"
    ).items
    assert day_1.end is not None
    assert f"{day_1.end:%a %d %H:%M}" == ("Thu 26 22:00" if treated == "21:59" else "Fri 27 07:00")


NIGHT_SHIFT = Patient(wake=time(15, 0), bedtime=time(7, 0))


@pytest.mark.parametrize(
    ("treated", "day_1_ends"),
    [
        ("06:59", "Thu 26 07:00"),  # awake, the last minute of their day
        ("07:00", "Fri 27 07:00"),  # their bedtime, as a minute later: asleep before today's wake-up at 15:00
        ("07:01", "Fri 27 07:00"),
        ("16:00", "Fri 27 07:00"),  # awake: the day runs to their bedtime tomorrow morning
    ],
)
def test_a_night_shift_patients_day_1_at_their_bedtime_and_when_awake(treated: str, day_1_ends: str) -> None:
    rules = ruleset_from("- {id: r, kind: avoid, title: R, days: 1}")
    (day_1,) = plan_for(rules, f"2026-11-26T{treated}", "Europe/London", patient=NIGHT_SHIFT).items
    assert day_1.end is not None
    assert f"{day_1.end:%a %d %H:%M}" == day_1_ends


def test_the_fourth_day_and_the_third_night_are_counted_from_their_own_bedtimes() -> None:
    rules = ruleset_from("- {id: d, kind: avoid, title: D, days: 4}\n- {id: n, kind: avoid, title: N, nights: 3}")
    plan = plan_for(rules, "2026-11-26T09:00", "Pacific/Auckland")
    assert [f"{i.start:%a %d %H:%M}-{i.end:%a %d %H:%M}" for i in plan.items if i.end] == [
        "Sat 28 22:00-Sun 29 07:00",
        "Sun 29 07:00-Sun 29 22:00",
    ]


def test_a_time_just_after_the_last_days_bedtime_is_in_its_night_not_its_day() -> None:
    # Day 3's bedtime (22:00) is in day 3; 22:01 on its date is night 3, after the rule's days.
    rules = ruleset_from("- {id: r, kind: do, title: Late, days: 1-3, at: ['22:00', '22:01'], when_asleep: keep}")
    times = _times(plan_for(rules, "2026-11-26T09:00", "Pacific/Auckland"))
    assert times[-2:] == ["Fri 27 22:01", "Sat 28 22:00"]


@pytest.mark.parametrize(
    ("zone", "treated_at", "expected"),
    [
        pytest.param("Pacific/Auckland", "2026-04-04T06:30", "Sun 05 07:00+1200", id="auckland-back"),
        pytest.param("Europe/London", "2026-03-28T06:30", "Sun 29 07:00+0100", id="london-forward"),
    ],
)
def test_the_next_morning_is_one_reminder_across_a_clock_change(zone: str, treated_at: str, expected: str) -> None:
    plan = plan_for(ruleset_from("- {id: r, kind: do, title: Wash, days: 2}"), treated_at, zone)
    assert [f"{item.start:%a %d %H:%M%z}" for item in plan.items] == [expected]


def test_the_rest_of_the_day_ends_at_bedtime() -> None:
    plan = plan_for(
        ruleset_from("- {id: r, kind: avoid, title: No makeup, days: 1}"), "2026-11-26T14:30", "Europe/London"
    )
    (window,) = plan.items
    assert window.end is not None
    assert f"{window.start:%d %H:%M}-{window.end:%d %H:%M}" == "26 14:30-26 22:00"


def test_night_1_runs_from_bedtime_to_wake_up() -> None:
    plan = plan_for(ruleset_from("- {id: r, kind: avoid, title: On your back, nights: 1}"), "2026-11-26T14:30", "UTC")
    (window,) = plan.items
    assert window.end is not None
    assert f"{window.start:%d %H:%M}-{window.end:%d %H:%M}" == "26 22:00-27 07:00"


def test_a_night_shift_patients_day_crosses_midnight() -> None:
    night_shift = Patient(wake=time(18, 0), bedtime=time(10, 0))
    rules = ruleset_from("""
        - {id: rest, kind: avoid, title: No makeup, days: 1}
        - {id: r, kind: do, title: Wash, days: 2}
    """)
    plan = plan_for(rules, "2026-11-26T14:30", "UTC", patient=night_shift)
    rest = next(item for item in plan.items if item.rule_id == "rest")
    assert rest.end is not None
    assert f"{rest.end:%a %d %H:%M}" == "Fri 27 10:00"  # day 1 ends at the first bedtime after the treatment
    assert _times(plan) == ["Fri 27 18:00"]  # day 2 begins at the wake-up after it


def test_the_days_are_said_in_words() -> None:
    (rule,) = ruleset_from("- {id: r, kind: do, title: Moisturise on <days>, days: 3-7, at: [wake]}").rules
    assert title(rule) == "Moisturise on days 3 to 7"
    for days, words in (("1", "the day of treatment"), ("2", "day 2")):
        (rule,) = ruleset_from(f"- {{id: r, kind: avoid, title: No sun on <days>, days: {days}}}").rules
        assert title(rule) == f"No sun on {words}"
    (rule,) = ruleset_from("- {id: r, kind: avoid, title: Back on <days>, nights: 1}").rules
    assert title(rule) == "Back on the night after treatment"


def test_rules_list_says_the_days() -> None:
    ruleset = ruleset_from("""
        - {id: a, kind: do, title: A, days: 3-7, at: [wake, bedtime]}
        - {id: b, kind: do, title: B, days: 2}
        - {id: c, kind: avoid, title: C, nights: 1-2}
    """)
    said = [describe_rule(rule, ruleset) for rule in ruleset.rules]
    assert said == [
        "daily at wake-up and bedtime on days 3 to 7",
        "once, at the start of day 2 (wake-up)",
        "on nights 1 to 2 (from bedtime to wake-up)",
    ]


@pytest.mark.parametrize(
    ("rule_yaml", "message"),
    [
        ("{id: r, kind: avoid, title: R, days: 2, for: 1d}", "rules[r].days: 'days' says when the rule applies"),
        ("{id: r, kind: avoid, title: R, days: 1, nights: 3}", "rules[r].nights: days and nights together make one"),
        ("{id: r, kind: avoid, title: R, days: 4, nights: 1}", "rules[r].nights: days and nights together make one"),
        ("{id: r, kind: do, title: R, days: 1, nights: 1}", "rules[r].nights: one reminder takes one day or one night"),
        ("{id: r, kind: do, title: R, days: 3-7}", "rules[r].days: one reminder takes one day"),
        ("{id: r, kind: avoid, title: R, days: 0}", "rules[r].days: '0': days count from 1"),
        ("{id: r, kind: avoid, title: R, days: 7-3}", "days count from 1 (the day of treatment) and go up"),
        ("{id: r, kind: avoid, title: R, days: soon}", "is not a day or a range of days"),
        ("{id: r, kind: avoid, title: R for <for>, days: 2}", "<for> names a timing this rule does not have"),
        ("{id: r, kind: avoid, title: R on <days>, for: 2d}", "<days> names a timing this rule does not have"),
    ],
)
def test_day_mistakes_are_reported_at_their_line(rule_yaml: str, message: str) -> None:
    with pytest.raises(RulesError) as raised:
        ruleset_from(f"- {rule_yaml}")
    (problem,) = raised.value.problems
    assert problem.startswith("demo.yaml:6:")
    assert message in problem


def test_a_desk_setting_keeps_the_days_unless_it_sets_the_span() -> None:
    ruleset = ruleset_from("- {id: r, kind: do, title: R, days: 3-7, every: 4h}")
    (kept,) = apply_adjustments(ruleset, ["r.every=6h"], NO_PEEL).rules
    assert kept.timing is not None
    assert kept.timing.days == Days(3, 7)
    (replaced,) = apply_adjustments(ruleset, ["r.for=2d"], NO_PEEL).rules
    assert replaced.timing is not None
    assert replaced.timing.days is None
    assert adjustment_words(replaced) == "2 days instead of on days 3 to 7"
