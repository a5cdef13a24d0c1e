"""The .ics export: golden bytes, three independent readers, exact instants, text round-trips.

Regenerate the golden file after an intended change with:
    UPDATE_GOLDEN=1 python -m pytest tests/outputs/test_calendar.py
"""

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from aftercare_cli.core.planner import make_plan
from aftercare_cli.model import (
    Item,
    ItemKind,
    Kind,
    Patient,
    Plan,
    Rule,
    RuleSet,
    Timing,
    WhenAsleep,
    Written,
    instant,
)
from aftercare_cli.outputs.calendar import MAX_DESCRIPTION, plan_calendar
from aftercare_cli.outputs.clinic_texts import (
    item_label,
    item_title,
    label,
    peel_label,
    products,
    title,
    treatment_name,
)
from conftest import (
    CLOCK_CHANGES,
    HOURLY_THROUGH_THE_NIGHT,
    check_golden,
    hours,
    plan_for,
    rule_of,
    ruleset_from,
    ruleset_of,
    until,
)
from strategies import scenarios

STAMP = datetime(2026, 11, 26, 0, 0, tzinfo=timezone.utc)


def jessner(bundled, at: str = "2026-11-26T14:30", zone: str = "Pacific/Auckland", name: str = "") -> Plan:
    return plan_for(bundled, at, zone, "jessner", Patient(name=name))


def expected_events(plan: Plan) -> list[tuple[datetime, datetime, str]]:
    """(start, end, summary) in UTC: the overview note, one event per window or end note, and one per
    instant at which reminders fall (its title the step's own, or the steps' labels when several)."""
    # In UTC: a local wall time + 15 minutes is an hour off in the 15 minutes before a fall-back.
    treated = plan.treated_at.astimezone(timezone.utc)
    events = [(treated, treated + timedelta(minutes=15), f"Your aftercare plan: {treatment_name(plan.treatment)}")]
    reminders: dict[datetime, list[Item]] = {}
    for item in plan.items:
        start = item.start.astimezone(timezone.utc)
        if item.kind is ItemKind.DO:
            reminders.setdefault(start, []).append(item)
        else:
            end = item.end.astimezone(timezone.utc) if item.end is not None else start + timedelta(minutes=15)
            events.append((start, end, item_title(item)))
    for start, items in reminders.items():
        title = item_title(items[0]) if len(items) == 1 else " · ".join(item_label(item) for item in items)
        events.append((start, start + timedelta(minutes=15), title))
    return sorted(events)


def test_golden_file(bundled) -> None:
    data = plan_calendar(jessner(bundled), STAMP)
    check_golden("plan-jessner-auckland.ics", data)


def test_file_shape(bundled) -> None:
    plan = jessner(bundled, name="Ana Smith")
    data = plan_calendar(plan, STAMP)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8").replace("\r\n ", "")  # unfolded
    for needed in (
        "VERSION:2.0",
        "PRODID:-//aftercare//aftercare",
        "X-WR-CALNAME:Aftercare for Ana Smith: Microdermabrasion\\, Jessner peel (26 Nov)\\, made 13:00",
        "NAME:Aftercare for Ana Smith",
    ):
        assert needed in text
    for forbidden in ("RRULE", "DURATION", "METHOD", "TZID"):
        assert forbidden not in text
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(expected_events(plan)) < len(plan.items)
    for event in events:
        assert event["TRANSP"] == "TRANSPARENT"
        assert event.decoded("DTSTART").tzinfo is not None
        assert event.decoded("DTSTART").utcoffset() == timedelta(0)
        assert len(str(event["DESCRIPTION"])) < 8000
        alarms = list(event.walk("VALARM"))
        assert len(alarms) <= 1
        for alarm in alarms:
            assert alarm["ACTION"] == "DISPLAY"
            assert str(alarm["DESCRIPTION"])
            assert alarm.decoded("TRIGGER") == timedelta(0)
    # One alarm per moment that deserves one; windows have none; never two at one instant.
    alarmed = [e.decoded("DTSTART") for e in events if list(e.walk("VALARM"))]
    assert len(alarmed) == len(set(alarmed)) == len({instant(i.start) for i in plan.items if i.remind})
    # Tips reach the calendar.
    assert all(title(tip) in text for tip in plan.tips)


