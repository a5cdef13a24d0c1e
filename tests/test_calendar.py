"""The .ics export: golden bytes, three independent readers, exact instants, text round-trips.

Regenerate the golden file after an intended change with:
    UPDATE_GOLDEN=1 python -m pytest tests/test_calendar.py
"""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import vobject
from hypothesis import example, given, settings
from ical.calendar_stream import IcsCalendarStream

from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.model import ItemKind, Kind, Patient, Peel, Plan, Rule, RuleSet, Timing, Treatment, WhenAsleep
from aftercare_cli.planner import make_plan
from conftest import check_golden, plan_for
from test_planner_properties import scenarios

STAMP = datetime(2026, 11, 26, 0, 0, tzinfo=timezone.utc)


def jessner(bundled, at: str = "2026-11-26T14:30", zone: str = "Pacific/Auckland", name: str = "") -> Plan:  # type: ignore[no-untyped-def]
    return plan_for(bundled, at, zone, "jessner", Patient(name=name))


def expected_events(plan: Plan) -> list[tuple[datetime, datetime, str]]:
    """(start, end, summary) in UTC for every item, plus the overview note at the treatment time."""
    # In UTC: a local wall time + 15 minutes is an hour off in the 15 minutes before a fall-back.
    treated = plan.treated_at.astimezone(timezone.utc)
    events = [(treated, treated + timedelta(minutes=15), f"Your aftercare plan: {plan.treatment.name}")]
    for item in plan.items:
        start = item.start.astimezone(timezone.utc)
        end = item.end.astimezone(timezone.utc) if item.end is not None else start + timedelta(minutes=15)
        events.append((start, end, item.title))
    return sorted(events)


def test_golden_file(bundled) -> None:  # type: ignore[no-untyped-def]
    data = plan_calendar(jessner(bundled), STAMP)
    check_golden("plan-jessner-auckland.ics", data)


def test_file_shape(bundled) -> None:  # type: ignore[no-untyped-def]
    plan = jessner(bundled, name="Ana Smith")
    data = plan_calendar(plan, STAMP)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8").replace("\r\n ", "")  # unfolded
    for needed in (
        "VERSION:2.0",
        "PRODID:-//aftercare//aftercare",
        "X-WR-CALNAME:Aftercare for Ana Smith: Microdermabrasion (26 Nov)",
        "NAME:Aftercare for Ana Smith",
    ):
        assert needed in text
    for forbidden in ("RRULE", "DURATION", "METHOD", "TZID"):
        assert forbidden not in text
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(plan.items) + 1
    for event in events:
        assert event["TRANSP"] == "TRANSPARENT"
        assert event.decoded("DTSTART").tzinfo is not None and event.decoded("DTSTART").utcoffset() == timedelta(0)
        assert len(str(event["DESCRIPTION"])) < 8000
        alarms = list(event.walk("VALARM"))
        assert len(alarms) <= 1
        for alarm in alarms:
            assert (
                alarm["ACTION"] == "DISPLAY" and str(alarm["DESCRIPTION"]) and alarm.decoded("TRIGGER") == timedelta(0)
            )
    # Every reminder has exactly one alarm; windows have none.
    reminders = [i for i in plan.items if i.remind]
    assert sum(1 for e in events if list(e.walk("VALARM"))) == len(reminders)
    # Tips reach the calendar.
    assert all(tip.title in text for tip in plan.tips)


