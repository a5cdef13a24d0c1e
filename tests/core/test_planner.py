from datetime import datetime, time, timedelta, timezone
from itertools import pairwise

import pytest

from aftercare_cli.core.size import estimated_items, oversize_problem
from aftercare_cli.errors import PlanError, UsageError
from aftercare_cli.model import ItemKind, Patient, RuleSet
from aftercare_cli.outputs.wording import moved_because, moved_note, skipped_because
from conftest import CLOCK_CHANGES, HOURLY_THROUGH_THE_NIGHT, plan_for, ruleset_from


def utc(item_start: datetime) -> datetime:
    return item_start.astimezone(timezone.utc)


def clocks(plan, rule_id):
    return [f"{i.start:%m-%d %H:%M%z}" for i in plan.items if i.rule_id == rule_id and i.kind is ItemKind.DO]


EVERY_4H_KEPT = """
- id: cream
  kind: do
  title: Cream
  every: 4h
  for: 12h
  when_asleep: keep
"""


def test_elapsed_interval_is_real_hours_across_spring_forward_auckland() -> None:
    plan = plan_for(ruleset_from(EVERY_4H_KEPT), "2026-09-26T22:00", "Pacific/Auckland")
    starts = [utc(i.start) for i in plan.items]
    assert [b - a for a, b in pairwise(starts)] == [timedelta(hours=4)] * 2
    # 22:00 NZST + 4 real hours is 03:00 NZDT: the clock skipped 02:00-03:00.
    assert clocks(plan, "cream") == ["09-26 22:00+1200", "09-27 03:00+1300", "09-27 07:00+1300"]


def test_elapsed_interval_is_real_hours_across_fall_back_london() -> None:
    plan = plan_for(ruleset_from(EVERY_4H_KEPT), "2026-10-24T22:00", "Europe/London")
    assert clocks(plan, "cream") == ["10-24 22:00+0100", "10-25 01:00+0000", "10-25 05:00+0000"]


def test_window_length_is_real_time_across_dst_sydney() -> None:
    rules = ruleset_from("""
        - id: no-sauna
          kind: avoid
          title: No sauna
          for: 72h
    """)
    plan = plan_for(rules, "2026-04-03T10:00", "Australia/Sydney")
    (window,) = plan.items
    assert window.end is not None
    assert utc(window.end) - utc(window.start) == timedelta(hours=72)
    assert f"{window.end:%H:%M}" == "09:00"  # the clocks went back an hour on 5 April


def test_daily_clock_time_stays_local_across_dst_new_york() -> None:
    rules = ruleset_from("""
        - id: routine
          kind: do
          title: Routine
          at: ["08:00"]
          until: 3d
    """)
    plan = plan_for(rules, "2026-03-07T06:00", "America/New_York")
    assert [f"{i.start:%H:%M}" for i in plan.items] == ["08:00", "08:00", "08:00"]
    gaps = [utc(b.start) - utc(a.start) for a, b in pairwise(plan.items)]
    assert gaps == [timedelta(hours=23), timedelta(hours=24)]


def test_daily_time_in_a_gap_moves_forward_and_in_a_fold_takes_the_first() -> None:
    gap = ruleset_from("""
        - {id: night, kind: do, title: Night, at: ["02:30"], until: 2d, when_asleep: keep}
    """)
    plan = plan_for(gap, "2026-09-26T12:00", "Pacific/Auckland")
    assert clocks(plan, "night") == ["09-27 03:30+1300", "09-28 02:30+1300"]
    fold = ruleset_from("""
        - {id: night, kind: do, title: Night, at: ["01:30"], until: 1d, when_asleep: keep}
    """)
    plan = plan_for(fold, "2026-10-24T12:00", "Europe/London")
    assert clocks(plan, "night") == ["10-25 01:30+0100"]


SLEEPY = """
- id: cream
  kind: do
  title: Cream
  every: 4h
  for: 24h
  when_asleep: {policy}
"""


def test_skip_drops_reminders_in_sleep_hours() -> None:
    plan = plan_for(ruleset_from(SLEEPY.format(policy="skip")), "2026-11-26T14:30", "Pacific/Auckland")
    assert [f"{i.start:%H:%M}" for i in plan.items] == ["14:30", "18:30", "10:30"]


