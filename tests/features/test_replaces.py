"""A corrected plan (`--replaces OLD.ics`): the calendar to delete, said on every face; a bad file refused."""

import io
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from rich.console import Console, RenderableType

from aftercare_cli.cli.inputs import clock
from aftercare_cli.cli.inputs.earlier_plan import MAX_OLD_PLAN, read_replaced
from aftercare_cli.errors import InputFileError, UsageError
from aftercare_cli.model import Patient, Plan, Replaced
from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.outputs.glance import glance_view
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.outputs.identity import plan_uids
from aftercare_cli.outputs.jsondoc import plan_document
from aftercare_cli.outputs.timeline import timeline_view
from aftercare_cli.outputs.wording import replaces_line
from conftest import plan_for

MADE = datetime(2026, 11, 26, 1, 32, tzinfo=timezone.utc)  # 14:32 in Auckland
OLD_NAME = "Aftercare for Ana Smith: Microdermabrasion, Jessner peel (26 Nov), made 14:32"
SAID = f"This replaces the plan made at 14:32. Delete the calendar “{OLD_NAME}”."


def ana(bundled, peel: str = "jessner") -> Plan:
    return plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", peel, Patient(name="Ana Smith"))


def old_file(bundled, tmp_path: Path, discreet: bool = False) -> Path:
    path = tmp_path / "old.ics"
    path.write_bytes(plan_calendar(ana(bundled), MADE, discreet))
    return path


def corrected(bundled, tmp_path: Path) -> Plan:
    return replace(ana(bundled, "custom"), replaces=read_replaced(str(old_file(bundled, tmp_path)), None))


def shown(view: RenderableType) -> str:
    out = io.StringIO()
    Console(file=out, width=80, color_system=None, force_terminal=False, highlight=False).print(view)
    return out.getvalue().replace("\n  ", " ").replace("\n", " ")


def test_the_old_calendar_gives_its_name_time_and_id(bundled, tmp_path: Path) -> None:
    old = read_replaced(str(old_file(bundled, tmp_path)), None)
    assert old.calendar_name == OLD_NAME
    assert old.made == MADE
    assert old.plan_id == plan_uids(ana(bundled)).overview


def test_a_discreet_old_calendar_is_read_too(bundled, tmp_path: Path) -> None:
    assert read_replaced(str(old_file(bundled, tmp_path, discreet=True)), None).calendar_name == "Aftercare 14:32"


def test_every_face_names_the_old_calendar_and_its_time(bundled, tmp_path: Path) -> None:
    plan = corrected(bundled, tmp_path)
    today = MADE.astimezone(plan.treated_at.tzinfo).date()
    assert SAID in shown(glance_view(plan, today))
    assert f"This replaces the plan made at Thu 26 Nov 14:32. Delete the calendar “{OLD_NAME}”." in shown(
        timeline_view(plan)
    )
    assert SAID in plan_handout(plan, MADE.astimezone(plan.treated_at.tzinfo)).replace("&#34;", '"')
    overview = icalendar.Calendar.from_ical(plan_calendar(plan, MADE + timedelta(minutes=5))).walk("VEVENT")[0]
    description = str(overview["DESCRIPTION"])
    assert SAID in description
    assert "Android with ICSx5: remove that subscription" in description


def test_the_json_carries_its_own_id_and_the_one_it_replaces(bundled, tmp_path: Path) -> None:
    plan = corrected(bundled, tmp_path)
    document = plan_document(plan)
    assert document["plan_id"] == plan_uids(plan).overview
    assert document["replaces"] == plan_uids(ana(bundled)).overview
    assert document["replaces_calendar"] == OLD_NAME
    assert plan_document(ana(bundled))["replaces"] is None


def test_a_replacing_plan_is_a_new_plan(bundled, tmp_path: Path) -> None:
    plan = ana(bundled, "custom")
    assert plan_uids(plan).overview != plan_uids(corrected(bundled, tmp_path)).overview


def test_the_short_form_names_the_end_of_the_name(bundled) -> None:
    plan = ana(bundled)
    line = replaces_line(Replaced("id", OLD_NAME, MADE), plan, plan.treated_at.date(), short=True)
    assert line == "This replaces the plan made at 14:32. Delete the calendar whose name ends “made 14:32”."
    # A discreet name is short already: said whole.
    assert "“Aftercare 14:32”" in replaces_line(Replaced("id", "Aftercare 14:32", MADE), plan, short=True)