def test_three_independent_readers_agree(bundled) -> None:  # type: ignore[no-untyped-def]
    plan = jessner(bundled)
    data = plan_calendar(plan, STAMP)
    expected = expected_events(plan)

    ical_events = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    assert sorted((e.dtstart, e.dtend, e.summary) for e in ical_events) == expected

    parsed = vobject.readOne(data.decode("utf-8"), validate=True)
    assert sorted((e.dtstart.value, e.dtend.value, e.summary.value) for e in parsed.vevent_list) == expected

    shown = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between((2026, 1, 1), (2027, 1, 1))
    assert sorted((e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in shown) == expected


def test_instants_are_the_plans_across_a_dst_change(bundled) -> None:  # type: ignore[no-untyped-def]
    # Auckland springs forward on 2026-09-27: the plan crosses it.
    plan = jessner(bundled, at="2026-09-26T16:00")
    shown = recurring_ical_events.of(icalendar.Calendar.from_ical(plan_calendar(plan, STAMP))).between(
        (2026, 9, 1), (2026, 11, 1)
    )
    assert sorted((e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in shown) == expected_events(plan)
    sunscreen = [i.start for i in plan.items if i.rule_id == "sunscreen"]
    assert {f"{s:%H:%M}" for s in sunscreen} == {"07:00", "11:00", "15:00", "19:00"}


def test_user_text_round_trips_exactly() -> None:
    title = 'Apply "cream"; then rest, 😀 ' + "long " * 30
    details = "Line one, with commas; semicolons\\backslash\nLine two: “quotes” ✓"
    rule = Rule("a", Kind.DO, title.strip(), details, ("Cream, extra; strong",), timing=Timing())
    ruleset = RuleSet(Treatment("demo", "Demo", "Clinic, Inc.", "tests"), (Peel("p", "P"),), "p", (rule,))
    plan = plan_for(ruleset, "2026-11-26T10:00", "UTC", patient=Patient(name="Zoë O'Brien, Jr."))
    data = plan_calendar(plan, STAMP)
    events = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    (event,) = [e for e in events if e.summary == rule.title]
    assert event.description is not None
    assert details in event.description and "Use: Cream, extra; strong" in event.description
    for parsed in (vobject.readOne(data.decode("utf-8")), icalendar.Calendar.from_ical(data)):
        summaries = (
            [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")]
            if hasattr(parsed, "walk")
            else [e.summary.value for e in parsed.vevent_list]
        )
        assert rule.title in summaries
    names = vobject.readOne(data.decode("utf-8")).contents  # icalendar reads NAME back still escaped
    for key in ("name", "x-wr-calname"):
        assert names[key][0].value == "Aftercare for Zoë O'Brien, Jr.: Demo (26 Nov)"
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_uids_are_deterministic_and_change_with_the_plan(bundled) -> None:  # type: ignore[no-untyped-def]
    def uids(plan: Plan) -> set[str]:
        return {str(e["UID"]) for e in icalendar.Calendar.from_ical(plan_calendar(plan, STAMP)).walk("VEVENT")}

    base = jessner(bundled)
    first = plan_calendar(base, STAMP)
    assert (
        plan_calendar(jessner(bundled), datetime(2030, 1, 1, tzinfo=timezone.utc)).replace(
            b"DTSTAMP:20300101T000000Z", b"DTSTAMP:20261126T000000Z"
        )
        == first
    )
    assert len(uids(base)) == len(base.items) + 1
    for other in (
        jessner(bundled, at="2026-11-26T14:31"),
        jessner(bundled, name="Ana"),
        plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "custom"),
    ):
        assert not uids(other) & uids(base)


# Found by Hypothesis: a reminder 15 minutes before Auckland's fall-back (02:48, first occurrence)
# ends at 14:03Z; wall-clock arithmetic in the test expected 15:03Z.
_BEFORE_FALL_BACK = (
    RuleSet(
        Treatment("t", "T", "Clinic", "tests"),
        (Peel("custom", "Custom"),),
        "custom",
        (Rule("a", Kind.DO, "Title", timing=Timing(when_asleep=WhenAsleep.KEEP)),),
    ),
    datetime(2025, 4, 6, 2, 48, tzinfo=ZoneInfo("Pacific/Auckland")),
    ZoneInfo("Pacific/Auckland"),
    Patient(),
)


@settings(max_examples=60, deadline=None)
@given(scenarios())
@example(_BEFORE_FALL_BACK)
def test_any_plan_exports_exactly_its_items(scenario) -> None:  # type: ignore[no-untyped-def]
    ruleset, treated_at, zone, patient = scenario
    plan = make_plan(ruleset, ruleset.peels[0], treated_at, zone, patient)
    data = plan_calendar(plan, STAMP)
    events = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    assert sorted((e.dtstart, e.dtend, e.summary) for e in events) == expected_events(plan)
    assert sum(1 for e in events if e.alarm) == sum(1 for i in plan.items if i.remind)
    assert all(i.kind is not ItemKind.AVOID or not i.remind for i in plan.items)


def test_long_details_are_clipped_below_googles_limit() -> None:
    rule = Rule("a", Kind.DO, "A", "word " * 3000, timing=Timing())
    ruleset = RuleSet(Treatment("demo", "Demo", "Clinic", "tests"), (Peel("p", "P"),), "p", (rule,))
    data = plan_calendar(plan_for(ruleset, "2026-11-26T10:00", "UTC"), STAMP)
    (event,) = [e for e in IcsCalendarStream.calendar_from_ics(data.decode()).events if e.summary == "A"]
    assert event.description is not None and len(event.description) < 8000 and event.description.endswith("…")