def test_wake_moves_night_reminders_to_wake_up_and_merges_them() -> None:
    plan = plan_for(ruleset_from(SLEEPY.format(policy="wake")), "2026-11-26T14:30", "Pacific/Auckland")
    # 22:30 and 02:30 fall asleep: one reminder at 07:00, and the series goes on from there (11:00, not 10:30).
    assert [f"{i.start:%H:%M}" for i in plan.items] == ["14:30", "18:30", "07:00", "11:00"]
    moved = plan.items[2]
    assert moved.moved_from is not None
    assert f"{moved.moved_from:%H:%M}" == "22:30"


def test_keep_leaves_night_reminders_and_bedtime_is_not_asleep() -> None:
    plan = plan_for(ruleset_from(SLEEPY.format(policy="keep")), "2026-11-26T14:30", "Pacific/Auckland")
    assert len(plan.items) == 6
    edge = plan_for(ruleset_from(SLEEPY.format(policy="skip")), "2026-11-26T18:00", "Pacific/Auckland")
    assert [f"{i.start:%H:%M}" for i in edge.items] == ["18:00", "22:00", "10:00", "14:00"]


def test_a_sleep_window_that_does_not_cross_midnight() -> None:
    night_shift = Patient(wake=time(15, 0), bedtime=time(7, 0))
    plan = plan_for(ruleset_from(SLEEPY.format(policy="skip")), "2026-11-26T02:00", "UTC", patient=night_shift)
    assert [f"{i.start:%H:%M}" for i in plan.items] == ["02:00", "06:00", "18:00", "22:00"]


def test_wake_anchor_restarts_each_morning() -> None:
    rules = ruleset_from("""
        - {id: spf, kind: do, title: SPF, every: 4h, anchor: wake, until: 2d}
    """)
    plan = plan_for(rules, "2026-11-26T14:30", "Pacific/Auckland")
    assert [f"{i.start:%d %H:%M}" for i in plan.items] == [
        "26 15:00",
        "26 19:00",
        "27 07:00",
        "27 11:00",
        "27 15:00",
        "27 19:00",
        "28 07:00",
        "28 11:00",
    ]


def test_end_note_is_announced_silently_at_night() -> None:
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Keep dry, for: 12h, end_note: You can wet your skin again}
    """)
    night = plan_for(rules, "2026-11-26T14:30", "Pacific/Auckland")
    window, ends = night.items
    assert (window.kind, ends.kind) == (ItemKind.AVOID, ItemKind.ENDS)
    assert ends.start == window.end
    assert not ends.remind
    assert not window.remind
    day = plan_for(rules, "2026-11-26T07:00", "Pacific/Auckland")
    assert day.items[1].remind


def test_peel_condition() -> None:
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Keep dry, for: 12h, only_for_peel: jessner}
        - {id: spritz, kind: tip, title: Carry a spritz}
    """)
    assert [i.rule_id for i in plan_for(rules, "2026-11-26T10:00", "UTC", "jessner").items] == ["dry"]
    custom = plan_for(rules, "2026-11-26T10:00", "UTC", "custom")
    assert custom.items == ()
    assert [t.id for t in custom.tips] == ["spritz"]


def test_unreasonable_rules_are_refused_before_expanding() -> None:
    rules = ruleset_from("""
        - {id: spam, kind: do, title: Spam, every: 15m, for: 365d, when_asleep: keep}
    """)
    with pytest.raises(PlanError, match="'spam'"):
        plan_for(rules, "2026-11-26T10:00", "UTC")


def test_a_treatment_time_near_the_end_of_time_is_refused() -> None:
    rules = ruleset_from("""
        - {id: cool, kind: avoid, title: Cool, for: 7d}
    """)
    with pytest.raises(UsageError, match="outside the years"):
        plan_for(rules, "9999-12-30T10:00", "UTC")


