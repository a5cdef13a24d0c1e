from datetime import time, timedelta

import pytest

from aftercare_cli.ruleset.timing.text import format_duration, parse_clock, parse_duration, parse_span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("4h", timedelta(hours=4)),
        ("7d", timedelta(days=7)),
        ("1w", timedelta(days=7)),
        ("1d12h", timedelta(hours=36)),
        (" 2H ", timedelta(hours=2)),
        ("0m", timedelta(0)),
    ],
)
def test_durations_read_from_their_text(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("4", "no unit"),
        ("480", "no unit"),
        ("4 hours", "not a duration"),
        ("", "not a duration"),
        ("h", "not a duration"),
        ("-4h", "not a duration"),
    ],
)
def test_bad_durations_say_how_to_write_them(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_duration(text)


def test_clock_times_are_24_hour() -> None:
    assert parse_clock("08:00") == time(8)
    assert parse_clock("8:00") == time(8)
    assert parse_clock("23:59") == time(23, 59)
    for bad in ("24:00", "8", "8am", "08:60", "480"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_clock(bad)


def test_formatting_round_trips() -> None:
    for minutes in (0, 1, 59, 60, 90, 1440, 1441, 10079):
        span = timedelta(minutes=minutes)
        assert parse_duration(format_duration(span)) == span


@pytest.mark.parametrize(("text", "units"), [("3d", "d"), ("72h", "h"), (" 1D12h ", "dh"), ("1w", "w"), ("90m", "m")])
def test_a_span_keeps_the_units_it_was_written_in(text: str, units: str) -> None:
    span = parse_span(text)
    assert span.value == parse_duration(text)
    assert span.units == units
