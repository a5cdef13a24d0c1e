"""`aftercare batch`: a booking system's export in, every patient's files out, bad rows named, the rest written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from aftercare_cli.cli.commands import batch as batching
from aftercare_cli.cli.commands.batch import file_name
from aftercare_cli.cli.inputs import clock
from aftercare_cli.errors import OutputError
from aftercare_cli.outputs import atomic

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)  # the morning of the 26th in Auckland
MAPPED = (
    "--map", "time=Start Time", "--map", "patient=Client", "--map", "peel=Service",
    "--value", "peel=Jessner Peel=jessner", "--value", "peel=Custom Peel=custom",
)  # fmt: skip
# What exports look like: Excel's BOM, European ';', a quoted note with a newline, the system's own headings, a
# service nobody mapped, an ambiguous date, and a time the spring-forward change skips.
EXPORT = (
    "\ufeffStart Time;Client;Service;Notes\n"
    '26/11/2026 09:05;Ana Smith;Jessner Peel;"first visit\nno allergies"\n'
    "26/11/2026 15:53;Zoë O'Neil;Custom Peel;\n"
    "03/04/2026 11:40;Bo;Jessner Peel;\n"
    "27/09/2026 02:30;Night Owl;Jessner Peel;\n"
    "26/11/2026 17:10;Cy;Facial;\n"
)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


def _export(tmp_path: Path, text: str = EXPORT) -> Path:
    path = tmp_path / "today.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_each_bad_row_is_named_and_the_rest_are_written(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    code, stdout, stderr = run_cli(
        "batch", str(_export(tmp_path)), "--out", str(out), "--tz", "Pacific/Auckland", *MAPPED
    )
    assert code == 1
    assert stderr.splitlines() == [
        "aftercare: row 4: date '03/04/2026' could be day/month or month/day; say which with --date-order dmy or "
        "--date-order mdy",
        "aftercare: row 5: time '2026-09-27 02:30': 2026-09-27 02:30 does not exist in Pacific/Auckland (the clocks "
        "skip it at the DST change); give the time shown on the clock after the change",
        "aftercare: row 6: peel 'Facial' is not mapped (mapped: 'Jessner Peel', 'Custom Peel')",
        "aftercare: error: 3 of 5 rows were not planned (each is named above); fix them and run those rows again",
    ]
    assert sorted(path.name for path in out.iterdir()) == [
        "0002-ana-smith.html", "0002-ana-smith.ics", "0002-ana-smith.json",
        "0003-zoe-o-neil.html", "0003-zoe-o-neil.ics", "0003-zoe-o-neil.json",
    ]  # fmt: skip
    ana = json.loads((out / "0002-ana-smith.json").read_text(encoding="utf-8"))
    assert (ana["patient"], ana["peel"], ana["treated_at"]) == ("Ana Smith", "jessner", "2026-11-26T09:05:00+13:00")
    lines = stdout.splitlines()
    assert lines[0].split() == ["row", "patient", "treatment", "first", "step", "files"]
    assert re.match(
        r"\s+2  Ana Smith\s+Microdermabrasion \(Jessner peel\)\s+Thu 26 Nov 10:00 Water\s+0002-ana-smith.ics", lines[1]
    )
    assert lines[2].startswith("    3  Zoë O'Neil")


def test_the_date_order_reads_the_ambiguous_row(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    args = (
        "batch",
        str(_export(tmp_path)),
        "--out",
        str(out),
        "--tz",
        "Pacific/Auckland",
        *MAPPED,
        "--date-order",
        "dmy",
    )
    code, _, stderr = run_cli(*args)
    assert code == 1
    assert "row 4" not in stderr
    assert json.loads((out / "0004-bo.json").read_text(encoding="utf-8"))["treated_at"] == "2026-04-03T11:40:00+13:00"


def test_a_rerun_with_force_gives_the_same_bytes_but_the_calendars_timestamp(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    export = _export(tmp_path, "time,patient,peel\n2026-11-26 09:05,Ana,jessner\n2026-11-26 14:30,Bo,\n")
    args = ("batch", str(export), "--out", str(out), "--tz", "Pacific/Auckland")
    assert run_cli(*args)[0] == 0
    first = {path.name: path.read_bytes() for path in out.iterdir()}
    assert run_cli(*args)[0] == 1  # no --force: every file is kept
    assert {path.name: path.read_bytes() for path in out.iterdir()} == first
    monkeypatch.setattr(clock, "now", lambda: NOW.replace(minute=1))  # a minute later
    assert run_cli(*args, "--force")[0] == 0
    again = {path.name: path.read_bytes() for path in out.iterdir()}
    assert set(again) == set(first)
    stamp = re.compile(rb"DTSTAMP:\S+|made \d\d:\d\d|(NAME|CALNAME):.*\r\n( .*\r\n)?")
    for name, data in first.items():
        if name.endswith(".ics"):
            assert stamp.sub(b"", again[name]) == stamp.sub(b"", data)
            assert again[name] != data  # the timestamp did move
        elif name.endswith(".html"):  # the handout's small print names when it was made
            made = re.compile(rb"Made [^<]*")
            assert made.sub(b"", again[name]) == made.sub(b"", data)
        else:
            assert again[name] == data


def test_a_rows_files_are_written_together_or_not_at_all(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    real = atomic.write_atomically

    def failing_json(path: Path, data: bytes, **options: object) -> None:
        if path.suffix == ".json" and "0002" in path.name:
            raise OutputError(f"cannot write {path}: No space left on device", "free some space on the disk")
        real(path, data, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic, "write_atomically", failing_json)
    export = _export(tmp_path, "time,patient\n2026-11-26 09:05,Ana\n2026-11-26 10:05,Bo\n")
    code, _, stderr = run_cli("batch", str(export), "--out", str(out), "--tz", "Pacific/Auckland")
    assert code == 1
    assert "aftercare: row 2:" in stderr
    assert sorted(path.name for path in out.iterdir()) == ["0003-bo.html", "0003-bo.ics", "0003-bo.json"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--outputs", "ics,fax"), "--outputs 'ics,fax': choose from ics, handout, json, pdf"),
        (("--map", "when=Start"), "--map 'when=Start' is not FIELD=COLUMN"),
        (("--value", "peel=Jessner"), "--value 'peel=Jessner' is not FIELD=EXPORTED=MEANT"),
        (("--tz", "EST"), "'EST' is a legacy or fixed-offset time zone name"),
    ],
)
def test_a_bad_command_line_is_exit_2_before_any_row(
    run_cli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, stdout, stderr = run_cli("batch", str(_export(tmp_path)), "--out", str(tmp_path), *args)
    assert (code, stdout) == (2, "")
    assert message in stderr


def test_a_file_that_cannot_be_planned_at_all_is_one_line(run_cli, tmp_path: Path) -> None:
    code, _, stderr = run_cli("batch", str(_export(tmp_path, "When,Who\n1,2\n")), "--out", str(tmp_path))
    assert code == 1
    assert stderr.endswith("has no 'time' column (its headings: 'When', 'Who'); name the column of the appointment's "
                           "start with --map time=COLUMN\n")  # fmt: skip
    code, _, stderr = run_cli("batch", str(tmp_path / "missing.csv"), "--out", str(tmp_path))
    assert code == 1
    assert "cannot read" in stderr
    code, _, stderr = run_cli("batch", str(_export(tmp_path)), "--out", str(tmp_path / "nowhere"))
    assert (code, stderr.count("\n")) == (1, 1)
    assert "is not a folder" in stderr


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("Ana Smith", "ana-smith"),
        ("Zoë O'Neil", "zoe-o-neil"),
        ("", "patient"),
        ("李小龍", "patient"),
        ("../../x", "x"),
    ],
)
def test_a_patients_name_becomes_a_file_name_anyone_can_type(name: str, file: str) -> None:
    assert file_name(name) == file


def _rows(count: int) -> str:
    return "time,patient\n" + "".join(f"2026-11-26 {9 + i % 10:02d}:{i % 60:02d},Patient {i}\n" for i in range(count))


_PEAK = """
import resource, sys
from aftercare_cli.cli.run import run
code = run(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code)
"""


@pytest.mark.slow
def test_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    # Each batch in a process of its own, its peak resident memory as the kernel counts it.
    peaks = []
    for count in (400, 4000):
        (tmp_path / str(count)).mkdir()
        export = tmp_path / f"{count}.csv"
        export.write_text(_rows(count), encoding="utf-8")
        args = ["batch", str(export), "--out", str(tmp_path / str(count)), "--outputs", "json", "--tz", "UTC"]
        done = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, check=True)
        peak_kib, code = done.stdout.split()[-2:]
        assert code == "0"
        peaks.append(int(peak_kib))
    assert peaks[1] < peaks[0] + 4096  # ten times the rows, and not 4 MiB more


def _bundled_rules():
    from aftercare_cli.ruleset.files import bundled_rules_dir
    from aftercare_cli.ruleset.loader import load_rulesets

    return load_rulesets(bundled_rules_dir())


@pytest.mark.slow
def test_ten_thousand_rows(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    code, stdout, _ = run_cli("batch", str(_export(tmp_path, _rows(10_000))), "--out", str(out), "--outputs", "json")
    assert code == 0
    assert len(stdout.splitlines()) == 10_001
    assert len(list(out.iterdir())) == 10_000


def test_the_live_count_leaves_a_redirected_summary_in_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    summary = io.StringIO()  # standard output sent to a file: not a terminal
    monkeypatch.setattr("sys.stdout", summary)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich: standard error is the terminal the count is drawn on
    with batching._progress(True) as advance:
        advance()
        sys.stdout.write("    2  Ana\n")
    assert summary.getvalue() == "    2  Ana\n"


def test_the_skip_column_leaves_those_steps_out_and_refuses_a_window(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    text = (
        "time,patient,peel,skip\n"
        '2026-11-26 09:05,Ana,jessner,"drink-water; moisturising-spritz"\n'
        "2026-11-26 10:05,Bo,jessner,\n"
        "2026-11-26 11:05,Cy,jessner,jessner-no-water\n"
    )
    args = ("batch", str(_export(tmp_path, text)), "--out", str(out), "--tz", "Pacific/Auckland", "--outputs", "json")
    code, _, err = run_cli(*args)
    assert code == 1
    ana = json.loads((out / "0002-ana.json").read_text(encoding="utf-8"))
    assert ana["skipped_rules"] == ["drink-water", "moisturising-spritz"]
    assert json.loads((out / "0003-bo.json").read_text(encoding="utf-8"))["skipped_rules"] == []
    assert "row 4: --skip jessner-no-water: it is an avoid window" in err


def test_a_terminal_that_lacks_a_letter_still_gets_every_row(tmp_path: Path) -> None:
    # The summary in plain characters ("Zoe"), and the row after it still planned and written.
    out = tmp_path / "plans"
    out.mkdir()
    export = _export(tmp_path, "time,patient\n2026-11-26 10:00,Zoë\n2026-11-26 11:00,Bob\n")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    args = [sys.executable, "-m", "aftercare_cli", "batch", str(export), "--out", str(out), "--tz", "UTC"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "Zoe" in done.stdout
    assert sorted(path.name for path in out.iterdir())[-3:] == ["0003-bob.html", "0003-bob.ics", "0003-bob.json"]


def test_a_field_too_large_for_csv_is_one_line(run_cli, tmp_path: Path) -> None:
    export = _export(tmp_path, "time,patient\n2026-11-26 10:00," + "x" * 200_000 + "\n")
    code, out, err = run_cli("batch", str(export), "--out", str(tmp_path), "--tz", "UTC")
    assert code == 1
    assert err.count("\n") == 1
    assert "cannot be read as CSV (field larger than field limit" in err
    assert out == ""  # it is the first row: said before any summary


def test_a_missing_export_prints_no_summary(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("batch", str(tmp_path / "nope.csv"), "--out", str(tmp_path))
    assert (code, out) == (1, "")
    assert "cannot read" in err


def test_a_fixed_offset_zone_for_the_batch_on_purpose(run_cli, tmp_path: Path) -> None:
    export = _export(tmp_path, "time\n2026-11-26 10:00\n")
    code, _, err = run_cli("batch", str(export), "--out", str(tmp_path), "--tz", "Etc/GMT+5")
    assert code == 2
    assert "add --fixed-offset" in err
    code, _, err = run_cli("batch", str(export), "--out", str(tmp_path), "--tz", "Etc/GMT+5", "--fixed-offset")
    assert (code, err) == (0, "")


def test_a_rows_far_date_warning_names_the_row(run_cli, tmp_path: Path) -> None:
    export = _export(tmp_path, "time\n2026-11-26 10:00\n2029-11-26 10:00\n")
    code, _, err = run_cli("batch", str(export), "--out", str(tmp_path), "--tz", "UTC", "--outputs", "json")
    assert code == 0
    said = " ".join(err.split())
    assert said == (
        "aftercare: warning: row 3: the treatment date 2029-11-26 is more than a year from today (2026-11-25); "
        "check time"
    )


def test_a_rows_bad_value_is_named_by_its_column(run_cli, tmp_path: Path) -> None:
    export = _export(tmp_path, "time,wake,patient\n2026-11-26 10:00,25:00,Ana\n2026-11-26 10:00,07:00,A\x1bB\n")
    code, _, err = run_cli("batch", str(export), "--out", str(tmp_path), "--tz", "UTC", "--outputs", "json")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("aftercare: row 2: wake: '25:00' is not a clock time")
    assert lines[1].startswith("aftercare: row 3: patient: the name has control characters")


def test_each_row_in_its_patients_language(run_cli, tmp_path: Path) -> None:
    # A `lang` column (or --lang for the rows without one); a language the rules lack is that row's problem.
    spanish = Path(__file__).parent.parent.parent / "examples" / "microdermabrasion-es.yaml"
    export = tmp_path / "today.csv"
    export.write_text("time,patient,lang\n2026-11-26 09:00,Ana,es-MX\n2026-11-26 10:00,Bob,\n2026-11-26 11:00,Cy,xx\n")
    out = tmp_path / "plans"
    out.mkdir()
    code, _, err = run_cli("batch", str(export), "--out", str(out), "--rules", str(spanish), "--tz", "UTC")
    assert code == 1
    assert "row 4: the rules of microdermabrasion-es are not written in 'xx'" in err
    assert json.loads((out / "0002-ana.json").read_text())["lang"] == "es-MX"
    assert "Su plan de cuidados posteriores" in (out / "0002-ana.html").read_text()
    assert json.loads((out / "0003-bob.json").read_text())["lang"] == "en"
    code, _, _ = run_cli("batch", str(export), "--out", str(out), "--rules", str(spanish), "--lang", "es", "--force")
    assert json.loads((out / "0003-bob.json").read_text())["lang"] == "es"