def test_bundled_jessner_plan(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner")
    rules = {i.rule_id for i in plan.items} | {t.id for t in plan.tips}
    assert rules == {r.id for r in bundled.rules}
    dry = next(i for i in plan.items if i.rule_id == "jessner-no-water" and i.kind is ItemKind.AVOID)
    assert dry.end is not None
    assert utc(dry.end) - utc(dry.start) == timedelta(hours=12)
    # Nothing that wets the skin is scheduled inside the Jessner window.
    for item in plan.items:
        if item.rule_id in ("skincare-routine",):
            assert item.start >= dry.end
    # Sunscreen stays in daylight hours.
    assert all(time(7) <= i.start.time() <= time(22) for i in plan.items if i.rule_id == "sunscreen")
    custom = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland")
    assert "jessner-no-water" not in {i.rule_id for i in custom.items}


def test_a_late_evening_treatment_gets_the_cream_by_wake_up(bundled) -> None:
    # 21:50: the cream due at 01:50 falls asleep and is given at the 07:00 wake-up, not at 09:50;
    # the series goes on every 4 h from there, to the same end (21:50).
    plan = plan_for(bundled, "2026-11-26T21:50", "Pacific/Auckland", "jessner")
    cream = [item for item in plan.items if item.rule_id == "recovery-cream"]
    assert [f"{item.start:%d %H:%M}" for item in cream] == ["27 07:00", "27 11:00", "27 15:00", "27 19:00"]
    assert f"{cream[0].moved_from:%H:%M}" == "01:50"
    assert moved_because(cream[0]) == "out of your sleep hours"


def test_a_bedtime_after_midnight_still_gets_daytime_series() -> None:
    late = Patient(wake=time(9, 0), bedtime=time(1, 0))
    rules = ruleset_from("""
        - {id: water, kind: do, title: Water, every: 3h, anchor: wake, until: 2d}
    """)
    plan = plan_for(rules, "2026-11-26T08:00", "UTC", patient=late)
    assert [f"{i.start:%d %H:%M}" for i in plan.items] == [
        "26 09:00", "26 12:00", "26 15:00", "26 18:00", "26 21:00", "27 00:00",
        "27 09:00", "27 12:00", "27 15:00", "27 18:00", "27 21:00", "28 00:00",
    ]  # fmt: skip


def test_daily_times_keep_one_exactly_at_the_start_and_drop_one_exactly_at_the_end() -> None:
    rules = ruleset_from("""
        - {id: routine, kind: do, title: Routine, at: ["10:00"], start: 0m, until: 2d}
    """)
    plan = plan_for(rules, "2026-11-26T10:00", "UTC")
    assert [f"{i.start:%d %H:%M}" for i in plan.items] == ["26 10:00", "27 10:00"]  # not 28 10:00, the end


def test_a_wake_series_keeps_one_exactly_at_the_start_and_drops_one_exactly_at_the_end() -> None:
    rules = ruleset_from("""
        - {id: spf, kind: do, title: SPF, every: 4h, anchor: wake, until: 1d}
    """)
    plan = plan_for(rules, "2026-11-26T07:00", "UTC")
    assert [f"{i.start:%d %H:%M}" for i in plan.items] == ["26 07:00", "26 11:00", "26 15:00", "26 19:00"]
    # and a series stops at bedtime itself, kept: 07:00 + 5 x 3 h = 22:00
    three = ruleset_from("""
        - {id: water, kind: do, title: Water, every: 3h, anchor: wake, until: 1d}
    """)
    assert f"{plan_for(three, '2026-11-26T07:00', 'UTC').items[-1].start:%H:%M}" == "22:00"


def test_a_daytime_sleep_keeps_a_reminder_exactly_at_bedtime() -> None:
    night_shift = Patient(wake=time(15, 0), bedtime=time(7, 0))
    rules = ruleset_from(
        """
        - {id: a, kind: do, title: A, start: 5h}
        - {id: b, kind: do, title: B, start: 5h 1m}
    """.replace("5h 1m", "5h1m")
    )
    plan = plan_for(rules, "2026-11-26T02:00", "UTC", patient=night_shift)
    assert [(i.rule_id, f"{i.start:%H:%M}") for i in plan.items] == [("a", "07:00")]  # 07:01 is asleep


@pytest.mark.parametrize(("count", "refused"), [(1000, False), (1001, True)])
def test_the_size_cap_is_exact(count: int, refused: bool) -> None:
    # Elapsed series kept at night make exactly ceil(length / every) items: 1000 x 15 min = 250 h.
    minutes = count * 15
    rules = ruleset_from(f"""
        - {{id: spam, kind: do, title: Spam, every: 15m, for: {minutes}m, when_asleep: keep}}
    """)
    if refused:
        with pytest.raises(PlanError, match="about 1001 timeline items"):
            plan_for(rules, "2026-11-26T10:00", "UTC")
    else:
        assert len(plan_for(rules, "2026-11-26T10:00", "UTC").items) == 1000


@pytest.mark.parametrize(
    ("rule_yaml", "expected"),
    [
        ("{id: a, kind: tip, title: A}", 0),  # advice, not a timeline item
        ("{id: a, kind: avoid, title: A, for: 3d}", 1),
        ("{id: a, kind: avoid, title: A, for: 3d, end_note: Over}", 2),
        ("{id: a, kind: do, title: A, start: 5h}", 1),
        ("{id: a, kind: do, title: A, start: 5h, for: 2d}", 1),  # an end but no series: one reminder
        ("{id: a, kind: do, title: A, every: 4h, start: 1h, until: 25h}", 6),  # exact: 1h, 5h, ... 21h
        ("{id: a, kind: do, title: A, every: 7h, for: 1d}", 4),  # 0h, 7h, 14h, 21h
        ("{id: a, kind: do, title: A, at: ['08:00', '20:00'], until: 2d}", 8),  # (2 days + 2) x 2 times
        ("{id: a, kind: do, title: A, every: 4h, anchor: wake, for: 1d}", 21),  # (1 day + 2) x (6 + 1)
        ("{id: a, kind: do, title: A, every: 5h, anchor: wake, for: 1d}", 18),  # (1 day + 2) x (5 + 1)
        ("{id: a, kind: do, title: A, at: ['08:00'], start: 12h, until: 48h}", 4),  # ceil(36 h / 1 day) + 2 days
        ("{id: a, kind: do, title: A, every: 4h, anchor: wake, start: 12h, for: 36h}", 28),  # (2 + 2) x 7
    ],
)
def test_the_size_estimate_of_each_kind_of_rule(rule_yaml: str, expected: int) -> None:
    (rule,) = ruleset_from(f"- {rule_yaml}").rules
    assert estimated_items(rule) == expected


def test_the_blame_goes_to_one_rule_only_when_it_makes_more_than_half() -> None:
    two = ruleset_from("""
        - {id: a, kind: do, title: A, every: 15m, for: 150h, when_asleep: keep}
        - {id: b, kind: do, title: B, every: 15m, for: 150h, when_asleep: keep}
    """)
    assert oversize_problem(list(two.rules), "") == (
        "these rules would make about 1200 timeline items, a plan holds at most 1000: "
        "2 rules make about 1200 together; make the frequent ones less frequent or shorter"
    )
    lopsided = ruleset_from("""
        - {id: a, kind: do, title: A, every: 15m, for: 151h, when_asleep: keep}
        - {id: b, kind: do, title: B, every: 15m, for: 149h, when_asleep: keep}
    """)
    assert "rule 'a' alone makes about 604" in oversize_problem(list(lopsided.rules), "x.yaml")
    three = ruleset_from("""
        - {id: a, kind: do, title: A, every: 15m, for: 100h, when_asleep: keep}
        - {id: b, kind: do, title: B, every: 15m, for: 100h, when_asleep: keep}
        - {id: c, kind: do, title: C, every: 15m, for: 100h, when_asleep: keep}
    """)
    assert "3 rules make about 1200 together" in oversize_problem(list(three.rules), "")
    assert oversize_problem(list(lopsided.rules), "x.yaml").startswith("x.yaml: these rules")


@pytest.mark.parametrize(("treated", "refused"), [("9999-12-27T23:59", False), ("9999-12-28T00:00", True)])
def test_the_end_of_the_calendar_leaves_room_for_the_rules_and_three_days(treated: str, refused: bool) -> None:
    # A 24 h window plus three days of room for moves to wake-up must fit before 9999-12-31 23:59:59.
    rules = ruleset_from("""
        - {id: cool, kind: avoid, title: Cool, for: 24h}
    """)
    if refused:
        with pytest.raises(UsageError, match="outside the years a calendar can hold"):
            plan_for(rules, treated, "UTC")
    else:
        assert len(plan_for(rules, treated, "UTC").items) == 1


@pytest.mark.parametrize(("treated", "refused"), [("9999-12-28T23:00", False), ("9999-12-29T00:00", True)])
def test_advice_alone_still_leaves_three_days_before_the_end_of_the_calendar(treated: str, refused: bool) -> None:
    rules = ruleset_from("""
        - {id: spritz, kind: tip, title: Spritz}
    """)
    if refused:
        with pytest.raises(UsageError, match="outside the years"):
            plan_for(rules, treated, "UTC")
    else:
        assert plan_for(rules, treated, "UTC").tips


def test_a_step_due_exactly_when_its_window_begins_waits_for_the_end() -> None:
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Stay dry, start: 1h, for: 6h}
        - {id: wash, kind: do, title: Wash, at: ["08:30", "09:00", "15:00", "20:00"], for: 1d, not_during: dry}
    """)
    plan = plan_for(rules, "2026-11-26T08:00", "UTC")
    washes = [(f"{i.start:%H:%M}", i.moved_from and f"{i.moved_from:%H:%M}") for i in plan.items if i.rule_id == "wash"]
    # 08:30 is before the window and stays; 09:00 is its first minute and waits; 15:00 is already free.
    assert washes == [("08:30", None), ("15:00", "09:00"), ("20:00", None)]


def test_a_daytime_series_stops_at_bedtime_even_when_kept_at_night() -> None:
    rules = ruleset_from("""
        - {id: spf, kind: do, title: SPF, every: 5h, anchor: wake, for: 2d, when_asleep: keep}
    """)
    plan = plan_for(rules, "2026-11-26T07:00", "UTC")
    # Each day restarts at 07:00 and stops at bedtime: nothing at 03:00 or 08:00 carried over from the day before.
    assert [f"{i.start:%d %H:%M}" for i in plan.items] == [
        "26 07:00", "26 12:00", "26 17:00", "26 22:00", "27 07:00", "27 12:00", "27 17:00", "27 22:00",
    ]  # fmt: skip


def test_a_step_moved_out_of_a_window_and_then_out_of_the_night_gives_both_reasons() -> None:
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Stay dry, for: 14h}
        - {id: wash, kind: do, title: Wash, at: ["21:00"], for: 2d, when_asleep: wake, not_during: dry}
    """)
    plan = plan_for(rules, "2026-11-26T10:00", "UTC")  # dry until 00:00: 21:00 waits, lands at night, moves to 07:00
    first = next(i for i in plan.items if i.rule_id == "wash")
    assert (f"{first.start:%d %H:%M}", f"{first.moved_from:%d %H:%M}") == ("27 07:00", "26 21:00")
    assert moved_because(first) == "until \u201cStay dry\u201d is over and out of your sleep hours"


