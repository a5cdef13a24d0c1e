"""Every face names the same instants, for random zones, dates, treatment times and sleep patterns.

The zones include half-hour and three-quarter-hour offsets, a half-hour daylight-saving shift (Lord Howe),
changes at midnight (Havana), Ramadan's suspension (Casablanca) and zones whose rules changed in the past
(Tehran, Sao Paulo, Moscow); treatment times are drawn around the zone's own clock changes, in both
directions, and on the second occurrence of a repeated hour. For each plan it checks:

- the JSON, the timeline's "since" column (real elapsed time), the calendar read by two independent
  readers, the desk's table and the handout's grid all name the plan's instants;
- spans written in days, weeks and months keep their clock time, except where the clock skips it;
- no alarm rings in the sleep hours unless its rule keeps it, and no two alarms ring at one instant;
- a series is never closer than its interval.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta, timezone
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from aftercare_cli.cli.inputs.choices import pick_peel
from aftercare_cli.core.localtime import at_local, clock_changes, local_time_problem
from aftercare_cli.core.planner import make_plan
from aftercare_cli.core.waking import asleep
from aftercare_cli.model import ItemKind, Kind, Patient, Plan, RuleSet, WhenAsleep, instant, nominal_days
from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.outputs.glance import glance_view
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.outputs.jsondoc import plan_document
from aftercare_cli.outputs.moments import plan_moments
from aftercare_cli.outputs.timeline import timeline_view
from aftercare_cli.outputs.wording import when
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.speech import day, day_with_year
from conftest import ruleset_from

ROOT = Path(__file__).resolve().parents[2]
ZONES = [
    "Pacific/Auckland",
    "Europe/London",
    "America/New_York",
    "America/Havana",  # clocks change at midnight
    "Africa/Casablanca",  # back an hour each Ramadan
    "Australia/Lord_Howe",  # a half-hour change
    "Australia/Adelaide",  # +09:30 / +10:30
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/St_Johns",  # -03:30 / -02:30
    "Asia/Kolkata",  # +05:30, no change
    "Asia/Tehran",  # daylight saving until 2022
    "America/Sao_Paulo",  # daylight saving until 2019
    "Europe/Moscow",  # changed its rules in 2011 and 2014
]
PATIENTS = [Patient(), Patient(wake=time(15, 0), bedtime=time(7, 0)), Patient(wake=time(5, 30), bedtime=time(21, 15))]
# Every span the format has that is nominal (days, weeks, months) beside exact hours, in one file.
NOMINAL = """
- {id: cool, kind: avoid, title: Cool, for: 2d, end_note: Cool is over}
- {id: sun, kind: avoid, title: No sun, start: -3d, until: 0m}
- {id: month, kind: avoid, title: A month, for: 1mo}
- {id: weeks, kind: avoid, title: Weeks, start: 1d, for: 2w}
- {id: daily, kind: do, title: Daily, every: 1d, for: 5d, when_asleep: keep}
- {id: weekly, kind: do, title: Weekly, every: 1w, for: 4w, when_asleep: wake}
- {id: hourly, kind: do, title: Hourly, every: 5h, for: 2d}
- {id: clocks, kind: do, title: Clocks, at: ["02:30", "13:00", bedtime], for: 4d, when_asleep: keep}
- {id: nights, kind: avoid, title: Nights, nights: 1-2}
- {id: days, kind: do, title: Days, days: 2-3, at: [wake]}
- {id: book, kind: follow_up, title: Book, after: 1mo-6w, repeat: 2}
"""


def _rulesets() -> list[RuleSet]:
    (every_feature,) = load_rulesets(ROOT / "examples" / "every-feature.yaml")
    return [every_feature, ruleset_from(NOMINAL)]


RULESETS = _rulesets()


@st.composite
def treatments(draw: st.DrawFn) -> tuple[ZoneInfo, datetime]:
    """A treatment time in a zone: any minute of 2017-2029, or one within three days of a clock change (half the
    draws), on the second occurrence of a repeated hour where it has one (half of those)."""
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    day = draw(st.dates(min_value=date(2017, 1, 1), max_value=date(2029, 12, 31)))
    moment = datetime.combine(day, time(0), tzinfo=timezone.utc)
    changes = clock_changes(zone, moment, moment + timedelta(days=366))
    near_a_change = draw(st.booleans())
    if changes and near_a_change:
        change = draw(st.sampled_from(changes))
        moment = change.at.astimezone(timezone.utc) + timedelta(minutes=draw(st.integers(-3 * 1440, 3 * 1440)))
    else:
        moment += timedelta(minutes=draw(st.integers(0, 1439)))
    local = moment.astimezone(zone).replace(second=0, microsecond=0)
    problem = local_time_problem(local.replace(fold=0))
    if problem == "fold" and draw(st.booleans()):
        local = local.replace(fold=1).astimezone(timezone.utc).astimezone(zone)  # the second occurrence
    return zone, local


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(treatments(), st.sampled_from(PATIENTS), st.sampled_from(range(len(RULESETS))))
def test_every_face_names_the_same_true_instants(
    treatment: tuple[ZoneInfo, datetime], patient: Patient, which: int
) -> None:
    zone, treated = treatment
    ruleset = RULESETS[which]
    for peel in ruleset.peels or [pick_peel(ruleset, None)]:
        plan = make_plan(ruleset, peel, treated, zone, patient)
        where = f"{zone.key} {treated.isoformat()} wake {patient.wake} peel {peel.id}"
        _json_names_the_instants(plan, where)
        _timeline_says_the_elapsed_time(plan, where)
        _calendar_readers_see_the_moments(plan, where)
        _desk_view_says_each_first_and_last(plan, where)
        _handout_ticks_each_reminder(plan, where)
        _nominal_spans_keep_their_clock(plan, where)
        _alarms_ring_awake_and_once(plan, where)
        _series_keep_their_interval(plan, where)


def _json_names_the_instants(plan: Plan, where: str) -> None:
    document = plan_document(plan)
    # By instant: an aware time in a repeated hour never equals one of another zone (PEP 495).
    assert [instant(datetime.fromisoformat(item["start"])) for item in document["items"]] == [
        instant(i.start) for i in plan.items
    ], where


_SINCE = re.compile(r"^\S+\s+([+-](?:\d+d)?\s?(?:\d+h)?\s?(?:\d+m)?)\s", re.MULTILINE)


def _since(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = {unit: int(number) for number, unit in re.findall(r"(\d+)([dhm])", text)}
    return sign * timedelta(days=parts.get("d", 0), hours=parts.get("h", 0), minutes=parts.get("m", 0))


def _timeline_says_the_elapsed_time(plan: Plan, where: str) -> None:
    console = Console(file=io.StringIO(), width=200, color_system=None, force_terminal=False)
    console.print(timeline_view(plan))
    shown = {_since(found.strip()) for found in _SINCE.findall(console.file.getvalue())}  # type: ignore[attr-defined]
    treated = instant(plan.treated_at)
    expected = {instant(moment.start) - treated for moment in plan_moments(plan)}
    expected |= {instant(skip.planned) - treated for skip in plan.skipped}
    assert shown == expected, where


def _calendar_readers_see_the_moments(plan: Plan, where: str) -> None:
    data = plan_calendar(plan, plan.treated_at)
    reminder = timedelta(minutes=15)  # what a reminder (and the overview note) lasts in the calendar
    expected = sorted(
        [
            (instant(m.start), instant(m.items[0].end) if m.items[0].end else instant(m.start) + reminder)
            for m in plan_moments(plan)
        ]
        + [(instant(plan.treated_at), instant(plan.treated_at) + reminder)]  # the overview note
    )
    calendar = icalendar.Calendar.from_ical(data)
    assert sorted((e.decoded("DTSTART"), e.decoded("DTEND")) for e in calendar.walk("VEVENT")) == expected, where
    first, last = expected[0][0], max(end for _, end in expected)
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(first, last + timedelta(days=1))
    assert sorted((instant(e.decoded("DTSTART")), instant(e.decoded("DTEND"))) for e in expanded) == expected, where


def _desk_view_says_each_first_and_last(plan: Plan, where: str) -> None:
    console = Console(file=io.StringIO(), width=400, color_system=None, force_terminal=False)
    console.print(glance_view(plan))
    text = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    for item in plan.items:
        if item.kind is ItemKind.AVOID and item.end is not None and item.earliest_end is None:
            vague = item.rule.timing is not None and bool(item.rule.timing.end_words)
            # A vague end is said as the day it usually comes, never as a minute the clinic did not give.
            assert (day(item.end) if vague else when(item.end)) in text, (where, item.rule_id)
    for rule in {item.rule.id: item.rule for item in plan.items if item.kind is ItemKind.DO}.values():
        if rule.continues or any(other.continues == rule.id for other in plan.rules):
            continue  # one row for a step in phases
        times = [item.start for item in plan.items if item.rule_id == rule.id and item.kind is ItemKind.DO]
        assert when(times[0]) in text, (where, rule.id)
        assert when(times[-1])[-5:] in text, (where, rule.id)


class _Boxes(HTMLParser):
    """How many tick boxes each day's row of the handout's week has."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[int] = []
        self.in_week = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.in_week = "week" in (dict(attrs).get("class") or "").split()
        if tag == "tr" and self.in_week:
            self.rows.append(0)
        if tag == "span" and ("class", "box") in attrs and self.in_week:
            self.rows[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.in_week = False


def _handout_ticks_each_reminder(plan: Plan, where: str) -> None:
    page = plan_handout(plan, plan.treated_at)
    boxes = _Boxes()
    boxes.feed(page)
    days: dict[date, int] = {}
    for item in plan.items:
        if item.kind is ItemKind.DO and item.rule.kind is Kind.FOLLOW_UP:  # a dated line of its own, not a row
            assert day_with_year(item.start) in page, where
        elif item.kind is ItemKind.DO:
            days[item.start.date()] = days.get(item.start.date(), 0) + 1
    assert [count for count in boxes.rows if count] == [days[day] for day in sorted(days)], where


def _nominal_spans_keep_their_clock(plan: Plan, where: str) -> None:
    zone = ZoneInfo(plan.zone)
    for item in plan.items:
        timing = item.rule.timing
        if item.kind is not ItemKind.AVOID or item.end is None or timing is None or timing.end is None:
            continue
        span, counted = timing.end.span, item.start if timing.end.from_start else plan.treated_at
        if span.range is None and (span.months or nominal_days(span)) and span.value == timedelta(days=span.value.days):
            _same_clock_unless_skipped(counted, item.end, zone, where)
    for rule in {item.rule.id: item.rule for item in plan.items}.values():
        timing = rule.timing
        if rule.kind is Kind.DO and timing and timing.every and nominal_days(timing.every) and not timing.days:
            starts = [i.start for i in plan.items if i.rule_id == rule.id]
            moved = any(i.moved_from for i in plan.items if i.rule_id == rule.id)
            for later in starts[1:] if not moved else []:  # each at the first one's clock time
                _same_clock_unless_skipped(starts[0], later, zone, where)


def _same_clock_unless_skipped(base: datetime, moment: datetime, zone: ZoneInfo, where: str) -> None:
    """`moment` reads `base`'s clock time on its own day, unless that day's clock skips it (RFC 5545 3.3.5)."""
    wanted = base.astimezone(zone).time().replace(fold=0)
    day = moment.astimezone(zone).date()
    if local_time_problem(datetime.combine(day, wanted, tzinfo=zone)) == "gap":
        assert instant(moment) == instant(at_local(day, wanted, zone)), where
    else:
        assert moment.astimezone(zone).time() == wanted, where


def _alarms_ring_awake_and_once(plan: Plan, where: str) -> None:
    calendar = icalendar.Calendar.from_ical(plan_calendar(plan, plan.treated_at))
    ringing = [instant(e.decoded("DTSTART")) for e in calendar.walk("VEVENT") if e.walk("VALARM")]
    assert len(ringing) == len(set(ringing)), where
    kept = {rule.id for rule in plan.rules if rule.timing and rule.timing.when_asleep is WhenAsleep.KEEP}
    for item in plan.items:
        if item.kind is ItemKind.DO and item.remind and item.rule_id not in kept:
            assert not asleep(item.start, plan.patient), (where, item.rule_id, item.start)


def _series_keep_their_interval(plan: Plan, where: str) -> None:
    for rule in plan.rules:
        timing = rule.timing
        if rule.kind is not Kind.DO or timing is None or timing.every is None:
            continue
        starts = [item.start for item in plan.items if item.rule_id == rule.id]
        for earlier, later in pairwise(starts):
            if nominal_days(timing.every):  # calendar days: on the clock, a day or more apart
                assert (later.date() - earlier.date()).days >= timing.every.value.days, (where, rule.id)
            else:
                assert instant(later) - instant(earlier) >= timing.every.value, (where, rule.id)
