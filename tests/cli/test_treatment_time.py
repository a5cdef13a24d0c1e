from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli.inputs.treatment_time import parse_treatment_time
from aftercare_cli.errors import UsageError

AUCKLAND = ZoneInfo("Pacific/Auckland")
NOW = datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)  # 14:00 in Auckland


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", "2026-11-26T14:30:00+13:00"),
        ("2026-11-26 14:30", "2026-11-26T14:30:00+13:00"),
        ("2026-11-26T14:30:15", "2026-11-26T14:30:00+13:00"),  # the minute the desk sees
        ("2026-11-26T14:30+13:00", "2026-11-26T14:30:00+13:00"),
        ("2026-04-05T02:30+12:00", "2026-04-05T02:30:00+12:00"),  # the second 02:30
        ("now", "2026-11-26T14:00:00+13:00"),
    ],
)
def test_accepted_forms(text: str, expected: str) -> None:
    moment = parse_treatment_time(text, AUCKLAND, NOW)
    assert moment.isoformat() == expected
    assert moment.astimezone(timezone.utc) == datetime.fromisoformat(expected).astimezone(timezone.utc)


def test_now_is_the_minute_the_desk_sees() -> None:
    # At 16:03:04.5 UTC the table shows 05:03 (Auckland): the plan, its calendar and its JSON all say 05:03:00.
    moment = parse_treatment_time("now", AUCKLAND, datetime(2026, 12, 1, 16, 3, 4, 500000, tzinfo=timezone.utc))
    assert moment.isoformat() == "2026-12-02T05:03:00+13:00"


def test_typed_seconds_are_checked_then_dropped() -> None:
    assert parse_treatment_time("14:30:59", AUCKLAND, NOW).isoformat() == "2026-11-26T14:30:00+13:00"
    with pytest.raises(UsageError):
        parse_treatment_time("14:30:60", AUCKLAND, NOW)


def test_the_offset_picks_the_occurrence_in_a_fold() -> None:
    first = parse_treatment_time("2026-04-05T02:30+13:00", AUCKLAND, NOW)
    second = parse_treatment_time("2026-04-05T02:30+12:00", AUCKLAND, NOW)
    # The same wall time read twice: the offset decides which occurrence (fold 0 or 1).
    assert first.replace(tzinfo=None) == second.replace(tzinfo=None)
    assert (first.fold, first.utcoffset()) == (0, timedelta(hours=13))
    assert (second.fold, second.utcoffset()) == (1, timedelta(hours=12))
    assert second.astimezone(timezone.utc) - first.astimezone(timezone.utc) == timedelta(hours=1)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("03/04/2026", "write it as"),
        ("26 Nov 2026", "write it as"),
        ("2026-02-30 10:00", "no such date"),
        ("25:00", "no such time"),
        ("2026-09-27 02:30", "does not exist in Pacific/Auckland"),
        ("2026-04-05 02:30", "happens twice"),
        ("2026-11-26T14:30+01:00", "is not Pacific/Auckland's"),
        ("2026-11-26T01:30Z", "is not Pacific/Auckland's"),
        ("", "write it as"),
    ],
)
def test_refused_forms_say_why(text: str, fragment: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_treatment_time(text, AUCKLAND, NOW)
    assert fragment in caught.value.line()
    assert caught.value.exit_code == 2


def test_fold_message_gives_both_offsets() -> None:
    with pytest.raises(UsageError) as caught:
        parse_treatment_time("2026-04-05 02:30", AUCKLAND, NOW)
    assert "2026-04-05T02:30+13:00" in caught.value.line()
    assert "2026-04-05T02:30+12:00" in caught.value.line()


def test_utc_offset_agrees_with_utc() -> None:
    assert parse_treatment_time("2026-11-26T01:30Z", ZoneInfo("UTC"), NOW).isoformat() == "2026-11-26T01:30:00+00:00"


@pytest.mark.parametrize(
    ("text", "zone", "instant"),
    [
        ("2026-07-01T10:00-04:00", "America/New_York", "2026-07-01T14:00:00+00:00"),
        ("2026-11-26T10:00+05:30", "Asia/Kolkata", "2026-11-26T04:30:00+00:00"),
        ("2026-11-26T10:00+13:00", "Pacific/Auckland", "2026-11-25T21:00:00+00:00"),
    ],
)
def test_offsets_of_the_zone_are_accepted_at_the_right_instant(text: str, zone: str, instant: str) -> None:
    assert parse_treatment_time(text, ZoneInfo(zone), NOW).astimezone(timezone.utc).isoformat() == instant


def test_an_offset_larger_than_the_zones_is_refused() -> None:
    with pytest.raises(UsageError, match="is not Pacific/Auckland's"):
        parse_treatment_time("2026-11-26T10:00+14:00", AUCKLAND, NOW)


def test_the_fold_hint_in_a_us_zone_names_its_two_offsets() -> None:
    with pytest.raises(UsageError) as caught:
        parse_treatment_time("2026-11-01 01:30", ZoneInfo("America/New_York"), NOW)
    assert "2026-11-01T01:30-04:00" in caught.value.line()
    assert "2026-11-01T01:30-05:00" in caught.value.line()


@pytest.mark.parametrize("text", ["today", "tomorrow 10:00", "yesterday", "noon"])
def test_words_are_refused_not_read_as_now(text: str) -> None:
    with pytest.raises(UsageError, match="is not a time this tool reads"):
        parse_treatment_time(text, AUCKLAND, NOW)


@pytest.mark.parametrize(("text", "ok"), [("1900-01-01 10:00", True), ("2999-12-31 10:00", True),
                                          ("1899-12-31 10:00", False), ("3000-01-01 10:00", False)])  # fmt: skip
def test_the_treatment_year_bounds(text: str, ok: bool) -> None:
    if ok:
        assert parse_treatment_time(text, ZoneInfo("UTC"), NOW).year in (1900, 2999)
    else:
        with pytest.raises(UsageError, match="is out of range"):
            parse_treatment_time(text, ZoneInfo("UTC"), NOW)


@pytest.mark.parametrize(
    ("text", "zone", "line"),
    [
        (
            "2026-11-26T01:30Z",
            "Pacific/Auckland",
            "--at '2026-11-26T01:30Z': the offset +00:00 is not Pacific/Auckland's at that time (+13:00); "
            "drop the offset, or give --tz the zone the time was written in",
        ),
        (
            "2026-11-26T10:00-03:30",
            "UTC",
            "--at '2026-11-26T10:00-03:30': the offset -03:30 is not UTC's at that time (+00:00); "
            "drop the offset, or give --tz the zone the time was written in",
        ),
    ],
)
def test_the_whole_offset_message_with_zero_and_negative_offsets(text: str, zone: str, line: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_treatment_time(text, ZoneInfo(zone), NOW)
    assert caught.value.line() == line


def test_an_offset_with_seconds_is_shown_whole() -> None:
    # Liberia kept local mean time, 44 minutes 30 seconds behind UTC, until 1972.
    with pytest.raises(UsageError) as caught:
        parse_treatment_time("1950-06-01T10:00+00:00", ZoneInfo("Africa/Monrovia"), NOW)
    assert "the offset +00:00 is not Africa/Monrovia's at that time (-00:44:30)" in caught.value.line()
