"""Every number true on the new format: facts derived by hand, each a number a patient would act on.

Calendar spans counted from the second occurrence of a repeated hour into a skipped one, daily series
after a skipped hour, repeated follow-ups after a month's end, a night shift's follow-ups, ranges of
mixed units. Each expectation is worked out here from the zone's own rules (RFC 5545 3.3.5: a local
time that does not exist is read with the offset before the gap), not from the planner.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz

from aftercare_cli.cli.inputs.choices import pick_peel
from aftercare_cli.core.planner import make_plan
from aftercare_cli.model import ASLEEP, Item, ItemKind, Patient, Plan
from conftest import ruleset_from

NIGHT_SHIFT = Patient(wake=time(15, 0), bedtime=time(7, 0))


def plan_of(rules_yaml: str, at: str, zone: str, patient: Patient | None = None) -> Plan:
    """A plan treated at `at`: a local time, or one with its offset (which picks the occurrence of a repeated hour)."""
    ruleset, place = ruleset_from(rules_yaml), ZoneInfo(zone)
    given = datetime.fromisoformat(at)
    treated = given.astimezone(place) if given.tzinfo else given.replace(tzinfo=place)
    return make_plan(ruleset, pick_peel(ruleset, None), treated, place, patient or Patient())


def window(plan: Plan) -> Item:
    return next(item for item in plan.items if item.kind is ItemKind.AVOID)


def reminders(plan: Plan) -> list[str]:
    return [item.start.isoformat() for item in plan.items if item.kind is ItemKind.DO]


def nominal_end(treated: str, zone: str, weeks: int) -> datetime:
    """The end of `weeks` calendar weeks, computed with dateutil: the same wall clock that many days on; where
    the clocks skip it, read with the offset from before the change (so it lands after the gap)."""
    place = dateutil_tz.gettz(zone)
    start = datetime.fromisoformat(treated).astimezone(place)
    wall = start.replace(tzinfo=None) + timedelta(weeks=weeks)
    if dateutil_tz.datetime_exists(wall, place):
        return dateutil_tz.resolve_imaginary(wall.replace(tzinfo=place))  # exists: as it is (first of a fold)
    before = (wall - timedelta(hours=3)).replace(tzinfo=place).utcoffset()  # the offset before the gap
    assert before is not None
    return (wall - before).replace(tzinfo=dateutil_tz.UTC).astimezone(place)


# 1. A span of weeks from the second occurrence of a repeated hour, ending in a skipped hour.
SECOND_OCCURRENCES = [
    pytest.param("America/Havana", "2026-11-01T00:30-05:00", 19, "2027-03-14T01:30:00-04:00", id="havana"),
    pytest.param("Africa/Casablanca", "2026-02-15T02:30+00:00", 5, "2026-03-22T03:30:00+01:00", id="casablanca"),
    pytest.param("Pacific/Auckland", "2026-04-05T02:30+12:00", 25, "2026-09-27T03:30:00+13:00", id="auckland"),
    pytest.param("Europe/London", "2026-10-25T01:30+00:00", 22, "2027-03-28T02:30:00+01:00", id="london"),
]


@pytest.mark.parametrize(("zone", "treated", "weeks", "end"), SECOND_OCCURRENCES)
def test_weeks_from_a_repeated_hour_end_after_the_gap_they_fall_in(
    zone: str, treated: str, weeks: int, end: str
) -> None:
    assert nominal_end(treated, zone, weeks).isoformat() == end  # the hand-derived fact, checked independently
    plan = plan_of(f"- {{id: w, kind: avoid, title: W, for: {weeks}w}}", treated, zone)
    found = window(plan).end
    assert found is not None
    assert found.isoformat() == end


@pytest.mark.parametrize(("zone", "treated", "weeks", "end"), SECOND_OCCURRENCES)
def test_a_follow_up_from_a_repeated_hour_is_due_on_the_right_day(
    zone: str, treated: str, weeks: int, end: str
) -> None:
    plan = plan_of(f"- {{id: f, kind: follow_up, title: F, after: {weeks}w}}", treated, zone)
    (due,) = [item.start for item in plan.items]
    assert due.date().isoformat() == end[:10]  # Havana: Sun 14 Mar, not Sat 13 Mar
    assert due.time() == time(10, 0)


def test_the_first_occurrence_of_the_repeated_hour_was_right_and_stays_so() -> None:
    plan = plan_of("- {id: w, kind: avoid, title: W, for: 19w}", "2026-11-01T00:30-04:00", "America/Havana")
    found = window(plan).end
    assert found is not None
    assert found.isoformat() == "2027-03-14T01:30:00-04:00"


# 2. A daily series keeps its clock time after a skipped hour: only the reminder that does not exist moves.
def test_a_daily_series_after_a_skipped_hour_goes_back_to_its_clock_time_london_night_shift() -> None:
    plan = plan_of(
        "- {id: d, kind: do, title: D, every: 1d, for: 5d}", "2026-03-27T01:30", "Europe/London", NIGHT_SHIFT
    )
    assert reminders(plan) == [
        "2026-03-27T01:30:00+00:00",
        "2026-03-28T01:30:00+00:00",
        "2026-03-29T02:30:00+01:00",  # 01:30 does not exist that night: moved forward by the gap
        "2026-03-30T01:30:00+01:00",
        "2026-03-31T01:30:00+01:00",
    ]


def test_a_daily_series_after_a_half_hour_gap_lord_howe() -> None:
    rules = "- {id: d, kind: do, title: D, every: 1d, for: 5d, when_asleep: keep}"
    plan = plan_of(rules, "2026-10-02T02:15", "Australia/Lord_Howe")
    assert [moment[11:16] for moment in reminders(plan)] == ["02:15", "02:15", "02:45", "02:15", "02:15"]


def test_a_weekly_series_after_a_skipped_hour() -> None:
    rules = "- {id: d, kind: do, title: D, every: 1w, for: 3w, when_asleep: keep}"
    plan = plan_of(rules, "2026-03-22T01:30", "Europe/London")
    assert reminders(plan) == [
        "2026-03-22T01:30:00+00:00",
        "2026-03-29T02:30:00+01:00",
        "2026-04-05T01:30:00+01:00",
    ]


# 3. Repeated follow-ups: each session as long after the last as the first after the treatment.
def test_repeated_follow_ups_count_from_the_last_session_after_a_month_end() -> None:
    rules = "- {id: f, kind: follow_up, title: F, after: 3mo-4mo, repeat: 2}"
    plan = plan_of(rules, "2026-11-30T10:00", "Europe/London")
    assert [moment[:10] for moment in reminders(plan)] == ["2027-02-28", "2027-05-28"]
    monthly = plan_of(
        "- {id: f, kind: follow_up, title: F, after: 1mo, repeat: 3}", "2026-08-31T10:00", "Europe/London"
    )
    assert [moment[:10] for moment in reminders(monthly)] == ["2026-09-30", "2026-10-30", "2026-11-30"]


# 4. A follow-up at a clock time in a night-shift patient's sleep moves to their wake-up, and says so.
def test_a_night_shift_follow_up_rings_at_wake_up_not_in_their_sleep() -> None:
    plan = plan_of("- {id: f, kind: follow_up, title: F, after: 2w}", "2026-11-26T20:00", "Europe/London", NIGHT_SHIFT)
    (item,) = plan.items
    assert item.start.isoformat() == "2026-12-10T15:00:00+00:00"
    assert item.moved_from is not None
    assert item.moved_from.isoformat() == "2026-12-10T10:00:00+00:00"
    assert item.moved_because == (ASLEEP,)  # said why: "moved from 10:00 out of your sleep hours"
    assert item.remind
    # A day-shift patient's session stays at its 10:00, and nothing says it moved.
    (kept,) = plan_of("- {id: f, kind: follow_up, title: F, after: 2w}", "2026-11-26T20:00", "Europe/London").items
    assert (kept.start.isoformat(), kept.moved_from, kept.moved_because) == ("2026-12-10T10:00:00+00:00", None, ())


# 8. A range of mixed units is compared on the calendar, from where it is counted.
def test_a_range_of_days_and_a_month_picks_its_bound_on_the_calendar() -> None:
    shorter = plan_of("- {id: w, kind: avoid, title: W, for: 29d-1mo, end_by: shorter}", "2026-02-01T10:00", "UTC")
    longer = plan_of("- {id: w, kind: avoid, title: W, for: 29d-1mo}", "2026-02-01T10:00", "UTC")
    shorter_end, longer_end = window(shorter).end, window(longer).end
    assert shorter_end is not None
    assert longer_end is not None
    assert shorter_end.isoformat() == "2026-03-01T10:00:00+00:00"  # a month from 1 Feb is shorter than 29 days
    assert longer_end.isoformat() == "2026-03-02T10:00:00+00:00"
    earliest = window(longer).earliest_end
    assert earliest is not None
    assert earliest.isoformat() == "2026-03-01T10:00:00+00:00"


# 5. A window that starts later says its start on the desk view (the timeline, calendar and JSON always did).
def test_the_desk_view_says_when_a_later_window_starts() -> None:
    rules = """
        - {id: swim, kind: avoid, title: No swimming, start: 4d, until: 8d}
        - {id: pick, kind: avoid, title: No picking, days: 3-5}
    """
    plan = plan_of(rules, "2026-03-27T16:00", "Europe/London")
    text = desk_text(plan)
    assert "from Tue 31 Mar 16:00 until Sat 4 Apr" in text
    assert "from Sun 29 Mar 07:00 until Tue 31 Mar" in text  # day 3 begins at its wake-up
    at_once = desk_text(plan_of("- {id: swim, kind: avoid, title: No swimming, for: 4d}", "2026-03-27T16:00", "UTC"))
    assert "No swimming until Tue 31 Mar 16:00" in at_once  # from now: only its end


def desk_text(plan: Plan, now: datetime | None = None) -> str:
    import io

    from rich.console import Console

    from aftercare_cli.outputs.glance import glance_view

    console = Console(file=io.StringIO(), width=80, color_system=None, force_terminal=False)
    console.print(glance_view(plan, None, now))
    return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]


# 6. A start's words follow its side of the treatment: the desk may move it, but not across the treatment.
def test_a_desk_start_before_the_treatment_is_read_and_one_across_it_refused(run_cli) -> None:
    laser = ("--rules", "examples/laser-hair-removal.yaml", "--at", "2026-12-20 10:00", "--tz", "Europe/London")
    code, out, err = run_cli("plan", *laser, "--set", "shave.start=-2d")
    assert (code, err) == (0, "")
    assert "Fri 18 Dec 10:00" in out
    code, out, err = run_cli("plan", *laser, "--set", "shave.start=2d")
    assert (code, out) == (2, "")
    assert "rule 'shave' is a step the clinic wrote for before the treatment, and this moves it" in err


def test_a_start_placeholder_before_the_treatment_is_its_length_beside_the_clinic_s_before() -> None:
    from aftercare_cli.outputs.clinic_texts import title

    (rule,) = ruleset_from("- {id: r, kind: do, title: Stop retinol <start> before treatment, start: -10d}").rules
    assert title(rule) == "Stop retinol 10 days before treatment"


# 7. A phase that starts before the one it continues ends is refused with its line.
def test_an_overlapping_phase_is_refused_where_it_is_written() -> None:
    from aftercare_cli.errors import RulesError

    with pytest.raises(RulesError) as raised:
        ruleset_from("""
            - {id: a, kind: do, title: A, every: 2h, for: 2d}
            - {id: b, kind: do, title: B, start: 1d, every: 3h, for: 3d, continues: a}
        """)
    (problem,) = raised.value.problems
    assert problem.startswith("demo.yaml:8:")
    assert "rules[b].continues: starts before 'a' ends" in problem
    ruleset_from("""
        - {id: a, kind: do, title: A, every: 2h, for: 2d}
        - {id: b, kind: do, title: B, start: 2d, every: 3h, for: 3d, continues: a}
    """)  # where the first ends: accepted


# Safety: what a typo must not drop, and what has nothing to silence.
def test_a_warning_sign_needs_force_skip_and_nothing_silent_can_be_muted(run_cli, tmp_path) -> None:
    from conftest import HEADER

    rules = tmp_path / "signs.yaml"
    rules.write_text(
        HEADER
        + "  - {id: pus, kind: warning, title: Pus or fever}\n"
        + "  - {id: ice, kind: as_needed, title: Ice if it feels hot}\n"
        + "  - {id: wash, kind: do, title: Wash, every: 4h, for: 1d}\n"
    )
    at = ("--rules", str(rules), "--at", "2026-11-26 10:00", "--tz", "UTC")
    code, out, err = run_cli("plan", *at, "--skip", "pus")
    assert (code, out) == (2, "")
    assert "it is a warning sign (\u201cPus or fever\u201d), what the patient must watch for" in err
    assert run_cli("plan", *at, "--skip", "pus", "--force-skip")[0] == 0
    for silent in ("pus", "ice"):
        code, _, err = run_cli("plan", *at, "--mute", silent)
        assert code == 2
        assert f"--mute {silent}: it rings no alarm to silence" in err


def test_a_plan_made_after_its_first_steps_says_so_once() -> None:
    rules = """
        - {id: sun, kind: avoid, title: No sun before your treatment, label: No sun, start: -10d, until: 0m}
        - {id: shave, kind: do, title: Shave the area, label: Shave, start: -1d}
    """
    plan = plan_of(rules, "2026-12-10T10:00", "UTC")
    made = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("UTC"))
    text = desk_text(plan, made)
    assert text.count("Already begun when planned: No sun (since Mon 30 Nov 10:00)") == 1
    assert "Shave (" not in text  # still ahead
    late = desk_text(plan, datetime(2026, 12, 9, 12, 0, tzinfo=ZoneInfo("UTC")))
    assert "No sun (since Mon 30 Nov 10:00); Shave (Wed 9 Dec 10:00, past)" in late
    assert "Already begun" not in desk_text(plan)  # no clock: nothing said


# Day 1 for a treatment in the sleep hours: the night it is in, after bedtime; the coming day, before wake-up.
def test_after_bedtime_the_treatment_is_in_night_1_and_day_2_is_tomorrow() -> None:
    rules = """
        - {id: rest, kind: avoid, title: Rest, days: 1}
        - {id: back, kind: avoid, title: Sleep on your back, nights: 1}
        - {id: wash, kind: do, title: Wash, days: 2}
    """
    plan = plan_of(rules, "2026-11-28T23:59", "Europe/London")  # a Saturday, bedtime 22:00
    spans = {
        item.rule_id: (item.start.isoformat()[5:16], item.end.isoformat()[5:16] if item.end else "")
        for item in plan.items
    }
    assert spans["rest"] == ("11-28T23:59", "11-29T07:00")  # what is left of the day: its night
    assert spans["back"] == ("11-28T23:59", "11-29T07:00")  # the night just after the treatment is night 1
    assert spans["wash"] == ("11-29T07:00", "")  # "the next morning" is Sunday, not Monday
    early = plan_of(rules, "2026-11-28T06:30", "Europe/London")  # before the wake-up: the day is to come
    wash = next(item for item in early.items if item.rule_id == "wash")
    assert wash.start.isoformat()[5:16] == "11-29T07:00"
