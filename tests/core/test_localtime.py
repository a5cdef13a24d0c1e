from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from aftercare_cli.core.localtime import at_local, clock_changes, later, local_time_problem
from aftercare_cli.model import Span

AUCKLAND = ZoneInfo("Pacific/Auckland")


def test_gap_time_moves_forward_by_the_gap() -> None:
    # 2026-09-27 02:00 -> 03:00 in Auckland: 02:30 becomes 03:30 NZDT (RFC 5545 3.3.5).
    moment = at_local(date(2026, 9, 27), time(2, 30), AUCKLAND)
    assert (moment.hour, moment.minute) == (3, 30)
    assert moment.utcoffset() == timedelta(hours=13)


def test_fold_time_means_the_first_occurrence() -> None:
    # 2026-04-05 03:00 -> 02:00 in Auckland: 02:30 happens at +13:00 first.
    moment = at_local(date(2026, 4, 5), time(2, 30), AUCKLAND)
    assert moment.utcoffset() == timedelta(hours=13)
    assert moment.astimezone(timezone.utc) == datetime(2026, 4, 4, 13, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("zone", "wall", "expected"),
    [
        ("Pacific/Auckland", "2026-09-27T02:30", "gap"),
        ("Pacific/Auckland", "2026-04-05T02:30", "fold"),
        ("Australia/Sydney", "2026-10-04T02:15", "gap"),
        ("Australia/Sydney", "2026-04-05T02:59", "fold"),
        ("Europe/London", "2026-03-29T01:30", "gap"),
        ("Europe/London", "2026-10-25T01:30", "fold"),
        ("America/New_York", "2026-03-08T02:30", "gap"),
        ("America/New_York", "2026-11-01T01:30", "fold"),
        ("Europe/London", "2026-10-25T02:00", ""),
        ("Pacific/Auckland", "2026-11-26T14:30", ""),
    ],
)
def test_gap_and_fold_detection(zone: str, wall: str, expected: str) -> None:
    assert local_time_problem(datetime.fromisoformat(wall).replace(tzinfo=ZoneInfo(zone))) == expected


ZONES = ["Pacific/Auckland", "Australia/Sydney", "Europe/London", "America/New_York", "Australia/Lord_Howe"]


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    wall=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1)),
)
def test_detection_agrees_with_dateutil(zone: str, wall: datetime) -> None:
    aware = wall.replace(tzinfo=ZoneInfo(zone))
    exists = dateutil_tz.datetime_exists(aware)
    problem = local_time_problem(aware)
    assert (problem == "gap") == (not exists)
    if exists:
        assert (problem == "fold") == dateutil_tz.datetime_ambiguous(aware)


@pytest.mark.parametrize(
    ("zone", "begins", "at", "shift"),
    [
        ("Pacific/Auckland", "2026-04-04T20:00+13:00", "2026-04-05T02:00:00+12:00", -60),  # back at 03:00
        ("Pacific/Auckland", "2026-09-26T20:00+12:00", "2026-09-27T03:00:00+13:00", 60),  # forward at 02:00
        ("Europe/London", "2026-10-24T20:00+01:00", "2026-10-25T01:00:00+00:00", -60),  # back at 02:00
        ("Europe/London", "2026-03-28T20:00+00:00", "2026-03-29T02:00:00+01:00", 60),  # forward at 01:00
        ("Australia/Lord_Howe", "2026-04-04T20:00+11:00", "2026-04-05T01:30:00+10:30", -30),  # half an hour
    ],
)
def test_a_clock_change_is_found_to_the_second(zone: str, begins: str, at: str, shift: int) -> None:
    start = datetime.fromisoformat(begins)
    (change,) = clock_changes(ZoneInfo(zone), start, start + timedelta(days=7))
    assert change.at.isoformat() == at
    assert change.shift == timedelta(minutes=shift)
    # Exactly there: a second earlier the old offset, at it the new one (checked by dateutil, independently).
    reference = dateutil_tz.gettz(zone)
    instant = change.at.astimezone(timezone.utc)
    before = (instant - timedelta(seconds=1)).astimezone(reference).utcoffset()
    after = instant.astimezone(reference).utcoffset()
    assert before is not None
    assert after is not None
    assert after - before == change.shift


def test_a_clock_change_at_an_odd_second_is_found_at_it() -> None:
    # Dublin left its own summer time (34 minutes 39 seconds ahead) for GMT at 02:25:21 UTC on 1 Oct 1916: a
    # change on no whole minute, found to its second from a plan that begins on one.
    dublin = ZoneInfo("Europe/Dublin")
    start = datetime(1916, 9, 30, 20, 0, tzinfo=timezone.utc)
    (change,) = clock_changes(dublin, start, start + timedelta(days=7))
    assert change.at.astimezone(timezone.utc) == datetime(1916, 10, 1, 2, 25, 21, tzinfo=timezone.utc)
    assert change.shift == -timedelta(minutes=34, seconds=39)
    a_second_before = change.at.astimezone(timezone.utc) - timedelta(seconds=1)
    assert a_second_before.astimezone(dublin).utcoffset() == timedelta(minutes=34, seconds=39)


def test_clock_changes_are_those_within_the_span_only() -> None:
    london = ZoneInfo("Europe/London")
    year = clock_changes(london, datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert [(c.at.date().isoformat(), c.shift) for c in year] == [
        ("2026-03-29", timedelta(hours=1)),
        ("2026-10-25", timedelta(hours=-1)),
    ]
    change = year[1].at
    assert clock_changes(london, change, change + timedelta(days=1)) == ()  # after `begins`, not at it
    assert clock_changes(london, change - timedelta(days=1), change) == (year[1],)  # up to and with `ends`
    assert clock_changes(ZoneInfo("UTC"), datetime(2026, 1, 1, tzinfo=timezone.utc), change) == ()


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2027-12-31", 2, "2028-02-29"),  # into a leap February of the next year
        ("2027-11-30", 3, "2028-02-29"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-12-31", 2, "2027-02-28"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2026-11-30", 1, "2026-12-30"),
        ("2026-12-31", 12, "2027-12-31"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-01-15", 25, "2028-02-15"),
        ("2076-01-31", 1, "2076-02-29"),  # a leap year 24 years before one that is not (2100)
    ],
)
def test_a_month_on_is_the_same_day_or_the_months_last(start: str, months: int, expected: str) -> None:
    moment = datetime.fromisoformat(f"{start}T10:00").replace(tzinfo=AUCKLAND)
    ends = later(moment, Span(timedelta(0), "M", months), AUCKLAND)
    assert (
        ends.astimezone(AUCKLAND).isoformat()
        == datetime.fromisoformat(f"{expected}T10:00").replace(tzinfo=AUCKLAND).isoformat()
    )
    # python-dateutil's relativedelta, an independent reading of "a month later": the same day, or the last.
    assert ends.astimezone(AUCKLAND).date() == date.fromisoformat(start) + relativedelta(months=months)
