from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import zoneinfo
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli.inputs import zone_names
from aftercare_cli.cli.inputs.zone_names import (
    desk_zone_name,
    guessed_zone,
    is_region_zone,
    machine_zone_name,
    zone_from_name,
)
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
            "unknown time zone 'Nowhere/Special'; use an IANA name such as Pacific/Auckland or Europe/London; "
            "'timedatectl list-timezones' lists them",
        ),
    ],
)
def test_the_whole_suggestion_line(name: str, line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")  # the way to list zones is the platform's
    # At most three close names, the closest first; a case-only typo gets the one right spelling.
    with pytest.raises(UsageError) as caught:
        zone_from_name(name)
    assert caught.value.line() == line


@pytest.mark.parametrize("name", ["right/America/New_York", "posix/Europe/London", "SystemV/EST5", "Etc/UTC", "UTC"])
def test_leap_second_posix_and_system_v_copies_are_not_region_names(name: str) -> None:
    assert is_region_zone(name) == (name in ("Etc/UTC", "UTC"))


# This computer's zone. Each test reads a folder of its own as the system's root (`SYSTEM_ROOT`, tzlocal's own
# seam): the real /etc is never touched, and what this machine happens to be set to never matters.


def _zone_file(name: str) -> Path:
    """The zone database's file for `name`, where zoneinfo finds it (the system's, else the tzdata package's)."""
    package = importlib.util.find_spec("tzdata")
    folders = [Path(folder) for folder in zoneinfo.TZPATH]
    folders += [Path(place, "zoneinfo") for place in (package and package.submodule_search_locations) or []]
    found = next((folder / name for folder in folders if (folder / name).is_file()), None)
    assert found is not None, f"no zone file for {name}"
    return found


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty system root that the tool reads as this computer's, with $TZ unset; the test writes its etc/."""
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    monkeypatch.setattr(zone_names, "SYSTEM_ROOT", str(root))
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    return root


def test_the_zone_follows_tz_over_the_system_setting(machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (machine / "etc" / "timezone").write_text("Europe/London\n")
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    assert machine_zone_name() == "Pacific/Auckland"
    monkeypatch.setenv("TZ", ":Pacific/Auckland")  # glibc's form
    assert machine_zone_name() == "Pacific/Auckland"
    monkeypatch.delenv("TZ")
    assert machine_zone_name() == "Europe/London"


def test_the_localtime_link_names_the_zone(machine: Path) -> None:
    (machine / "etc" / "localtime").symlink_to(_zone_file("Europe/London"))
    assert machine_zone_name() == "Europe/London"


def test_a_link_into_the_posix_tree_names_the_zone_itself(machine: Path) -> None:
    try:
        ZoneInfo("posix/Europe/London")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("this zone database has no posix/ tree")
    posix = machine / "usr" / "share" / "zoneinfo" / "posix" / "Europe"
    posix.mkdir(parents=True)
    shutil.copy(_zone_file("Europe/London"), posix / "London")
    (machine / "etc" / "localtime").symlink_to(posix / "London")
    assert machine_zone_name() == "Europe/London"  # tzlocal says posix/Europe/London: the same zone


def test_a_mac_link_into_var_db_timezone_names_the_zone(machine: Path) -> None:
    # macOS: /etc/localtime -> /var/db/timezone/zoneinfo/Europe/Paris, set by System Settings.
    folder = machine / "var" / "db" / "timezone" / "zoneinfo" / "Europe"
    folder.mkdir(parents=True)
    shutil.copy(_zone_file("Europe/Paris"), folder / "Paris")
    (machine / "etc" / "localtime").symlink_to(folder / "Paris")
    assert machine_zone_name() == "Europe/Paris"


def test_a_copied_localtime_is_named_by_the_zone_it_is_a_copy_of(machine: Path) -> None:
    shutil.copy(_zone_file("Pacific/Auckland"), machine / "etc" / "localtime")
    assert not (machine / "etc" / "localtime").is_symlink()
    assert machine_zone_name() == "Pacific/Auckland"


def test_only_etc_timezone_names_the_zone(machine: Path) -> None:
    (machine / "etc" / "timezone").write_text("America/Argentina/Buenos_Aires\n")
    assert machine_zone_name() == "America/Argentina/Buenos_Aires"


def test_nothing_to_read_is_none_and_the_desk_gets_utc_as_a_guess(machine: Path) -> None:
    assert machine_zone_name() is None
    assert desk_zone_name(None) == ("UTC", True)
    assert desk_zone_name("Europe/Paris") == ("Europe/Paris", False)


def test_a_localtime_that_is_no_zone_file_is_nothing_to_read(machine: Path) -> None:
    (machine / "etc" / "localtime").write_bytes(b"")
    assert machine_zone_name() is None
    (machine / "etc" / "localtime").unlink()
    (machine / "etc" / "localtime").symlink_to(machine / "nowhere")  # a link to nothing
    assert machine_zone_name() is None


def test_a_copied_zone_file_the_database_does_not_have_is_refused_naming_it(machine: Path) -> None:
    data = bytearray(_zone_file("Pacific/Auckland").read_bytes())
    data[-2] ^= 0x01  # the footer's rule changed: a zone file, but no copy of any zone here
    (machine / "etc" / "localtime").write_bytes(bytes(data))
    with pytest.raises(UsageError) as caught:
        machine_zone_name()
    assert caught.value.line() == (
        f"this computer's time zone could not be named ({machine}/etc/localtime is a copy of no zone in the "
        "time zone database); give the zone with --tz, e.g. --tz Pacific/Auckland; "
        "'timedatectl list-timezones' lists them"
    )


def test_a_setting_that_names_no_zone_is_refused_naming_it(machine: Path) -> None:
    (machine / "etc" / "timezone").write_text("Mars/Olympus_Mons\n")
    with pytest.raises(UsageError) as caught:
        machine_zone_name()
    assert caught.value.line().startswith(
        "this computer's time zone setting names 'Mars/Olympus_Mons', which is not a zone; give the zone with --tz"
    )


def test_settings_that_disagree_are_refused_naming_both(machine: Path) -> None:
    (machine / "etc" / "localtime").symlink_to(_zone_file("Europe/London"))
    (machine / "etc" / "sysconfig").mkdir()
    (machine / "etc" / "sysconfig" / "clock").write_text('ZONE="Europe/Paris"\n')
    with pytest.raises(UsageError) as caught:
        machine_zone_name()
    line = caught.value.line()
    assert line.startswith("this computer's time zone settings disagree (")
    assert "etc/sysconfig/clock: Europe/Paris" in line
    assert "is a symlink to: Europe/London" in line


def test_a_stale_etc_timezone_gives_way_to_the_link_silently(machine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Debian-like: the link is what the C library reads; tzlocal trusts it and says so in a log line we keep quiet.
    (machine / "etc" / "localtime").symlink_to(_zone_file("Pacific/Auckland"))
    (machine / "etc" / "timezone").write_text("Europe/London\n")
    assert machine_zone_name() == "Pacific/Auckland"
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("value", ["garbage", "NZST-12NZDT", "Not/AZone", "../../etc/passwd"])
def test_a_tz_that_names_no_zone_is_not_guessed(machine: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    (machine / "etc" / "timezone").write_text("Europe/London\n")  # not used instead
    monkeypatch.setenv("TZ", value)
    with pytest.raises(UsageError) as caught:
        machine_zone_name()
    assert caught.value.line() == (
        f"this computer's time zone could not be read ($TZ is {value!r}); "
        "give the zone with --tz, e.g. --tz Pacific/Auckland; 'timedatectl list-timezones' lists them"
    )


# The desk's plan, through the command line.

PLAN = ("plan", "--peel", "jessner", "--at", "2026-11-26 14:30", "--format", "json")


@pytest.mark.parametrize(
    ("setting", "zone", "offset"),
    [
        ("copied", "Pacific/Auckland", "+13:00"),
        ("timezone", "Europe/London", "+00:00"),
        ("link", "America/New_York", "-05:00"),
    ],
)
def test_the_desks_plan_is_in_the_machines_zone(run_cli, machine: Path, setting: str, zone: str, offset: str) -> None:
    etc = machine / "etc"
    if setting == "copied":
        shutil.copy(_zone_file(zone), etc / "localtime")
    elif setting == "timezone":
        (etc / "timezone").write_text(f"{zone}\n")
    else:
        (etc / "localtime").symlink_to(_zone_file(zone))
    code, out, err = run_cli(*PLAN)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["timezone"] == zone
    assert document["treated_at"].endswith(offset)


def test_with_nothing_to_read_the_desk_sees_one_line_saying_so(run_cli, machine: Path) -> None:
    code, out, err = run_cli(*PLAN)
    assert code == 0
    assert json.loads(out)["timezone"] == "UTC"
    assert err.count("aftercare: warning:") == 1
    assert " ".join(err.split()) == (
        "aftercare: warning: this computer's time zone could not be read, so this plan is in UTC, which is a guess; "
        "give the zone with --tz, e.g. --tz Pacific/Auckland; 'timedatectl list-timezones' lists them"
    )


def test_with_tz_given_nothing_of_the_machine_is_read(run_cli, machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tzlocal", None)  # importing it would fail: --tz never needs it
    code, out, err = run_cli(*PLAN, "--tz", "Europe/Paris")
    assert (code, err) == (0, "")
    assert json.loads(out)["timezone"] == "Europe/Paris"


def test_batch_says_once_that_rows_without_a_zone_are_in_utc(run_cli, machine: Path, tmp_path: Path) -> None:
    export = tmp_path / "today.csv"
    export.write_text("time,patient\n2026-11-26 14:30,Ana\n2026-11-26 15:30,Ben\n")
    out = tmp_path / "plans"
    out.mkdir()
    code, _, err = run_cli("batch", str(export), "--out", str(out), "--outputs", "json")
    assert code == 0
    assert err.count("aftercare: warning:") == 1
    assert "so the rows without a tz are planned in UTC, which is a guess" in " ".join(err.split())
    assert {json.loads(p.read_text())["timezone"] for p in out.iterdir()} == {"UTC"}


# Windows: the zone lives in the registry under Windows' own names; tzlocal maps them to IANA's. A fake registry
# stands in for winreg, and the platform says win32, so tzlocal's own Windows reading runs here on Linux.


class _FakeRegistry:
    """The part of `winreg` tzlocal reads: one key's values."""

    HKEY_LOCAL_MACHINE = 0x80000002

    def __init__(self, values: dict[str, object]) -> None:
        self.values = list(values.items())
        self.opened: list[str] = []

    def ConnectRegistry(self, _computer: None, _key: int) -> object:  # winreg's names
        return self

    def OpenKey(self, _handle: object, name: str) -> _FakeRegistry:
        self.opened.append(name)
        return self

    def QueryInfoKey(self, _key: object) -> tuple[int, int, int]:
        return 0, len(self.values), 0

    def EnumValue(self, _key: object, index: int) -> tuple[str, object, int]:
        name, value = self.values[index]
        return name, value, 1

    def Close(self) -> None:
        pass


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Callable[[dict[str, object]], _FakeRegistry]]:
    """Pretend to be Windows with a registry holding these values under TimeZoneInformation."""
    import tzlocal

    def pretend(values: dict[str, object]) -> _FakeRegistry:
        registry = _FakeRegistry(values)
        monkeypatch.setitem(sys.modules, "winreg", registry)
        monkeypatch.delitem(sys.modules, "tzlocal.win32", raising=False)  # read afresh: tzlocal caches the name
        monkeypatch.delattr(tzlocal, "win32", raising=False)
        monkeypatch.setattr(sys, "platform", "win32")
        monkeypatch.setattr(zone_names, "SYSTEM_ROOT", str(tmp_path))  # nothing there, were /etc read
        monkeypatch.delenv("TZ", raising=False)
        return registry

    yield pretend
    sys.modules.pop("tzlocal.win32", None)  # the module read the fake registry: gone with it
    if hasattr(tzlocal, "win32"):
        delattr(tzlocal, "win32")


def test_windows_reads_its_zone_from_the_registry_as_an_iana_name(windows) -> None:
    registry = windows({"TimeZoneKeyName": "New Zealand Standard Time\x00\x00"})
    assert machine_zone_name() == "Pacific/Auckland"
    assert registry.opened == [r"SYSTEM\CurrentControlSet\Control\TimeZoneInformation"]


def test_windows_with_daylight_saving_switched_off_is_a_fixed_offset_it_must_be_asked_for(windows) -> None:
    windows({"TimeZoneKeyName": "New Zealand Standard Time", "DynamicDaylightTimeDisabled": 1})
    assert machine_zone_name() == "Etc/GMT-12"
    with pytest.raises(UsageError) as caught:
        desk_zone_name(None)
    assert caught.value.line() == (
        "this computer's time zone is 'Etc/GMT-12', a fixed offset that can be an hour off in summer (on Windows: "
        "daylight saving time switched off in the Date & time settings); give the place's zone with --tz, e.g. "
        "--tz Pacific/Auckland, or add --fixed-offset to plan in it on purpose"
    )
    assert desk_zone_name(None, fixed_offset=True) == ("Etc/GMT-12", False)


def test_a_linux_set_to_a_fixed_offset_is_refused_the_same_way(run_cli, machine: Path) -> None:
    (machine / "etc" / "localtime").symlink_to(_zone_file("Etc/GMT-5"))
    code, out, err = run_cli(*PLAN)
    assert (code, out) == (2, "")
    assert err.startswith("aftercare: error: this computer's time zone is 'Etc/GMT-5', a fixed offset")
    code, out, err = run_cli(*PLAN, "--fixed-offset")
    assert (code, err) == (0, "")
    assert json.loads(out)["treated_at"].endswith("+05:00")


def test_windows_with_a_zone_name_no_table_knows_is_refused_naming_it(windows) -> None:
    windows({"TimeZoneKeyName": "Mars Standard Time"})
    with pytest.raises(UsageError) as caught:
        machine_zone_name()
    assert caught.value.line() == (
        "this computer's time zone could not be named in IANA's terms (Mars Standard Time); give the zone with "
        "--tz, e.g. --tz Pacific/Auckland; Windows' own names ('tzutil /l') are not these: Pacific/Auckland is "
        "New Zealand Standard Time"
    )


def test_windows_with_no_zone_in_the_registry_is_a_guess_and_says_how_to_name_one(windows) -> None:
    windows({})
    assert machine_zone_name() is None
    assert guessed_zone().endswith(
        "give the zone with --tz, e.g. --tz Pacific/Auckland; Windows' own names ('tzutil /l') are not these: "
        "Pacific/Auckland is New Zealand Standard Time"
    )


@pytest.mark.parametrize(
    ("platform", "listed"),
    [
        ("linux", "'timedatectl list-timezones' lists them"),
        ("darwin", "'sudo systemsetup -listtimezones' lists them"),
        ("win32", "Windows' own names ('tzutil /l') are not these"),
        ("freebsd14", "the names under /usr/share/zoneinfo are the zones"),
    ],
)
def test_every_zone_hint_names_the_way_to_list_zones_on_the_platform_in_use(
    monkeypatch: pytest.MonkeyPatch, platform: str, listed: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("TZ", "garbage")
    hints = [guessed_zone()]
    for attempt in (machine_zone_name, lambda: zone_from_name("UTC+5"), lambda: zone_from_name("Nowhere/Special")):
        with pytest.raises(UsageError) as caught:
            attempt()
        hints.append(caught.value.hint)
    for hint in hints:
        assert listed in hint
