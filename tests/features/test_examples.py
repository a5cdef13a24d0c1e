"""The real sheets in examples/, planned: facts derived by hand from each sheet's text, so the examples stay true.

Every plan is for a treatment on Thu 26 Nov 2026 at 09:00 in Auckland (the laser booking: Sun 20 Dec
10:00 in London, planned ahead), for a patient asleep 22:00-07:00.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import icalendar
import pytest

from aftercare_cli.model import Item, ItemKind, Plan, RuleSet
from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.outputs.clinic_texts import item_title, title
from aftercare_cli.outputs.jsondoc import plan_json
from aftercare_cli.outputs.wording import treatment_title, warning_contact
from aftercare_cli.ruleset.loader import load_rulesets
from conftest import NIGHT_SHIFT, faces, one_line, plan_for

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHEETS = ("tca-peel", "botox", "laser-hair-removal", "cryotherapy", "dermal-filler", "microblading")


def _rules(name: str) -> RuleSet:
    (ruleset,) = load_rulesets(EXAMPLES / f"{name}.yaml")
    return ruleset


def _plan(name: str, peel: str | None = None) -> Plan:
    return plan_for(_rules(name), "2026-11-26T09:00", "Pacific/Auckland", peel)


def _item(plan: Plan, rule_id: str, kind: ItemKind | None = None) -> Item:
    return next(i for i in plan.items if i.rule_id == rule_id and (kind is None or i.kind is kind))


def _end(plan: Plan, rule_id: str) -> str:
    end = _item(plan, rule_id, ItemKind.AVOID).end
    assert end is not None
    return f"{end:%a %d %b %Y %H:%M}"


def _at(item: Item) -> str:
    return f"{item.start:%a %d %b %Y %H:%M}"


@pytest.mark.parametrize("name", SHEETS)
def test_each_sheet_names_its_source(name: str) -> None:
    source = _rules(name).treatment.source.default
    assert source.startswith("http")
    assert "EXAMPLE ONLY: NOT CLINICAL ADVICE" in (EXAMPLES / f"{name}.yaml").read_text()


# --- TCA peel: months, warning signs, as needed ------------------------------------------------


def test_tca_sun_and_spf_for_at_least_2_months() -> None:
    plan = _plan("tca-peel")
    assert _end(plan, "sun") == "Tue 26 Jan 2027 09:00"  # 2 calendar months
    assert item_title(_item(plan, "sun")).endswith("for at least 2 months after your peel")


def test_tca_14_days_without_actives_then_the_regimen_back() -> None:
    plan = _plan("tca-peel")
    assert _end(plan, "no-actives") == "Thu 10 Dec 2026 09:00"
    assert item_title(_item(plan, "no-actives", ItemKind.ENDS)) == "You may return to your regular skin care regimen"
    assert _end(plan, "no-spray-tan") == "Thu 10 Dec 2026 09:00"  # 2 weeks
    assert _end(plan, "no-other-treatments") == "Sat 26 Dec 2026 09:00"  # 1 month


def test_tca_warning_and_as_needed_steps() -> None:
    plan = _plan("tca-peel")
    assert [title(w) for w in plan.warnings] == [
        "If you notice any abnormal signs or symptoms such as discharge, pus formation, or swelling, "
        "contact us immediately"
    ]
    assert [a.id for a in plan.as_needed] == ["moisture-barrier", "hydrocortisone"]
    assert [t.id for t in plan.tips] == ["hat", "cleanse"]
    assert [e.id for e in plan.expected] == ["stinging"]
    assert len(plan.items) == 5  # four windows and one end note: nothing else has a time


def test_tca_no_scratching_has_no_end_on_any_face() -> None:
    plan = _plan("tca-peel")
    assert [s.rule_id for s in plan.ongoing] == ["no-scratching"]
    seen = faces(plan)
    told = "until your clinic tells you otherwise"
    assert told in seen.glance_when
    assert f"09:00 +0m Do not peel, scratch, or rub treated skin {told}" in one_line(seen.timeline)
    assert f"Do not peel, scratch, or rub treated skin, {told}" in seen.handout
    assert f"- Do not peel, scratch, or rub treated skin ({told}): Mild itching" in seen.overview
    assert not any("scratch" in event.summary for event in seen.events)  # no event without an end
    assert [entry["rule"] for entry in seen.json["ongoing"]] == ["no-scratching"]
    assert "What to expect You may continue to experience some localized stinging" in seen.handout


# --- Botox: the rest of the day, under 15 minutes, a follow-up in months ----------------------


def test_botox_exercise_is_one_reminder_with_its_frequency() -> None:
    plan = _plan("botox")
    exercise = [i for i in plan.items if i.rule_id == "exercise"]
    assert [(_at(i), item_title(i)) for i in exercise] == [
        ("Thu 26 Nov 2026 09:00", "For the next 2 hours: exercise the treated area 6 times an hour")
    ]


def test_botox_windows() -> None:
    plan = _plan("botox")
    assert _end(plan, "no-rubbing") == "Thu 26 Nov 2026 11:00"
    assert _end(plan, "leave-alone") == "Thu 26 Nov 2026 22:00"  # the rest of the day: to bedtime
    assert _end(plan, "not-flat") == "Thu 26 Nov 2026 13:00"
    assert _end(plan, "no-exercise") == "Fri 27 Nov 2026 09:00"


def test_botox_what_to_expect_on_its_days() -> None:
    plan = _plan("botox")
    assert [e.id for e in plan.expected] == ["expect", "headache", "relaxation"]
    seen = faces(plan)
    assert (
        "What to expect: You may have slight and temporary bruising of the skin at the injection sites; Some people "
        "notice a mild headache the evening of the treatment (on the day of treatment); The "
        "relaxation from botox comes on gradually over a period of about a week (until Thu 3 Dec 09:00)"
    ) in one_line(seen.glance)
    assert "What to expect: Some people notice a mild headache" in one_line(seen.timeline)
    assert len(seen.events) == len(seen.strict_events) == 1 + 4 + 1 + 1  # overview, windows, exercise, follow-up
    assert sum(1 for event in seen.events if event.alarms) == 2  # the exercise and the next treatment
    assert "- Some people notice a mild headache the evening of the treatment (on the day of treatment" in (
        seen.overview
    )


def test_botox_next_treatment_in_3_to_4_months() -> None:
    follow_up = _item(_plan("botox"), "next-treatment")
    assert _at(follow_up) == "Fri 26 Feb 2027 10:00"  # the shorter bound, at a daytime
    assert item_title(follow_up) == (
        "Have another botox treatment as soon as you notice the botox wearing off (usually 3 to 4 months)"
    )
    assert follow_up.remind


# --- Laser hair removal: before the treatment, areas, a follow-up ------------------------------


def _laser(peel: str | None = None) -> Plan:
    return plan_for(_rules("laser-hair-removal"), "2026-12-20T10:00", "Europe/London", peel)


def test_laser_two_weeks_before_the_appointment() -> None:
    plan = _laser()
    sunbathing = _item(plan, "no-sunbathing")
    assert _at(sunbathing) == "Sun 06 Dec 2026 10:00"
    assert _end(plan, "no-sunbathing") == "Sun 20 Dec 2026 10:00"
    assert item_title(sunbathing) == "NO SUNBATHING for the 2 weeks before your appointment"
    assert _at(_item(plan, "shave")) == "Sat 19 Dec 2026 10:00"
    assert plan.items[0].rule_id == "no-sunbathing"  # a plan made ahead starts before the treatment


def test_laser_after_and_the_next_appointment() -> None:
    plan = _laser()
    assert _end(plan, "sunscreen") == "Sun 03 Jan 2027 10:00"
    assert _at(_item(plan, "next-appointment")) == "Sun 17 Jan 2027 10:00"  # four weeks on
    assert [w.id for w in plan.warnings] == ["blister"]
    assert [title(a) for a in plan.as_needed] == ["If you have any redness or swelling, apply ice packs as needed"]


def test_laser_shave_prior_to_treatment_at_a_usual_time() -> None:
    seen = faces(_laser())
    assert "(prior to treatment (usually about this time))" in one_line(seen.timeline)
    assert "Prior to treatment (usually about this time)." in seen.event("Shave the treatment site").description
    assert "prior to treatment (usually about 10:00)" in seen.handout
    assert next(i for i in seen.json["items"] if i["rule"] == "shave")["start_words"] == "prior to treatment"


def test_laser_areas_are_variants() -> None:
    assert treatment_title(_laser()) == "Laser hair removal (Area: body)"
    assert [t.id for t in _laser("face-neck").tips] == ["no-makeup", "no-scrubbing"]
    assert [t.id for t in _laser("body").tips] == ["no-scrubbing"]


def test_laser_steps_before_a_plan_made_late_ring_no_alarm() -> None:
    ahead = icalendar.Calendar.from_ical(plan_calendar(_laser(), datetime(2026, 12, 1, tzinfo=timezone.utc)))
    late = icalendar.Calendar.from_ical(plan_calendar(_laser(), datetime(2026, 12, 20, 12, tzinfo=timezone.utc)))
    assert len(list(ahead.walk("VALARM"))) == 2  # the shave and the next appointment
    assert len(list(late.walk("VALARM"))) == 1  # the next appointment only


# --- Cryotherapy: a vague length, as needed, a warning with its contact, a range of weeks ------


def test_cryotherapy_the_next_few_days() -> None:
    plan = _plan("cryotherapy")
    take_care = _item(plan, "take-care")
    assert item_title(take_care) == (
        "The skin will be tender and care should be taken with the treated area "
        "for the next few days (usually about 3 days)"
    )
    assert _end(plan, "take-care") == "Sun 29 Nov 2026 09:00"
    assert _end(plan, "no-soaking") == "Thu 03 Dec 2026 09:00"  # the first week


def test_cryotherapy_repeat_every_two_to_three_weeks() -> None:
    repeat = _item(_plan("cryotherapy"), "repeat")
    assert _at(repeat) == "Thu 10 Dec 2026 10:00"
    assert "every 2 to 3 weeks" in item_title(repeat)


def test_cryotherapy_warning_sends_to_the_gp_without_the_clinics_number() -> None:
    plan = _plan("cryotherapy")
    assert warning_contact(plan.treatment.contact) == "Call 01494 866600."
    doc = json.loads(plan_json(plan))
    assert [(w["rule"], w["contact_clinic"]) for w in doc["warnings"]] == [("infection", False)]
    assert [a["rule"] for a in doc["as_needed"]] == ["pain-killers", "antiseptic", "blister"]
    seen = faces(plan)
    header = one_line(seen.glance.split("\n\n")[0])
    assert header.endswith("if this happens you should see your General Practitioner")  # no number after it
    assert "01494" not in one_line(seen.timeline).split("Time Since Step")[0]
    assert "01494" not in seen.overview.split("Rules:")[0]
    signs = seen.handout.split("Warning signs")[1].split("The skin will be tender")[0]
    assert "General Practitioner" in signs
    assert "01494" not in signs


def test_cryotherapy_the_next_few_days_and_the_blisters_to_expect() -> None:
    seen = faces(_plan("cryotherapy"))
    assert "usually ends around Sun 29 Nov" in seen.glance_when  # beside the title, which says the sheet's words
    assert (
        "The skin will be tender and care should be taken with the treated area for the next few days (usually about "
        "3 days), usually ends around Sun 29 Nov"
    ) in seen.handout
    window = seen.event("The skin will be tender")
    assert window.end == datetime(2026, 11, 28, 20, tzinfo=timezone.utc)  # Sun 29 Nov 09:00 +13:00
    assert "Usually ends around Sun 29 Nov." in window.description
    assert "developing within 48 hours (until Sat 28 Nov 09:00)" in seen.overview


# --- Dermal filler: the day of treatment, before, as needed, the long warning ------------------


def test_filler_the_day_of_treatment() -> None:
    plan = _plan("dermal-filler")
    assert _end(plan, "nothing-on-skin") == "Fri 27 Nov 2026 07:00"  # until the day after: the morning
    assert _end(plan, "no-heavy-exercise") == "Thu 26 Nov 2026 22:00"
    assert _end(plan, "sleep-on-back") == "Fri 27 Nov 2026 09:00"


def test_filler_windows_in_days_and_weeks() -> None:
    plan = _plan("dermal-filler")
    assert _end(plan, "no-dental") == "Sat 26 Dec 2026 09:00"  # 30 days
    assert _end(plan, "no-other-treatments") == "Thu 24 Dec 2026 09:00"  # 4 weeks


def test_filler_arnica_a_week_before_and_ice_as_needed_in_the_first_12_hours() -> None:
    plan = _plan("dermal-filler")
    assert _at(plan.items[0]) == "Thu 19 Nov 2026 09:00"
    assert plan.items[0].rule_id == "arnica-before"
    assert [a.id for a in plan.as_needed] == ["ice", "swelling", "tylenol", "arnica"]
    assert not [i for i in plan.items if i.rule_id == "ice"]  # "may be used": no alarm
    seen = faces(plan)
    assert "During the first 12 hours, ice packs may be used" in seen.overview
    assert "every hour (until Thu 26 Nov 21:00)" in seen.overview
    assert "to decrease swelling (until Sat 28 Nov 09:00 to Sun 29 Nov 09:00)" in seen.handout
    assert title(plan.warnings[0]).startswith("If you experience any of the following symptoms, contact our office")


def test_filler_no_touching_has_no_end_and_the_swelling_to_expect() -> None:
    seen = faces(_plan("dermal-filler"))
    assert "Do NOT massage, touch, or manipulate the injection site, until your clinic tells you otherwise" in (
        seen.handout
    )
    assert "Swelling may last up to 2 weeks (until Thu 10 Dec 09:00)" in seen.handout
    assert [e["rule"] for e in seen.json["expected"]] == ["expect", "swelling-lasts"]


def test_filler_until_the_day_after_for_a_night_shift_patient() -> None:
    # Asleep 07:00-15:00, treated at 09:00: the day of treatment ends at their bedtime, Fri 07:00; the night after
    # it at their wake-up, Fri 15:00.
    plan = plan_for(_rules("dermal-filler"), "2026-11-26T09:00", "Pacific/Auckland", patient=NIGHT_SHIFT)
    assert _end(plan, "nothing-on-skin") == "Fri 27 Nov 2026 15:00"
    seen = faces(plan)
    window = seen.event("Do not apply anything")
    assert window.end == datetime(2026, 11, 27, 2, tzinfo=timezone.utc)
    assert "until Fri 27 Nov 15:00" in seen.handout


# --- Microblading: Day 1, Day 2, all 7 days, a touch-up ---------------------------------------


def test_microblading_day_1() -> None:
    plan = _plan("microblading")
    assert _at(_item(plan, "pat")) == "Thu 26 Nov 2026 09:00"
    first_wash = _item(plan, "first-wash")
    assert _at(first_wash) == "Thu 26 Nov 2026 13:00"
    assert item_title(first_wash).startswith("DAY 1: wash after 4 hours")


def test_microblading_day_2_morning_and_night() -> None:
    plan = _plan("microblading")
    assert [_at(i) for i in plan.items if i.rule_id == "day-2-wash"] == [
        "Fri 27 Nov 2026 07:00",
        "Fri 27 Nov 2026 22:00",
    ]
    dry = _item(plan, "day-2-dry")
    assert _at(dry) == "Fri 27 Nov 2026 07:00"
    assert _end(plan, "day-2-dry") == "Fri 27 Nov 2026 22:00"


def test_microblading_all_7_days_and_the_touch_up() -> None:
    plan = _plan("microblading")
    assert _end(plan, "avoid-7-days") == "Wed 02 Dec 2026 22:00"  # bedtime of day 7
    assert _at(_item(plan, "touch-up")) == "Thu 07 Jan 2027 10:00"  # 6 weeks on