def test_a_step_moved_to_one_windows_end_inside_another_waits_for_that_one_too() -> None:
    # "dry" 08:00-11:00, "cool" 10:00-14:00: 09:00 waits for dry's end, 11:00, which is inside cool.
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Stay dry, for: 3h}
        - {id: cool, kind: avoid, title: Keep cool, start: 2h, for: 4h}
        - {id: wash, kind: do, title: Wash, start: 1h, not_during: [cool, dry]}
    """)
    plan = plan_for(rules, "2026-11-26T08:00", "UTC")
    (wash,) = (i for i in plan.items if i.rule_id == "wash")
    assert (f"{wash.start:%H:%M}", f"{wash.moved_from:%H:%M}") == ("14:00", "09:00")
    assert (
        moved_note(wash)
        == "moved from 09:00 until \u201cStay dry\u201d is over and until \u201cKeep cool\u201d is over"
    )


def test_a_step_moved_to_the_wake_up_inside_a_window_waits_for_its_end() -> None:
    # "dry" until 23:00, a step at 22:30 waits for it, is then in the night and moves to 07:00, inside "cool"
    # (06:00-09:00 the next day): it waits for that too. A day-shift and a night-shift patient, the same way.
    rules = ruleset_from("""
        - {id: cool, kind: avoid, title: Keep cool, start: 22h, for: 3h}
        - {id: dry, kind: avoid, title: Stay dry, for: 15h}
        - {id: wash, kind: do, title: Wash, start: 14h30m, when_asleep: wake, not_during: [cool, dry]}
    """)
    (wash,) = (i for i in plan_for(rules, "2026-11-26T08:00", "UTC").items if i.rule_id == "wash")
    assert (f"{wash.start:%d %H:%M}", f"{wash.moved_from:%d %H:%M}") == ("27 09:00", "26 22:30")
    assert len(wash.moved_because) == 3  # dry, the sleep hours, then cool: each once
    assert moved_note(wash).startswith("moved from Thu 26 Nov 22:30 until")  # the day before: its day said
    # A night shift (asleep 07:00-15:00): "dry" until 07:30, a step at 06:30 waits, is then asleep and moves to
    # 15:00, inside "cool" (14:00-17:00): 17:00.
    rules = ruleset_from("""
        - {id: cool, kind: avoid, title: Keep cool, start: 30h, for: 3h}
        - {id: dry, kind: avoid, title: Stay dry, for: 23h30m}
        - {id: wash, kind: do, title: Wash, start: 22h30m, when_asleep: wake, not_during: [cool, dry]}
    """)
    night = Patient(wake=time(15, 0), bedtime=time(7, 0))
    (wash,) = (i for i in plan_for(rules, "2026-11-26T08:00", "UTC", patient=night).items if i.rule_id == "wash")
    assert (f"{wash.start:%d %H:%M}", f"{wash.moved_from:%d %H:%M}") == ("27 17:00", "27 06:30")


def test_a_series_leaves_out_once_each_reminder_a_window_pushes_into_the_night() -> None:
    # "dry" 11:00-23:00; every 4 h from 11:00, skipped at night: 11:00, 15:00 and 19:00 wait for 23:00, which is
    # in the night, and are left out, each once; 23:00 itself is after the window, left out in the series' words.
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Stay dry, for: 12h}
        - {id: cream, kind: do, title: Cream, every: 4h, for: 1d, when_asleep: skip, not_during: dry}
    """)
    plan = plan_for(rules, "2026-11-26T11:00", "UTC")
    assert [(f"{skip.planned:%H:%M}", len(skip.because)) for skip in plan.skipped] == [
        ("11:00", 2), ("15:00", 2), ("19:00", 2),
    ]  # fmt: skip
    assert [f"{i.start:%d %H:%M}" for i in plan.items if i.rule_id == "cream"] == ["27 07:00"]