def test_three_independent_readers_agree(bundled) -> None:
    plan = jessner(bundled)
    data = plan_calendar(plan, STAMP)
    expected = expected_events(plan)

    ical_events = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    assert sorted((e.dtstart, e.dtend, e.summary) for e in ical_events) == expected

    parsed = vobject.readOne(data.decode("utf-8"), validate=True)
    assert sorted((e.dtstart.value, e.dtend.value, e.summary.value) for e in parsed.vevent_list) == expected

    shown = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between((2026, 1, 1), (2027, 1, 1))
    assert sorted((e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in shown) == expected


def test_instants_are_the_plans_across_a_dst_change(bundled) -> None:
    # Auckland springs forward on 2026-09-27: the plan crosses it.
    plan = jessner(bundled, at="2026-09-26T16:00")
    shown = recurring_ical_events.of(icalendar.Calendar.from_ical(plan_calendar(plan, STAMP))).between(
        (2026, 9, 1), (2026, 11, 1)
    )
    assert sorted((e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in shown) == expected_events(plan)
    sunscreen = [i.start for i in plan.items if i.rule_id == "sunscreen"]
    assert {f"{s:%H:%M}" for s in sunscreen} == {"07:00", "11:00", "15:00", "19:00"}


@pytest.mark.parametrize(("zone", "treated"), CLOCK_CHANGES)
def test_every_reminder_of_a_clock_change_night_is_an_event_in_every_reader(zone: str, treated: str) -> None:
    # Fall-back: the reminder at the second 02:00 (Auckland) is an event with its own alarm, for every reader.
    plan = plan_for(ruleset_from(HOURLY_THROUGH_THE_NIGHT), treated, zone)
    data = plan_calendar(plan, datetime(2026, 1, 1, tzinfo=timezone.utc))  # made before: every alarm is ahead
    first = plan.treated_at.astimezone(timezone.utc)
    hourly = [(first + timedelta(hours=h), first + timedelta(hours=h, minutes=15)) for h in range(10)]

    def reminders(spans: list[tuple[Any, Any, Any]]) -> list[tuple[Any, Any]]:  # three readers' own types
        return sorted((start, end) for start, end, summary in spans if summary == "Hourly")

    ical_events = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    assert reminders([(e.dtstart, e.dtend, e.summary) for e in ical_events]) == hourly
    assert sum(1 for e in ical_events if e.alarm) == 10
    parsed = vobject.readOne(data.decode("utf-8"), validate=True)
    assert reminders([(e.dtstart.value, e.dtend.value, e.summary.value) for e in parsed.vevent_list]) == hourly
    shown = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between((2026, 1, 1), (2027, 1, 1))
    assert reminders([(e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in shown]) == hourly


def test_a_reprint_keeps_every_event_but_rings_only_for_what_is_ahead(bundled) -> None:
    # Treated Thu 26 Nov 14:30 (Auckland), printed again Sun 29 Nov 13:00: three days of the plan are past.
    plan = jessner(bundled)
    printed = datetime(2026, 11, 29, 0, 0, 30, tzinfo=timezone.utc)
    data = plan_calendar(plan, printed)
    events = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    assert sorted((e.dtstart, e.dtend, e.summary) for e in events) == expected_events(plan)  # nothing dropped
    alarmed = sorted(e.dtstart for e in events if e.alarm and isinstance(e.dtstart, datetime))
    assert alarmed
    assert alarmed[0] >= printed.replace(second=0)
    ahead = {instant(i.start) for i in plan.items if i.remind and instant(i.start) >= printed.replace(second=0)}
    assert set(alarmed) == ahead
    # The same file made before the treatment rings for every reminder.
    before = IcsCalendarStream.calendar_from_ics(plan_calendar(plan, STAMP).decode("utf-8")).events
    assert len([e for e in before if e.alarm]) == len({instant(i.start) for i in plan.items if i.remind})


def test_an_event_at_the_minute_the_file_is_made_still_rings() -> None:
    rules = ruleset_of(rule_of("wash", Kind.DO, "Wash", timing=Timing()))
    plan = plan_for(rules, "2026-11-26T10:00", "UTC")
    made = datetime(2026, 11, 26, 10, 0, 40, tzinfo=timezone.utc)  # 40 s into the treatment's minute
    (wash,) = [e for e in _events(plan_calendar(plan, made)) if str(e["SUMMARY"]) == "Wash"]
    assert len(list(wash.walk("VALARM"))) == 1


def test_user_text_round_trips_exactly() -> None:
    written = 'Apply "cream"; then rest, 😀 ' + "long " * 30
    details = "Line one, with commas; semicolons\\backslash\nLine two: “quotes” ✓"
    rule = rule_of("a", Kind.DO, written.strip(), details, ("Cream, extra; strong",), timing=Timing())
    ruleset = ruleset_of(rule, clinic="Clinic, Inc.")
    plan = plan_for(ruleset, "2026-11-26T10:00", "UTC", patient=Patient(name="Zoë O'Brien, Jr."))
    data = plan_calendar(plan, STAMP)
    events = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    (event,) = [e for e in events if e.summary == title(rule)]
    assert event.description is not None
    assert details in event.description
    assert "Use: Cream, extra; strong" in event.description
    parsers: tuple[Any, ...] = (vobject.readOne(data.decode("utf-8")), icalendar.Calendar.from_ical(data))
    for parsed in parsers:
        summaries = (
            [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")]
            if hasattr(parsed, "walk")
            else [e.summary.value for e in parsed.vevent_list]
        )
        assert title(rule) in summaries
    names = vobject.readOne(data.decode("utf-8")).contents  # icalendar reads NAME back still escaped
    for key in ("name", "x-wr-calname"):
        assert names[key][0].value == "Aftercare for Zoë O'Brien, Jr.: T, Custom (26 Nov), made 00:00"
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_uids_are_deterministic_and_change_with_the_plan(bundled) -> None:
    def uids(plan: Plan) -> set[str]:
        return {str(e["UID"]) for e in icalendar.Calendar.from_ical(plan_calendar(plan, STAMP)).walk("VEVENT")}

    base = jessner(bundled)
    first = plan_calendar(base, STAMP)
    assert (
        plan_calendar(jessner(bundled), datetime(2026, 11, 20, tzinfo=timezone.utc)).replace(
            b"DTSTAMP:20261120T000000Z", b"DTSTAMP:20261126T000000Z"
        )
        == first
    )
    assert len(uids(base)) == len(expected_events(base))
    for other in (
        jessner(bundled, at="2026-11-26T14:31"),
        jessner(bundled, name="Ana"),
        plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "custom"),
    ):
        assert not uids(other) & uids(base)


# Found by Hypothesis: a reminder 15 minutes before Auckland's fall-back (02:48, first occurrence)
# ends at 14:03Z; wall-clock arithmetic in the test expected 15:03Z.
_BEFORE_FALL_BACK = (
    ruleset_of(rule_of("a", Kind.DO, "Title", timing=Timing(when_asleep=WhenAsleep.KEEP))),
    datetime(2025, 4, 6, 2, 48, tzinfo=ZoneInfo("Pacific/Auckland")),
    ZoneInfo("Pacific/Auckland"),
    Patient(),
)


# An end note sorting between two reminders of one instant: they must still share one event and one alarm.
_END_NOTE_BETWEEN = (
    ruleset_of(
        rule_of("cream", Kind.DO, "Cream", timing=Timing(start=hours(10))),
        rule_of("dry", Kind.AVOID, "Dry", timing=Timing(end=until(10)), end_note="Over"),
        rule_of(
            "wash",
            Kind.DO,
            "Wash",
            timing=Timing(start=hours(10)),
        ),
    ),
    datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("UTC")),
    ZoneInfo("UTC"),
    Patient(),
)


@settings(max_examples=60, deadline=None)
@given(scenarios())
@example(_BEFORE_FALL_BACK)
@example(_END_NOTE_BETWEEN)
def test_any_plan_exports_exactly_its_items(scenario) -> None:
    ruleset, treated_at, zone, patient = scenario
    plan = make_plan(ruleset, ruleset.peels[0], treated_at, zone, patient)
    data = plan_calendar(plan, STAMP)
    events = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    assert sorted((e.dtstart, e.dtend, e.summary) for e in events) == expected_events(plan)
    alarmed = [e.dtstart for e in events if e.alarm]
    ahead = {instant(i.start) for i in plan.items if i.remind and instant(i.start) >= STAMP}  # no alarm in the past
    assert len(alarmed) == len(set(alarmed)) == len(ahead)
    assert all(i.kind is not ItemKind.AVOID or not i.remind for i in plan.items)


def ruleset_from_rule(rule: Rule) -> RuleSet:
    return ruleset_of(rule)


def test_long_details_are_clipped_below_googles_limit() -> None:
    rule = rule_of("a", Kind.DO, "A", "word " * 3000, timing=Timing())
    ruleset = ruleset_of(rule)
    data = plan_calendar(plan_for(ruleset, "2026-11-26T10:00", "UTC"), STAMP)
    (event,) = [e for e in IcsCalendarStream.calendar_from_ics(data.decode()).events if e.summary == "A"]
    assert event.description is not None
    assert event.description.endswith("…")
    assert len(event.description) == MAX_DESCRIPTION == 7900  # Google keeps about 8,000: clipped to exactly this
    short = plan_calendar(
        plan_for(
            ruleset_from_rule(rule_of("a", Kind.DO, "A", "word " * 1000, timing=Timing())), "2026-11-26T10:00", "UTC"
        ),
        STAMP,
    )
    (kept,) = [e for e in IcsCalendarStream.calendar_from_ics(short.decode()).events if e.summary == "A"]
    assert kept.description is not None
    assert "…" not in kept.description


def _events(data: bytes) -> list[icalendar.cal.Component]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_a_morning_is_one_event_with_one_alarm_naming_every_step(bundled) -> None:
    plan = jessner(bundled)
    mornings = [e for e in _events(plan_calendar(plan, STAMP)) if e.decoded("DTSTART").hour == 18]  # 07:00 +13:00
    assert len(mornings) == 7
    friday = min(mornings, key=lambda e: e.decoded("DTSTART"))
    assert str(friday["SUMMARY"]) == "Cream · Skincare · Water · SPF 50+"
    (alarm,) = friday.walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == str(friday["SUMMARY"])
    description = str(friday["DESCRIPTION"])
    for step in (
        "- Apply Balense Recovery Cream liberally",
        "Use: Balense Recovery Cream",
        "Moved from Thu 26 Nov 22:30 (Pacific/Auckland) out of your sleep hours.",
        "- Gentle skincare routine with the products your dermal technician recommended",
        "Use: Balense Microdermal Gentle Cleanser, ReBalense Moisturiser, a serum",
        "- Drink plenty of water",
        "- Apply SPF 50+ sunscreen, especially when outside",
        "Use: Balense UV Defiance SPF 50+",
    ):
        assert step in description


def test_descriptions_that_name_a_time_name_the_zone(bundled) -> None:
    events = _events(plan_calendar(jessner(bundled), STAMP))
    dry = next(e for e in events if str(e["SUMMARY"]) == "Do not wet your skin")
    assert "Do not wet your skin, until Fri 27 Nov 02:30 (Pacific/Auckland)." in str(dry["DESCRIPTION"])
    for event in events:
        assert "Pacific/Auckland" in str(event["DESCRIPTION"])


def test_discreet_titles_say_nothing_of_the_treatment(bundled) -> None:
    plan = jessner(bundled, name="Ana Smith")
    data = plan_calendar(plan, STAMP, discreet=True)
    calendar = icalendar.Calendar.from_ical(data)
    shown = [str(calendar["X-WR-CALNAME"]), str(calendar["NAME"])]
    for event in calendar.walk("VEVENT"):
        shown.append(str(event["SUMMARY"]))
        shown += [str(alarm["DESCRIPTION"]) for alarm in event.walk("VALARM")]
    words = [plan.patient.name, treatment_name(plan.treatment), peel_label(plan.peel)]
    words += ["skin", "peel", "Jessner", "cream", "SPF"]
    words += [item_title(item) for item in plan.items] + [item_label(item) for item in plan.items]
    words += [p for item in plan.items for p in products(item.rule)]
    for text in shown:
        for word in words:
            assert word.lower() not in text.lower(), (word, text)
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert {"Aftercare reminder", "Aftercare: avoid until Fri 27 Nov 14:30", "Your aftercare plan"} <= summaries
    assert shown[0] == "Aftercare 13:00"  # the minute it was made, in the plan's zone: no rule text
    # The instructions are still there, behind a tap.
    assert "Apply SPF 50+ sunscreen" in data.decode().replace("\r\n ", "")
    # The same instants as the plain file.
    plain = _events(plan_calendar(plan, STAMP))
    assert sorted(e.decoded("DTSTART") for e in _events(data)) == sorted(e.decoded("DTSTART") for e in plain)


def test_json_items_carry_the_uid_of_their_calendar_event(bundled) -> None:
    from aftercare_cli.outputs.jsondoc import plan_document

    plan = jessner(bundled)
    by_uid = {str(e["UID"]): e for e in _events(plan_calendar(plan, STAMP))}
    document = plan_document(plan)
    assert document["calendar_uid"] in by_uid
    for item, source in zip(document["items"], plan.items, strict=True):
        event = by_uid[item["calendar_uid"]]
        assert event.decoded("DTSTART") == source.start
        said = item_title(source)
        assert said in str(event["DESCRIPTION"]).replace("\n", " ") or said == str(event["SUMMARY"])
    morning = [item["calendar_uid"] for item in document["items"] if item["start"] == "2026-11-27T07:00:00+13:00"]
    assert len(morning) == 4
    assert len(set(morning)) == 1


@given(st.binary(min_size=16, max_size=16), st.text())
def test_our_uuid5_is_the_standard_librarys(namespace: bytes, name: str) -> None:
    import uuid

    from aftercare_cli.outputs.identity import uuid5

    assert uuid5(namespace, name) == str(uuid.uuid5(uuid.UUID(bytes=namespace), name))


def test_each_discreet_title_matches_what_the_event_is(bundled) -> None:
    plan = jessner(bundled)
    neutral = {str(e["UID"]): str(e["SUMMARY"]) for e in _events(plan_calendar(plan, STAMP, discreet=True))}
    plain = {str(e["UID"]): e for e in _events(plan_calendar(plan, STAMP))}
    kinds = {(i.start.astimezone(timezone.utc), item_title(i)): i.kind for i in plan.items}
    for uid, event in plain.items():
        title, start = str(event["SUMMARY"]), event.decoded("DTSTART")
        kind = kinds.get((start, title), ItemKind.DO)  # a merged moment's title is its labels: reminders
        if title.startswith("Your aftercare plan"):
            assert neutral[uid] == "Your aftercare plan"
        elif kind is ItemKind.AVOID:
            assert neutral[uid].startswith("Aftercare: avoid until ")
        elif kind is ItemKind.ENDS:
            assert neutral[uid] == "Aftercare: a restriction ends"
        else:
            assert neutral[uid] == "Aftercare reminder"


def test_a_description_of_exactly_the_limit_is_kept_whole() -> None:
    def description(details: str) -> str:
        rule = rule_of("a", Kind.DO, "A", details, timing=Timing())
        data = plan_calendar(plan_for(ruleset_from_rule(rule), "2026-11-26T10:00", "UTC"), STAMP)
        (event,) = [e for e in IcsCalendarStream.calendar_from_ics(data.decode()).events if e.summary == "A"]
        assert event.description is not None
        return event.description

    overhead = len(description("x")) - 1
    exact = description("x" * (MAX_DESCRIPTION - overhead))
    assert len(exact) == MAX_DESCRIPTION
    assert "…" not in exact
    one_more = description("x" * (MAX_DESCRIPTION - overhead + 1))
    assert len(one_more) == MAX_DESCRIPTION
    assert one_more.endswith("…")


def test_the_alarm_goes_on_the_reminders_even_when_an_end_note_sorts_first() -> None:
    rules = ruleset_of(
        rule_of("dry", Kind.AVOID, "Dry", timing=Timing(end=until(10)), end_note="Dry time is over"),
        rule_of(
            "wash",
            Kind.DO,
            "Wash",
            timing=Timing(start=hours(10)),
        ),
    )
    plan = plan_for(rules, "2026-11-26T10:00", "UTC")
    at_eight = [e for e in _events(plan_calendar(plan, STAMP)) if e.decoded("DTSTART").hour == 20]
    alarms = {str(e["SUMMARY"]): len(list(e.walk("VALARM"))) for e in at_eight}
    assert alarms == {"Dry time is over": 0, "Wash": 1}


def test_a_discreet_window_ending_the_same_day_gives_the_time_alone() -> None:
    rules = ruleset_of(
        rule_of("dry", Kind.AVOID, "Dry", timing=Timing(end=until(10))),
        rule_of(
            "cool",
            Kind.AVOID,
            "Cool",
            timing=Timing(end=until(24)),
        ),
    )
    plan = plan_for(rules, "2026-11-26T08:00", "UTC")
    summaries = sorted(str(e["SUMMARY"]) for e in _events(plan_calendar(plan, STAMP, discreet=True)))
    assert summaries == [
        "Aftercare: avoid until 18:00",
        "Aftercare: avoid until Fri 27 Nov 08:00",
        "Your aftercare plan",
    ]


def test_uids_change_with_anything_an_event_shows(bundled) -> None:
    from dataclasses import replace

    from aftercare_cli.model import Contact

    def uids(ruleset: RuleSet) -> set[str]:
        data = plan_calendar(plan_for(ruleset, "2026-11-26T14:30", "Pacific/Auckland", "jessner"), STAMP)
        return {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}

    base = uids(bundled)
    relabelled = replace(bundled, rules=tuple(replace(r, label=Written.once(label(r) + "!")) for r in bundled.rules))
    with_contact = replace(bundled, treatment=replace(bundled.treatment, contact=Contact(phone="09 555 0100")))
    assert not uids(relabelled) & base
    assert not uids(with_contact) & base


def test_two_plans_made_a_minute_apart_have_calendars_of_different_names(bundled) -> None:
    plan = jessner(bundled, name="Ana Smith")
    for discreet in (False, True):
        first = icalendar.Calendar.from_ical(plan_calendar(plan, STAMP, discreet))
        second = icalendar.Calendar.from_ical(plan_calendar(plan, STAMP + timedelta(minutes=1), discreet))
        assert str(first["X-WR-CALNAME"]) != str(second["X-WR-CALNAME"])
        assert str(second["X-WR-CALNAME"]).endswith("13:01")
