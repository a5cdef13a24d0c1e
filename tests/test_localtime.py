from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import given, settings
from hypothesis import strategies as st

from aftercare_cli.core.localtime import at_local, local_time_problem

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