def test_a_step_the_plan_leaves_out_is_listed_with_why(bundled: RuleSet) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner")
    (skip,) = plan.skipped
    assert skip.rule_id == "skincare-routine"
    assert skip.planned.isoformat() == "2026-11-26T22:00:00+13:00"
    assert skipped_because(skip) == "until \u201cDo not wet your skin\u201d is over and then in your sleep hours"


def test_a_one_off_in_the_night_is_listed_but_a_series_keeps_its_nights_to_itself() -> None:
    ruleset = ruleset_from(
        """
        - {id: once, kind: do, title: Once, start: 10h}
        - {id: series, kind: do, title: Series, every: 2h, for: 24h}
        - {id: daily, kind: do, title: Daily, at: ["23:30"], for: 2d}
        """
    )
    plan = plan_for(ruleset, "2026-11-26T14:30", "Europe/London")
    assert [(s.rule_id, s.planned.isoformat(), skipped_because(s)) for s in plan.skipped] == [
        ("daily", "2026-11-26T23:30:00+00:00", "in your sleep hours"),
        ("once", "2026-11-27T00:30:00+00:00", "in your sleep hours"),
        ("daily", "2026-11-27T23:30:00+00:00", "in your sleep hours"),
    ]


@pytest.mark.parametrize(("zone", "treated"), CLOCK_CHANGES)
def test_a_night_across_a_clock_change_keeps_every_reminder_in_instant_order(zone: str, treated: str) -> None:
    # Two series half an hour apart: on a fall-back night 02:30+13:00 comes before 02:00+12:00,
    # though the clock reads it later. The plan is in the order things happen.
    half_past = "- {id: half, kind: do, title: Half past, start: 30m, every: 1h, for: 10h, when_asleep: keep}"
    rules = ruleset_from(f"{HOURLY_THROUGH_THE_NIGHT}\n{half_past}")
    plan = plan_for(rules, treated, zone)
    starts = [utc(item.start) for item in plan.items]
    assert len(starts) == 20
    assert [b - a for a, b in pairwise(starts)] == [timedelta(minutes=30)] * 19


