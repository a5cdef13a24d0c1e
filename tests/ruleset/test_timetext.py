from datetime import time, timedelta

import pytest

from aftercare_cli.ruleset.timing.text import (
    format_duration,
    parse_clock,
    parse_days,
    parse_duration,
    parse_offset,
    parse_span,
    parse_span_or_range,
)


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


# --- the edges of each reader, one fact each (the mutation run found them unpinned) ----------------------------


@pytest.mark.parametrize("text", ["zz", "xyz", "u"])
def test_a_word_after_told_in_the_alphabet_is_not_told(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_span(text)
    with pytest.raises(ValueError, match="is not a duration"):
        parse_offset(text)


def test_told_is_a_start_or_an_until_and_only_in_lowercase() -> None:
    assert parse_offset("told").told
    with pytest.raises(ValueError, match="lowercase"):
        parse_offset("Told")
    with pytest.raises(ValueError, match="is for start or until"):
        parse_span("told")


def test_a_number_too_long_to_be_a_length_is_refused_before_it_is_read() -> None:
    # Ten digits of weeks would overflow a timedelta; it is refused as longer than a year, never an OverflowError.
    for text in ("9999999999w", "9999999999d", "9999999999m", "999999999999mo"):
        with pytest.raises(ValueError, match="longer than a year"):
            parse_span(text)


def test_months_count_against_the_year() -> None:
    assert parse_span("12mo").months == 12  # 12 x 30 days: within the year
    with pytest.raises(ValueError, match="longer than a year"):
        parse_span("13mo")
    with pytest.raises(ValueError, match="longer than a year"):
        parse_span("12mo7d")


def test_a_range_with_a_bare_first_number_takes_a_single_unit_only() -> None:
    assert parse_span_or_range("3-5d").bounds()[0] == parse_span("3d")
    assert parse_span_or_range("2-3mo").bounds()[0].months == 2
    with pytest.raises(ValueError, match="has no unit"):  # "1d12h" has two units: the 3 is not given one
        parse_span_or_range("3-1d12h")


def test_a_start_before_the_treatment_is_negative_in_months_too() -> None:
    before = parse_offset("-2mo")
    assert (before.months, before.value) == (-2, timedelta(0))
    assert parse_offset("-10d").value == -timedelta(days=10)


@pytest.mark.parametrize(
    ("text", "days"), [("1", (1, 1)), ("3-7", (3, 7)), ("366", (366, 366)), ("0012", (12, 12)), ("1-0366", (1, 366))]
)
def test_days_read_whole_numbers_up_to_a_year(text: str, days: tuple[int, int]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["367", "1-367", "1234", "1-1234", "00012", "9" * 5000])
def test_days_past_a_year_are_refused_whatever_their_digits(text: str) -> None:
    with pytest.raises(ValueError, match="longer than a year"):
        parse_days(text)


@pytest.mark.parametrize(
    ("minutes", "text"), [(90, "1h30m"), (1, "1m"), (0, "0m"), (-1, "-1m"), (-90, "-1h30m"), (1440 * 366, "366d")]
)
def test_a_duration_is_written_back_shortest_with_its_sign(minutes: int, text: str) -> None:
    assert format_duration(timedelta(minutes=minutes)) == text
