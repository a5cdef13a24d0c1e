"""Sentences every face shares: what the plan leaves out, said once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from aftercare_cli.model import ASLEEP, Kind, Skipped
from aftercare_cli.outputs.wording import skipped_note, skipped_summary, when
from conftest import plan_for, rule_of, ruleset_from

AUCKLAND = ZoneInfo("Pacific/Auckland")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AUCKLAND)


def test_one_skipped_step_says_when_and_why(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner")
    (skip,) = plan.skipped
    why = "until \u201cDo not wet your skin\u201d is over and then in your sleep hours"
    assert skipped_summary(plan.skipped, date(2026, 11, 26)) == f"Skincare at 22:00 today, {why}"
    assert skipped_summary(plan.skipped) == f"Skincare at Thu 26 Nov 22:00, {why}"
    assert skipped_note(skip) == f"skipped: {why}"


def test_a_step_skipped_on_several_days_is_one_clause() -> None:
    rules = ruleset_from("""
        - {id: night-drops, kind: do, title: Eye drops, label: Drops, at: ["03:00", "12:00"], until: 3d}
        - {id: late, kind: do, title: Late call, start: 10h}
    """)
    plan = plan_for(rules, "2026-11-26T14:00", "Pacific/Auckland")
    assert skipped_summary(plan.skipped, date(2026, 11, 26)) == (
        "Late call at 00:00 tomorrow, in your sleep hours; "  # in time order, by each step's first
        "Drops at 03:00, 3 times from tomorrow to Sun 29 Nov, in your sleep hours"
    )


def test_nothing_skipped_says_nothing() -> None:
    assert skipped_summary(()) == ""


def test_skips_of_one_day_name_the_day_once() -> None:
    rule = rule_of("a", Kind.DO, "A")
    skips = [Skipped(rule, at(f"2026-11-26T0{hour}:00"), (ASLEEP,)) for hour in (2, 3)]
    assert skipped_summary(skips) == "A at 02:00 and 03:00, 2 times on Thu 26 Nov, in your sleep hours"


def test_when_names_today_and_tomorrow() -> None:
    assert when(at("2026-11-26T18:30"), date(2026, 11, 26)) == "18:30 today"
    assert when(at("2026-11-27T07:00"), date(2026, 11, 26)) == "07:00 tomorrow"
    assert when(at("2026-11-28T07:00"), date(2026, 11, 26)) == "Sat 28 Nov 07:00"
