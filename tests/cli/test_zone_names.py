from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli.inputs.zone_names import is_region_zone, machine_zone_name, zone_from_name
from aftercare_cli.errors import UsageError

AUCKLAND = ZoneInfo("Pacific/Auckland")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("Europe/Londn", "Europe/London"),
        ("europe/london", "Europe/London"),
        ("UTC+5", "IANA name"),
        ("GMT-3", "IANA name"),
        ("/etc/localtime", "IANA name"),
        ("../../etc/passwd", "IANA name"),
        ("", "IANA name"),
    ],
)
def test_bad_zone_names_are_refused_with_a_suggestion(name: str, fragment: str) -> None:
    with pytest.raises(UsageError) as caught:
        zone_from_name(name)
    assert fragment in caught.value.line()


def test_machine_zone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    assert machine_zone_name() == "Pacific/Auckland"


def test_machine_zone_without_tz_reads_the_localtime_link(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TZ", raising=False)
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/London")
    assert machine_zone_name(str(link)) == "Europe/London"


def test_machine_zone_falls_back_to_utc_only_when_nothing_can_be_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    link = tmp_path / "localtime"
    link.symlink_to(tmp_path / "zoneinfo" / "Nowhere" / "Special")  # names no real zone
    assert machine_zone_name(str(link)) == "UTC"
    assert machine_zone_name(str(tmp_path / "missing")) == "UTC"


@pytest.mark.parametrize("value", ["garbage", "NZST-12NZDT", "Not/AZone", "../../etc/passwd"])
def test_a_tz_that_names_no_zone_is_not_guessed(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TZ", value)
    with pytest.raises(UsageError) as caught:
        machine_zone_name()
    assert caught.value.line() == (
        f"this computer's time zone could not be read ($TZ is {value!r}); "
        "give the zone with --tz, e.g. --tz Pacific/Auckland"
    )


@pytest.mark.parametrize("name", ["EST", "MST", "HST", "EST5EDT", "Etc/GMT+5", "GMT", "NZ", "US/Eastern"])
def test_legacy_and_fixed_offset_names_are_refused_unless_asked_for(name: str) -> None:
    with pytest.raises(UsageError, match="legacy or fixed-offset"):
        zone_from_name(name)
    assert zone_from_name(name, fixed_offset=True).key == name


@pytest.mark.parametrize("name", ["UTC", "Etc/UTC", "America/New_York", "America/Argentina/Buenos_Aires"])
def test_region_names_and_utc_stay_valid(name: str) -> None:
    assert zone_from_name(name).key == name


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("europe/london", "unknown time zone 'europe/london'; did you mean Europe/London?"),
        (
            "Europe/Londn",
            "unknown time zone 'Europe/Londn'; did you mean Europe/London or Europe/Lisbon or Europe/Oslo?",
        ),
        (
            "Nowhere/Special",
            "unknown time zone 'Nowhere/Special'; use an IANA name such as Pacific/Auckland or Europe/London",
        ),
    ],
)
def test_the_whole_suggestion_line(name: str, line: str) -> None:
    # At most three close names, the closest first; a case-only typo gets the one right spelling.
    with pytest.raises(UsageError) as caught:
        zone_from_name(name)
    assert caught.value.line() == line


@pytest.mark.parametrize("name", ["right/America/New_York", "posix/Europe/London", "SystemV/EST5", "Etc/UTC", "UTC"])
def test_leap_second_posix_and_system_v_copies_are_not_region_names(name: str) -> None:
    assert is_region_zone(name) == (name in ("Etc/UTC", "UTC"))