def test_a_series_goes_on_from_where_a_moved_reminder_went() -> None:
    # Treated 15:53: the cream due at 23:53 is at wake-up (07:00); 03:53 folds into it; then 11:00 and 15:00
    # (before the end at 15:53), never 07:53: two of one series are never closer than its interval.
    plan = plan_for(ruleset_from(SLEEPY.format(policy="wake")), "2026-11-26T15:53", "Pacific/Auckland")
    assert clocks(plan, "cream") == [
        "11-26 15:53+1300", "11-26 19:53+1300", "11-27 07:00+1300", "11-27 11:00+1300", "11-27 15:00+1300"
    ]  # fmt: skip


def test_a_series_moved_out_of_a_window_goes_on_from_the_windows_end() -> None:
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Stay dry, for: 5h}
        - {id: rinse, kind: do, title: Rinse, every: 2h, for: 10h, not_during: dry}
    """)
    plan = plan_for(rules, "2026-11-26T08:00", "UTC")
    # 08:00 waits for 13:00 (so would 10:00 and 12:00); the series goes on every 2 h from there, before 18:00.
    assert clocks(plan, "rinse") == ["11-26 13:00+0000", "11-26 15:00+0000", "11-26 17:00+0000"]


def test_a_daytime_series_moved_out_of_a_window_goes_on_from_the_windows_end_that_day() -> None:
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Stay dry, for: 5h30m}
        - {id: water, kind: do, title: Water, every: 3h, anchor: wake, until: 2d, not_during: dry}
    """)
    plan = plan_for(rules, "2026-11-26T07:00", "UTC")
    # 07:00 waits for 12:30; then 15:30, 18:30, 21:30 (not 13:00, 16:00); the next morning starts again at 07:00.
    assert clocks(plan, "water")[:6] == [
        "11-26 12:30+0000", "11-26 15:30+0000", "11-26 18:30+0000", "11-26 21:30+0000",
        "11-27 07:00+0000", "11-27 10:00+0000",
    ]  # fmt: skip