# What cannot be read is one line.


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xff\xfe\x00", "is not UTF-8 text"),
        (b"garbage", "is not a calendar file"),
        (b"BEGIN:VCALENDAR\r\nPRODID:-//other//EN\r\nEND:VCALENDAR\r\n", "is not a calendar made by aftercare"),
        (b"BEGIN:VCALENDAR\r\nPRODID:-//aftercare//x\r\nEND:VCALENDAR\r\n", "has no aftercare plan in it"),
    ],
)
def test_a_file_that_is_not_an_earlier_plan_is_refused(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "old.ics"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as refused:
        read_replaced(str(path), None)
    assert said in refused.value.message


def test_a_missing_a_folder_and_a_huge_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        read_replaced(str(tmp_path / "gone.ics"), None)
    (tmp_path / "folder.ics").mkdir()
    with pytest.raises(InputFileError, match="is not a regular file"):
        read_replaced(str(tmp_path / "folder.ics"), None)
    huge = tmp_path / "huge.ics"
    with huge.open("wb") as handle:
        handle.truncate(MAX_OLD_PLAN + 1)
    with pytest.raises(InputFileError, match="too big"):
        read_replaced(str(huge), None)


def test_a_path_the_command_line_gets_wrong_is_a_usage_error(bundled, tmp_path: Path) -> None:
    old = old_file(bundled, tmp_path)
    with pytest.raises(UsageError, match=r"\.ics"):
        read_replaced(str(tmp_path / "old.json"), None)
    with pytest.raises(UsageError, match="is the file --ics writes"):
        read_replaced(str(old), str(old))


def test_the_command_line(bundled, run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: MADE + timedelta(minutes=10))
    old = old_file(bundled, tmp_path)
    new = tmp_path / "new.ics"
    base = (
        "plan",
        "--peel",
        "custom",
        "--at",
        "2026-11-26 14:30",
        "--tz",
        "Pacific/Auckland",
        "--patient",
        "Ana Smith",
    )
    code, out, err = run_cli(*base, "--ics", str(new), "--replaces", str(old), "--format", "json")
    assert code == 0
    assert json.loads(out)["replaces"] == plan_uids(ana(bundled)).overview
    assert SAID in err.replace("\n  ", " ")
    assert "made 14:42" in str(icalendar.Calendar.from_ical(new.read_bytes())["X-WR-CALNAME"])
    code, out, err = run_cli(*base, "--replaces", str(tmp_path / "gone.ics"))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "no such file" in err
    code, _, err = run_cli(*base, "--replaces", str(tmp_path / "old.json"))
    assert code == 2


def test_a_correction_in_another_zone_names_the_old_plans_minute_as_its_name_does(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first plan was made for the wrong zone (London); the correction is for Auckland.
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 26, 1, 21, tzinfo=timezone.utc))
    old = tmp_path / "p1.ics"
    assert run_cli("plan", "--at", "14:30", "--tz", "Europe/London", "--ics", str(old))[0] == 0
    code, _, err = run_cli("plan", "--at", "14:30", "--tz", "Pacific/Auckland", "--replaces", str(old))
    said = " ".join(err.split())
    assert code == 0
    assert "This replaces the plan made at 01:21. Delete the calendar" in said  # London's minute, as named
    assert "made 01:21\u201d" in said


def test_a_calendar_of_four_megabytes_of_one_letter_properties_is_read_line_by_line(bundled, tmp_path: Path) -> None:
    # A general parser took 19 s and 359 MB on such a file; the plan's own lines are found among them.
    ours = plan_calendar(ana(bundled), MADE, False).decode("utf-8")
    head, tail = ours.split("BEGIN:VEVENT", 1)
    padding = "A:1\r\n" * ((MAX_OLD_PLAN - len(ours.encode("utf-8"))) // 5 - 1)
    path = tmp_path / "old.ics"
    path.write_text(head + padding + "BEGIN:VEVENT" + tail, encoding="utf-8", newline="")
    assert path.stat().st_size > MAX_OLD_PLAN - 100
    old = read_replaced(str(path), None)
    assert old.calendar_name == OLD_NAME
    assert old.made == MADE