def test_daily_times_stay_clock_times_after_one_moves() -> None:
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Stay dry, for: 3h}
        - {id: routine, kind: do, title: Routine, at: ["08:00", "12:00"], until: 2d, not_during: dry}
    """)
    plan = plan_for(rules, "2026-11-26T07:30", "UTC")
    assert clocks(plan, "routine") == ["11-26 10:30+0000", "11-26 12:00+0000", "11-27 08:00+0000", "11-27 12:00+0000"]


def test_a_plan_knows_the_clock_changes_it_crosses(bundled) -> None:
    across = plan_for(bundled, "2026-04-04T20:00", "Pacific/Auckland", "jessner")
    assert [(f"{c.at:%Y-%m-%d %H:%M%z}", c.shift) for c in across.clock_changes] == [
        ("2026-04-05 02:00+1200", timedelta(hours=-1))
    ]
    # So "24 hours" from 20:00 ends at 19:00 on the clock.
    (cool,) = [i for i in across.items if i.rule_id == "keep-cool" and i.kind is ItemKind.AVOID]
    assert f"{cool.end:%H:%M}" == "19:00"
    assert plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner").clock_changes == ()
    # A change after the plan's last instant is not the plan's: the week from 28 Mar ends on 4 Apr, before the 5th.
    later = plan_for(bundled, "2026-03-28T10:00", "Pacific/Auckland", "jessner")
    assert later.clock_changes == ()


def test_a_series_going_on_from_a_wake_up_counts_real_hours_across_a_clock_change() -> None:
    # Wakes at 01:00 on the night Auckland's clocks go back at 03:00: 01:00+13:00, then 2 real hours later
    # 02:00+12:00 (the clock reads one hour on), never 03:00+12:00 (three real hours).
    rules = ruleset_from("- {id: cream, kind: do, title: Cream, every: 2h, for: 12h, when_asleep: wake}")
    early = Patient(wake=time(1, 0), bedtime=time(17, 0))
    plan = plan_for(rules, "2026-04-04T20:00", "Pacific/Auckland", patient=early)
    assert clocks(plan, "cream") == ["04-05 01:00+1300", "04-05 02:00+1200", "04-05 04:00+1200", "04-05 06:00+1200"]
