"""`aftercare batch`: a booking system's export in, every patient's files out, every row accounted for.

Each test says which rows were planned and at which local time (their JSON's `treated_at`), and which were
not and why. The clock is fixed: 20:00 UTC on 25 November 2026, the morning of the 26th in Auckland.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from aftercare_cli.cli import batch_rows as batching
from aftercare_cli.cli.commands.batch import SYSTEMS_SHIPPED
from aftercare_cli.cli.deliver.row_files import file_name
from aftercare_cli.cli.deliver.summary import Layout
from aftercare_cli.cli.inputs import clock
from aftercare_cli.errors import OutputError
from aftercare_cli.outputs import atomic, pdf
from aftercare_cli.ruleset.booking import load_booking_systems

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)  # the morning of the 26th in Auckland
EXPORTS = Path(__file__).parent / "exports"
SERVICES = str(EXPORTS / "services.yaml")
AUCKLAND = ("--tz", "Pacific/Auckland")
# What exports look like: Excel's BOM, European ';', a quoted note with a newline, the system's own headings, a
# service nobody mapped, an ambiguous date, a time the spring-forward change skips, and a consultation.
EXPORT = (
    "\ufeffStart Time;Client;Service;Notes\n"
    '26/11/2026 09:05;Ana Smith;Microdermabrasion with Jessner Peel;"first visit\nno allergies"\n'
    "26/11/2026 15:53;Zoë O'Neil;Microdermabrasion;\n"
    "03/04/2026 11:40;Bo;Microdermabrasion with Jessner Peel;\n"
    "27/09/2026 02:30;Night Owl;Microdermabrasion with Jessner Peel;\n"
    "26/11/2026 17:10;Cy;Facial;\n"
    "26/11/2026 17:30;Di;Skin consultation;\n"
)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


def _export(tmp_path: Path, text: str = EXPORT, name: str = "today.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _treated(folder: Path) -> dict[str, str]:
    """Each planned row's file stem -> its treatment time, as its JSON says."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))["treated_at"] for path in sorted(folder.glob("*.json"))
    }


def _errors(stderr: str) -> dict[int, str]:
    return {int(m[1]): m[2] for m in re.finditer(r"^aftercare: row (\d+): (.*)$", stderr, re.MULTILINE)}


def test_each_row_is_said_and_the_counts_add_up(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    code, stdout, stderr = run_cli(
        "batch", str(_export(tmp_path)), "--out", str(out), *AUCKLAND, "--services", SERVICES
    )
    assert code == 1
    assert _treated(out) == {
        "0002-ana-smith": "2026-11-26T09:05:00+13:00",
        "0003-zoe-o-neil": "2026-11-26T15:53:00+13:00",
    }
    assert _errors(stderr) == {
        4: "time '03/04/2026 11:40' could be day/month or month/day; say which with --date-order dmy or "
        "--date-order mdy",
        5: "time '2026-09-27 02:30': 2026-09-27 02:30 does not exist in Pacific/Auckland (the clocks skip it at the "
        "DST change); give the time shown on the clock after the change",
        6: f"service 'Facial' is not in {SERVICES}; add it there, as the treatment and peel it is or as not a "
        "treatment",
    }
    assert stdout.splitlines() == [
        "  row  patient            treated at        treatment",
        "    2  Ana Smith          Thu 26 Nov 09:05  Microdermabrasion (Jessner peel)",
        "    3  Zoë O'Neil         Thu 26 Nov 15:53  Microdermabrasion (Customised peel)",
        "    7  Di                                   not a treatment: Skin consultation",
        "6 rows: 2 planned, 1 not a treatment, 3 errors",
    ]
    assert "note: columns not read: 'Notes'" in stderr
    assert stderr.endswith(
        "aftercare: error: 3 of 6 rows were not planned (each is named above); fix them and run the file again: the "
        "rows already written are kept\n"
    )
    assert sorted(path.name for path in out.iterdir()) == [
        "0002-ana-smith.html", "0002-ana-smith.ics", "0002-ana-smith.json",
        "0003-zoe-o-neil.html", "0003-zoe-o-neil.ics", "0003-zoe-o-neil.json",
    ]  # fmt: skip


def test_the_date_order_reads_the_ambiguous_row(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    args = ("batch", str(_export(tmp_path)), "--out", str(out), *AUCKLAND, "--services", SERVICES)
    code, _, stderr = run_cli(*args, "--date-order", "dmy")
    assert code == 1
    assert 4 not in _errors(stderr)
    assert _treated(out)["0004-bo"] == "2026-04-03T11:40:00+13:00"


def test_twelve_hour_times_without_a_date_are_planned_as_written_today(run_cli, tmp_path: Path) -> None:
    # The README's own shape: 2:30 PM was planned at 02:30, 11:45 PM at 11:45, 12:15 AM at 12:15.
    text = "Time,Client\n2:30 PM,Ana\n11:45 PM,Bo\n12:15 AM,Cy\n2:30 p.m.,Di\n2:30PM,Ed\n2pm,Flo\n"
    out = tmp_path / "plans"
    code, stdout, stderr = run_cli(
        "batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--outputs", "json"
    )
    assert code == 0
    assert _treated(out) == {
        "0002-ana": "2026-11-26T14:30:00+13:00",
        "0003-bo": "2026-11-26T23:45:00+13:00",
        "0004-cy": "2026-11-26T00:15:00+13:00",
        "0005-di": "2026-11-26T14:30:00+13:00",
        "0006-ed": "2026-11-26T14:30:00+13:00",
        "0007-flo": "2026-11-26T14:00:00+13:00",
    }
    assert stderr.count("aftercare: note: the export gives no dates: its rows are for today") == 1
    assert "    3  Bo                 Thu 26 Nov 23:45  Microdermabrasion (Customised peel)" in stdout.splitlines()


def test_a_date_in_its_own_column_or_in_the_time_never_today(run_cli, tmp_path: Path) -> None:
    # "Appointment Date" was not read: every row, 31/02/2026 too, was planned for today.
    text = (
        "Appointment Date,Time,Client\n27/11/2026,10:00,Ana\n31/02/2026,11:00,Bo\n,12:00,Cy\n"
        "28/11/2026,14:30 2026-11-28,Di\n14:30,2026-11-29,Ed\n"
    )
    out = tmp_path / "plans"
    code, _, stderr = run_cli("batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--outputs", "json")
    assert code == 1
    assert _treated(out) == {"0002-ana": "2026-11-27T10:00:00+13:00", "0005-di": "2026-11-28T14:30:00+13:00"}
    assert _errors(stderr) == {
        3: "date '31/02/2026': there is no such date",
        4: "no date given (column 'Appointment Date')",
        6: "date '14:30' is a time and time '2026-11-29' a date: the columns look swapped; check --map date= and "
        "--map time=",
    }


def test_a_date_column_under_a_heading_the_tool_does_not_know_is_not_today(run_cli, tmp_path: Path) -> None:
    text = "Fecha,Hora,Time\n27/11/2026,10:00,10:00\n"
    code, stdout, stderr = run_cli("batch", str(_export(tmp_path, text)), "--out", str(tmp_path / "p"), *AUCKLAND)
    assert code == 1
    assert _errors(stderr) == {
        2: "time '10:00' has no date, and 'Fecha' may hold it; name the date's column with --map date=COLUMN"
    }
    assert stdout.splitlines()[-1] == "1 row: 0 planned, 1 error"


def test_without_a_services_file_no_patient_gets_the_default_peel(run_cli, tmp_path: Path) -> None:
    # The export's Service column was ignored: a Jessner patient got the customised peel, and lost "Do not wet".
    text = "Time,Client,Service\n2026-11-26 10:00,Ana,Microdermabrasion with Jessner Peel\n"
    out = tmp_path / "plans"
    code, _, stderr = run_cli("batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND)
    assert code == 1
    assert _errors(stderr) == {
        2: "service 'Microdermabrasion with Jessner Peel' is not mapped to a treatment; give the clinic's services "
        "with --services FILE (see docs/batch.md, 'The services file')"
    }
    assert list(out.iterdir()) == []
    code, _, _ = run_cli("batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--services", SERVICES)
    assert code == 0
    ana = json.loads((out / "0002-ana.json").read_text(encoding="utf-8"))
    assert ana["peel"] == "jessner"
    assert "jessner-no-water" in {item["rule"] for item in ana["items"]}


def test_a_services_file_naming_a_peel_the_rules_lack_is_refused_with_its_line(run_cli, tmp_path: Path) -> None:
    services = tmp_path / "services.yaml"
    services.write_text("services:\n  Jessner Peel: {peel: jesner}\n  Facial: {treatment: facial}\n")
    export = _export(tmp_path, "Time,Service\n2026-11-26 10:00,Jessner Peel\n")
    code, stdout, stderr = run_cli("batch", str(export), "--out", str(tmp_path / "p"), "--services", str(services))
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[:2] == [
        f"{services}:2:3: services.Jessner Peel: unknown peel 'jesner' (valid: custom, jessner)",
        f"{services}:3:3: services.Facial: unknown treatment 'facial' (valid: microdermabrasion)",
    ]
    assert not (tmp_path / "p").exists()


def test_an_export_naming_no_service_says_the_default_it_plans(run_cli, tmp_path: Path) -> None:
    code, _, stderr = run_cli(
        "batch", str(_export(tmp_path, "time\n2026-11-26 10:00\n")), "--out", str(tmp_path / "p"), *AUCKLAND
    )
    assert code == 0
    said = " ".join(stderr.split())
    assert "the export names no service: every row is planned as Microdermabrasion (Customised peel), the rules' " \
        "default" in said  # fmt: skip


def test_an_unterminated_quote_loses_no_patient(run_cli, tmp_path: Path) -> None:
    # `"VIP` in a Notes column batch does not read swallowed the next rows: of three patients, two vanished.
    text = 'Time,Client,Notes\n2026-11-26 10:00,Ana,\n2026-11-26 11:00,Bo,"VIP\n2026-11-26 12:00,Cy,\n'
    out = tmp_path / "plans"
    code, stdout, stderr = run_cli(
        "batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--outputs", "json"
    )
    assert code == 1
    assert _treated(out) == {"0002-ana": "2026-11-26T10:00:00+13:00", "0004-cy": "2026-11-26T12:00:00+13:00"}
    assert _errors(stderr) == {
        3: 'a quote (") opened on line 3 is never closed; fix the quote in the export (the rows after it are read '
        "from line 4)"
    }
    assert stdout.splitlines()[-1] == "3 rows: 2 planned, 1 error"


def test_a_10_mb_field_is_its_rows_error_and_the_next_row_is_planned(run_cli, tmp_path: Path) -> None:
    rows = [
        "Time,Client,Notes",
        "2026-11-26 10:00,Ana,",
        "2026-11-26 11:00,Bo,",
        "2026-11-26 12:00,Cy," + "x" * 10_000_000,
    ]
    out = tmp_path / "plans"
    text = "\n".join([*rows, "2026-11-26 13:00,Di,"]) + "\n"
    code, stdout, stderr = run_cli(
        "batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--outputs", "json"
    )
    assert code == 1
    assert _errors(stderr) == {4: "it is 9765 KB long, more than a row can be (64 KB)"}
    assert list(_treated(out)) == ["0002-ana", "0003-bo", "0005-di"]
    assert stdout.splitlines()[-1] == "4 rows: 3 planned, 1 error"


def test_a_link_planted_in_the_folder_is_never_written_through(run_cli, tmp_path: Path) -> None:
    clinic, out = tmp_path / "clinic", tmp_path / "plans"
    clinic.mkdir()
    out.mkdir()
    rules = clinic / "rules.yaml"
    rules.write_text("the clinic's rules\n")
    (out / "0002-ana-smith.json").symlink_to(Path("..") / "clinic" / "rules.yaml")
    text = "Time,Client\n2026-11-26 10:00,Ana Smith\n2026-11-26 11:00,Bo\n"
    code, _, stderr = run_cli("batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--force")
    assert code == 1
    assert rules.read_text() == "the clinic's rules\n"
    assert stat.S_ISLNK(os.lstat(out / "0002-ana-smith.json").st_mode)
    assert _errors(stderr)[2] == (
        f"{out / '0002-ana-smith.json'} is a link; a batch writes only regular files in its folder, never through a "
        "link; remove it (someone put it there), or give another --out"
    )
    assert sorted(path.name for path in out.iterdir()) == [
        "0002-ana-smith.json", "0003-bo.html", "0003-bo.ics", "0003-bo.json",
    ]  # fmt: skip


def test_a_link_planted_between_the_check_and_the_write_is_refused_too(tmp_path: Path) -> None:
    target, elsewhere = tmp_path / "0002-ana.json", tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep")
    staged = atomic.stage(target, b"{}", force=True, suffix=".json", follow_links=False)
    target.symlink_to(elsewhere)  # planted after the check
    with pytest.raises(OutputError, match="is a link"):
        atomic.commit(staged)
    atomic.discard(staged)
    assert elsewhere.read_text() == "keep"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["0002-ana.json", "elsewhere.txt"]


def test_the_out_folder_empty_refused_missing_made_but_not_its_parents(run_cli, tmp_path: Path) -> None:
    export = str(_export(tmp_path, "time\n2026-11-26 10:00\n"))
    code, stdout, stderr = run_cli("batch", export, "--out", "", *AUCKLAND)
    assert (code, stdout) == (2, "")
    assert stderr == "aftercare: error: --out is empty; give the folder for the patients' files, e.g. --out plans/\n"
    assert [path.name for path in tmp_path.iterdir()] == ["today.csv"]
    code, _, _ = run_cli("batch", export, "--out", str(tmp_path / "plans") + "/", *AUCKLAND)
    assert code == 0
    assert len(list((tmp_path / "plans").iterdir())) == 3
    code, _, stderr = run_cli("batch", export, "--out", str(tmp_path / "no" / "plans"), *AUCKLAND)
    assert code == 1
    assert f"cannot make the folder {tmp_path / 'no' / 'plans'}: {tmp_path / 'no'} does not exist" in stderr
    assert not (tmp_path / "no").exists()


_STOPPED_AFTER_THE_FIRST_FILE = """
import os, signal, sys
from aftercare_cli.outputs import atomic
real, calls = atomic.commit, []
def commit(staged):
    real(staged)
    calls.append(staged.target.name)
    if len(calls) == 1:  # the desk's session ends: the row's first file has its name
        os.kill(os.getpid(), signal.SIGTERM)
atomic.commit = commit
from aftercare_cli.cli.run import run
sys.exit(run(sys.argv[1:]))
"""


def test_sigterm_just_after_a_rows_first_file_took_its_name_leaves_the_row_whole(tmp_path: Path) -> None:
    # In a process of its own: a SIGTERM the shell failed to catch ends that process, not the test run.
    out = tmp_path / "plans"
    export = _export(tmp_path, "Time,Client\n2026-11-26 10:00,Ana\n2026-11-26 11:00,Bo\n")
    args = [sys.executable, "-c", _STOPPED_AFTER_THE_FIRST_FILE, "batch", str(export), "--out", str(out), *AUCKLAND]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 143
    assert sorted(path.name for path in out.iterdir()) == ["0002-ana.html", "0002-ana.ics", "0002-ana.json"]
    assert "aftercare: note: stopped after 1 row: 1 planned" in done.stderr
    assert done.stderr.endswith("aftercare: error: stopped by SIGTERM\n")


_ENDED_BY_A_SIGNAL = """
import os, signal, sys
from aftercare_cli.outputs import atomic
real = atomic.commit
def commit(staged):
    real(staged)
    if staged.target.suffix == ".ics":  # the row's first file has its name: a signal that ends the process
        os.kill(os.getpid(), signal.SIGUSR1)
atomic.commit = commit
from aftercare_cli.cli.run import run
sys.exit(run(sys.argv[1:]))
"""


def test_a_signal_that_ends_the_process_ends_it_after_the_row_never_inside(tmp_path: Path) -> None:
    out = tmp_path / "plans"
    export = _export(tmp_path, "time,peel\n2026-11-26 10:00,custom\n2026-11-26 11:00,custom\n")
    args = [sys.executable, "-c", _ENDED_BY_A_SIGNAL, "batch", str(export), "--out", str(out), "--tz", "UTC"]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == -signal.SIGUSR1  # SIGUSR1's own default: no clean-up of ours ran
    assert sorted(path.name for path in out.iterdir()) == ["0002-patient.html", "0002-patient.ics", "0002-patient.json"]


def test_a_rows_files_are_written_together_or_not_at_all(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = atomic.commit

    def failing_json(staged: atomic.Staged) -> None:
        if staged.target.suffix == ".json" and "0002" in staged.target.name:
            raise OutputError(f"cannot write {staged.target}: No space left on device", "free some space on the disk")
        real(staged)

    monkeypatch.setattr(atomic, "commit", failing_json)
    out = tmp_path / "plans"
    export = _export(tmp_path, "time,patient\n2026-11-26 09:05,Ana\n2026-11-26 10:05,Bo\n")
    code, _, stderr = run_cli("batch", str(export), "--out", str(out), *AUCKLAND)
    assert code == 1
    assert "aftercare: row 2: cannot write" in stderr
    assert sorted(path.name for path in out.iterdir()) == ["0003-bo.html", "0003-bo.ics", "0003-bo.json"]


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path: os.mkfifo(path), "is a FIFO (named pipe), not an export file"),
        (lambda path: path.symlink_to("/dev/zero"), "is a device, not an export file"),
        (lambda path: path.open("wb").truncate(60 * 1024 * 1024), "is 60 MB, more than an export of appointments"),
    ],
)
def test_a_fifo_a_device_or_a_huge_file_is_one_line(run_cli, tmp_path: Path, make, said: str) -> None:
    path = tmp_path / "today.csv"
    make(path)
    code, stdout, stderr = run_cli("batch", str(path), "--out", str(tmp_path / "plans"), *AUCKLAND)
    assert (code, stdout) == (1, "")
    assert stderr.count("\n") == 1
    assert said in stderr
    assert not (tmp_path / "plans").exists()


FAKE_BROWSER = """#!/bin/sh
# A browser that starts a helper and then never answers; its helper's process id goes to $HELPER_PIDS.
sleep 300 &
echo $! >> "$HELPER_PIDS"
exec sleep 300
"""
TRUNCATING_BROWSER = """#!/bin/sh
for arg in "$@"; do
  case "$arg" in --print-to-pdf=*) printf '%%PDF-1.4\\n1 0 obj' > "${arg#--print-to-pdf=}";; esac
done
"""


def _browser(tmp_path: Path, script: str) -> str:
    path = tmp_path / "chromium"
    path.write_text(script)
    path.chmod(0o755)
    return str(path)


def test_a_hung_browser_is_given_up_once_for_the_batch_and_its_helpers_ended(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "helpers"
    monkeypatch.setenv("HELPER_PIDS", str(pids))
    monkeypatch.setattr(batching, "find_browser", lambda: _browser(tmp_path, FAKE_BROWSER))
    monkeypatch.setattr(pdf, "PRINT_SECONDS", 1)
    text = "Time,Client\n" + "".join(f"2026-11-26 1{i}:00,P{i}\n" for i in range(4))
    out = tmp_path / "plans"
    code, stdout, stderr = run_cli(
        "batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--outputs", "json,pdf"
    )
    assert code == 1
    errors = _errors(stderr)
    assert errors[2].startswith("chromium did not answer in 1 s and was stopped, with the processes it started")
    assert (
        errors[3]
        == errors[4]
        == errors[5]
        == (
            "no PDF: the browser hung on row 2 and is not asked again in this batch; run the batch again once it "
            "prints, or without pdf in --outputs"
        )
    )
    assert list(out.iterdir()) == []  # no row half written: its JSON waits for its PDF
    assert stdout.splitlines()[-1] == "4 rows: 0 planned, 4 errors"
    (helper,) = pids.read_text().split()  # asked once only
    assert not _running(int(helper))


def _running(pid: int) -> bool:
    """Whether a process is alive (a zombie, ended but not yet collected by its new parent, is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def test_a_truncated_pdf_is_refused(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batching, "find_browser", lambda: _browser(tmp_path, TRUNCATING_BROWSER))
    out = tmp_path / "plans"
    export = _export(tmp_path, "Time,Client\n2026-11-26 10:00,Ana\n")
    code, _, stderr = run_cli("batch", str(export), "--out", str(out), *AUCKLAND, "--outputs", "json,pdf")
    assert code == 1
    assert _errors(stderr) == {2: "chromium printed an unfinished PDF (it does not end in %%EOF); run it again"}
    assert list(out.iterdir()) == []


def test_a_lang_column_spelled_differently_each_row_reads_the_rules_once_per_language(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spanish = Path(__file__).parent.parent.parent / "examples" / "microdermabrasion-es.yaml"
    spellings = ["es", "es-MX", "es_mx", "ES", "es-mx", "ES_MX", "es-AR", "es-es", "en", "EN", "en-NZ"]
    text = "time,patient,lang,peel\n" + "".join(
        f"2026-11-26 {9 + i % 8:02d}:00,P{i},{s},custom\n" for i, s in enumerate(spellings * 5)
    )
    loads: list[tuple[object, ...]] = []
    from aftercare_cli.ruleset import loader

    real = loader.load_rulesets

    def counted(*args: object) -> object:
        loads.append(args[1:])
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(batching, "load_rulesets", counted)
    out = tmp_path / "plans"
    code, _, stderr = run_cli(
        "batch",
        str(_export(tmp_path, text)),
        "--out",
        str(out),
        "--rules",
        str(spanish),
        *AUCKLAND,
        "--outputs",
        "json",
    )
    assert (code, stderr) == (0, "")
    assert len(loads) == 1  # once, with every language: never once per spelling, nor once per language
    langs = {json.loads(path.read_text())["lang"] for path in out.glob("*.json")}
    assert langs == {"es", "es-MX", "es-AR", "es-ES", "en", "en-NZ"}


def test_rows_that_are_not_treatments_are_said_counted_and_not_errors(run_cli, tmp_path: Path) -> None:
    text = (
        "Time,Client,Service,Status\n2026-11-26 10:00,Ana,Microdermabrasion,Confirmed\n"
        "2026-11-26 10:30,Bo,Skin consultation,Booked\n2026-11-26 11:00,Cy,Microdermabrasion,Cancelled\n"
        "2026-11-26 11:30,Di,Microdermabrasion,No-show\n"
    )
    out = tmp_path / "plans"
    code, stdout, stderr = run_cli(
        "batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--services", SERVICES, "--outputs", "json"
    )
    assert (code, stderr) == (0, "")
    assert _treated(out) == {"0002-ana": "2026-11-26T10:00:00+13:00"}
    assert stdout.splitlines()[1:] == [
        "    2  Ana                Thu 26 Nov 10:00  Microdermabrasion (Customised peel)",
        "    3  Bo                                   not a treatment: Skin consultation",
        "    4  Cy                                   not a treatment: Cancelled",
        "    5  Di                                   not a treatment: No-show",
        "4 rows: 1 planned, 3 not treatments",
    ]


def test_running_the_same_file_again_says_what_is_already_written(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plans"
    text = "time,patient,peel\n2026-11-26 09:05,Ana,custom\n2026-11-26 25:00,Bo,custom\n"
    args = ("batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND)
    assert run_cli(*args)[0] == 1  # Bo's time is wrong
    first = {path.name: path.read_bytes() for path in out.iterdir()}
    fixed = _export(tmp_path, text.replace("25:00", "10:05"))
    code, stdout, stderr = run_cli(*args[:1], str(fixed), *args[2:])  # fixed, and run again
    assert (code, stderr) == (0, "")
    assert stdout.splitlines()[1:] == [
        "    2  Ana                Thu 26 Nov 09:05  already written",
        "    3  Bo                 Thu 26 Nov 10:05  Microdermabrasion (Customised peel)",
        "2 rows: 1 planned, 1 already written",
    ]
    assert all((out / name).read_bytes() == data for name, data in first.items())  # kept as they were
    code, stdout, _ = run_cli(*args[:1], str(fixed), *args[2:])
    assert code == 0
    assert stdout.splitlines()[-1] == "2 rows: 0 planned, 2 already written"
    # The export changed under a written row: that row is not "already written", it is someone else's plan.
    moved = _export(tmp_path, text.replace("25:00", "10:05").replace("09:05", "09:35"))
    code, _, stderr = run_cli(*args[:1], str(moved), *args[2:])
    assert code == 1
    assert _errors(stderr) == {
        2: "0002-ana.ics, 0002-ana.html, 0002-ana.json holds another plan for this row (the export or the rules "
        "changed since it was written); add --force to write it again"
    }
    monkeypatch.setattr(clock, "now", lambda: NOW.replace(minute=1))
    code, stdout, _ = run_cli(*args[:1], str(moved), *args[2:], "--force")
    assert code == 0
    assert _treated(out)["0002-ana"] == "2026-11-26T09:35:00+13:00"
    assert stdout.splitlines()[-1] == "2 rows: 2 planned"


def test_a_rerun_with_force_gives_the_same_bytes_but_the_calendars_timestamp(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plans"
    export = _export(tmp_path, "time,patient,peel\n2026-11-26 09:05,Ana,jessner\n2026-11-26 14:30,Bo,\n")
    args = ("batch", str(export), "--out", str(out), *AUCKLAND)
    assert run_cli(*args)[0] == 0
    first = {path.name: path.read_bytes() for path in out.iterdir()}
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


def test_a_handout_alone_cannot_say_which_plan_it_holds(run_cli, tmp_path: Path) -> None:
    args = ("batch", str(_export(tmp_path, "time\n2026-11-26 10:00\n")), "--out", str(tmp_path / "p"), *AUCKLAND)
    assert run_cli(*args, "--outputs", "handout")[0] == 0
    code, _, stderr = run_cli(*args, "--outputs", "handout")
    assert code == 1
    assert "0002-patient.html already there, and a handout holds no plan id" in stderr
    # With the calendar it can: the handout is kept, the calendar added.
    code, stdout, _ = run_cli(*args, "--outputs", "handout,ics", "--force")
    assert code == 0
    code, stdout, _ = run_cli(*args, "--outputs", "ics,handout,json")
    assert code == 0
    assert stdout.splitlines()[-1] == "1 row: 1 planned"  # the JSON added to a row already written
    assert sorted(path.name for path in (tmp_path / "p").iterdir()) == [
        "0002-patient.html", "0002-patient.ics", "0002-patient.json",
    ]  # fmt: skip


def test_the_summary_keeps_the_job_going_when_its_reader_goes_away(tmp_path: Path) -> None:
    # `aftercare batch ... | head -1`: 2 of 20 patients got files, exit 0, not a word.
    out = tmp_path / "plans"
    export = _export(
        tmp_path, "time,patient\n" + "".join(f"2026-11-26 {8 + i % 12:02d}:{i:02d},P{i}\n" for i in range(20))
    )
    command = [sys.executable, "-m", "aftercare_cli", "batch", str(export), "--out", str(out), "--tz", "UTC"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline().split() == [b"row", b"patient", b"treated", b"at", b"treatment"]
    process.stdout.close()  # the reader has what it wanted
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0
    assert len(list(out.iterdir())) == 60
    said = " ".join(stderr.decode().split())
    assert "the summary was cut short (its reader went away); every row was still done: 20 rows: 20 planned" in said


def test_the_summary_fits_the_desks_80_columns(run_cli, tmp_path: Path) -> None:
    text = "time,patient,status\n" + (
        "2026-11-26 09:05,Maximiliana Wolfeschlegelsteinhausen-Bergerdorff,\n"
        "2026-11-26 10:05,Bo,Cancelled by the clinic because of a very long reason\n"
    )
    code, stdout, _ = run_cli("batch", str(_export(tmp_path, text)), "--out", str(tmp_path / "p"), *AUCKLAND)
    assert code == 0
    assert max(len(line) for line in stdout.splitlines()) <= 79
    assert "Maximiliana Wolf\u2026" in stdout
    twelve_hour = Layout(19)  # a clinic on a 12-hour clock: "Thu 26 Nov 12:30 PM"
    line = twelve_hour.row(9999, "x" * 40, "Thu 26 Nov 12:30 PM", "y" * 80)
    assert len(line) == 79
    assert "Thu 26 Nov 12:30 PM" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--outputs", "ics,fax"), "--outputs 'ics,fax': choose from ics, handout, json, pdf"),
        (("--map", "when=Start"), "--map 'when=Start' is not FIELD=COLUMN"),
        (("--value", "peel=Jessner"), "--value 'peel=Jessner' is not FIELD=EXPORTED=MEANT"),
        (("--value", "service=Facial=custom"), "--value 'service=Facial=custom': a service is said in the clinic's"),
        (("--tz", "EST"), "'EST' is a legacy or fixed-offset time zone name"),
        (
            ("--map", "patient=First Name", "--map", "patient=Last Name"),
            "--map patient= given twice ('First Name' and 'Last Name'); a name in two columns: --map "
            "first_name=COLUMN --map last_name=COLUMN",
        ),
        (("--tz", "UTC", "--tz", "Pacific/Auckland"), "--tz given twice ('UTC' and 'Pacific/Auckland'); give it once"),
        (("--from", "opentable"), "--from 'opentable' is not a booking system this tool knows (it knows: acuity,"),
        (("--from", ""), "--from is empty"),
    ],
)
def test_a_bad_command_line_is_exit_2_before_any_row(
    run_cli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, stdout, stderr = run_cli("batch", str(_export(tmp_path)), "--out", str(tmp_path / "p"), *args)
    assert (code, stdout) == (2, "")
    assert message in stderr
    assert not (tmp_path / "p").exists()


def test_each_shipped_systems_export_as_a_clinic_runs_it(run_cli, tmp_path: Path) -> None:
    acuity, fresha = tmp_path / "acuity", tmp_path / "fresha"
    code, stdout, stderr = run_cli(
        "batch", str(EXPORTS / "acuity-schedule2026-11-26.csv"), "--out", str(acuity), "--from", "acuity",
        "--services", SERVICES, *AUCKLAND,
    )  # fmt: skip
    assert code == 1
    assert _treated(acuity) == {
        "0002-ana-smith": "2026-11-26T09:00:00+13:00",  # November 26, 2026 9:00 am
        "0004-zoe-o-neil": "2026-11-26T14:30:00+13:00",  # November 26, 2026 2:30 pm
    }
    assert stdout.splitlines()[2] == "    3  Bo Chan                              not a treatment: Skin consultation"
    assert _errors(stderr) == {
        5: f"service 'Laser facial' is not in {SERVICES}; add it there, as the treatment and peel it is or as not "
        "a treatment"
    }
    code, stdout, stderr = run_cli(
        "batch", str(EXPORTS / "fresha-appointment-list.csv"), "--out", str(fresha), "--from", "fresha",
        "--services", SERVICES, *AUCKLAND,
    )  # fmt: skip
    assert code == 1
    assert _treated(fresha) == {
        "0002-ana-smith": "2026-11-26T09:00:00+13:00",  # 26 Nov 2026, 9:00am; slot 09:00:00-10:00:00
        "0006-eli-fox": "2026-11-26T14:30:00+13:00",
    }
    assert stdout.splitlines()[1:6] == [
        "    2  Ana Smith          Thu 26 Nov 09:00  Microdermabrasion (Jessner peel)",
        "    3  Bo Chan                              not a treatment: Cancelled",
        "    4  Cy Diaz                              not a treatment: Skin consultation",
        "    5  Di Evans                             not a treatment: No Show",
        "    6  Eli Fox            Thu 26 Nov 14:30  Microdermabrasion (Customised peel)",
    ]
    assert _errors(stderr) == {
        7: "status 'Pencilled in' is not known as a treatment or not; say which under statuses: in a services file "
        "(--services; see docs/batch.md, 'The services file')"
    }
    assert stdout.splitlines()[-1] == "6 rows: 2 planned, 3 not treatments, 1 error"


def test_a_system_whose_export_was_not_found_says_so_and_brings_its_status_words(run_cli, tmp_path: Path) -> None:
    text = "Date,Time,Patient,Status\n26/11/2026,10:00,Ana,Attended\n26/11/2026,11:00,Bo,DNA\n"
    code, stdout, stderr = run_cli(
        "batch", str(_export(tmp_path, text)), "--out", str(tmp_path / "p"), "--from", "cliniko", *AUCKLAND
    )
    assert code == 0
    assert "Cliniko's export headings are not known to this tool" in " ".join(stderr.split())
    assert stdout.splitlines()[-1] == "2 rows: 1 planned, 1 not a treatment"


def test_the_help_names_the_systems_that_ship() -> None:
    shipped = [key for key, system in load_booking_systems().items() if system.columns]
    assert ", ".join(shipped) == SYSTEMS_SHIPPED


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
        export = tmp_path / f"{count}.csv"
        export.write_text(_rows(count), encoding="utf-8")
        args = ["batch", str(export), "--out", str(tmp_path / str(count)), "--outputs", "json", "--tz", "UTC"]
        done = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, check=True)
        peak_kib, code = done.stdout.split()[-2:]
        assert code == "0"
        peaks.append(int(peak_kib))
    assert peaks[1] < peaks[0] + 4096  # ten times the rows, and not 4 MiB more


@pytest.mark.slow
def test_ten_thousand_rows(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    code, stdout, _ = run_cli("batch", str(_export(tmp_path, _rows(10_000))), "--out", str(out), "--outputs", "json")
    assert code == 0
    assert len(stdout.splitlines()) == 10_002
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
    text = (
        "time,patient,peel,skip\n"
        '2026-11-26 09:05,Ana,jessner,"drink-water; moisturising-spritz"\n'
        "2026-11-26 10:05,Bo,jessner,\n"
        "2026-11-26 11:05,Cy,jessner,jessner-no-water\n"
    )
    args = ("batch", str(_export(tmp_path, text)), "--out", str(out), *AUCKLAND, "--outputs", "json")
    code, _, err = run_cli(*args)
    assert code == 1
    ana = json.loads((out / "0002-ana.json").read_text(encoding="utf-8"))
    assert ana["skipped_rules"] == ["drink-water", "moisturising-spritz"]
    assert json.loads((out / "0003-bo.json").read_text(encoding="utf-8"))["skipped_rules"] == []
    assert "row 4: --skip jessner-no-water: it is an avoid window" in err


def test_a_terminal_that_lacks_a_letter_still_gets_every_row(tmp_path: Path) -> None:
    # The summary in plain characters ("Zoe"), and the row after it still planned and written.
    out = tmp_path / "plans"
    export = _export(tmp_path, "time,patient\n2026-11-26 10:00,Zoë\n2026-11-26 11:00,Bob\n")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    args = [sys.executable, "-m", "aftercare_cli", "batch", str(export), "--out", str(out), "--tz", "UTC"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "Zoe" in done.stdout
    assert sorted(path.name for path in out.iterdir())[-3:] == ["0003-bob.html", "0003-bob.ics", "0003-bob.json"]


def test_a_missing_export_prints_no_summary(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("batch", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "p"))
    assert (code, out) == (1, "")
    assert "cannot read" in err
    assert not (tmp_path / "p").exists()


def test_a_fixed_offset_zone_for_the_batch_on_purpose(run_cli, tmp_path: Path) -> None:
    export = _export(tmp_path, "time,peel\n2026-11-26 10:00,custom\n")
    code, _, err = run_cli("batch", str(export), "--out", str(tmp_path / "p"), "--tz", "Etc/GMT+5")
    assert code == 2
    assert "add --fixed-offset" in err
    code, _, err = run_cli("batch", str(export), "--out", str(tmp_path / "p"), "--tz", "Etc/GMT+5", "--fixed-offset")
    assert (code, err) == (0, "")


def test_a_rows_far_date_warning_names_the_row(run_cli, tmp_path: Path) -> None:
    export = _export(tmp_path, "time,peel\n2026-11-26 10:00,custom\n2029-11-26 10:00,custom\n")
    code, _, err = run_cli("batch", str(export), "--out", str(tmp_path / "p"), "--tz", "UTC", "--outputs", "json")
    assert code == 0
    said = " ".join(err.split())
    assert said == (
        "aftercare: warning: row 3: the treatment date 2029-11-26 is more than a year from today (2026-11-25); "
        "check time"
    )


def test_a_rows_bad_value_is_named_by_its_column(run_cli, tmp_path: Path) -> None:
    export = _export(tmp_path, "time,wake,patient\n2026-11-26 10:00,25:00,Ana\n2026-11-26 10:00,07:00,A\x1bB\n")
    code, _, err = run_cli("batch", str(export), "--out", str(tmp_path / "p"), "--tz", "UTC", "--outputs", "json")
    assert code == 1
    assert _errors(err)[2].startswith("wake: '25:00' is not a clock time")
    assert _errors(err)[3].startswith("patient: the name has control characters")


def test_each_row_in_its_patients_language(run_cli, tmp_path: Path) -> None:
    # A `lang` column (or --lang for the rows without one); a language the rules lack is that row's problem.
    spanish = Path(__file__).parent.parent.parent / "examples" / "microdermabrasion-es.yaml"
    export = tmp_path / "today.csv"
    export.write_text("time,patient,lang\n2026-11-26 09:00,Ana,es-MX\n2026-11-26 10:00,Bob,\n2026-11-26 11:00,Cy,xx\n")
    out = tmp_path / "plans"
    code, _, err = run_cli("batch", str(export), "--out", str(out), "--rules", str(spanish), "--tz", "UTC")
    assert code == 1
    assert "row 4: the rules of microdermabrasion-es are not written in 'xx'" in err
    assert json.loads((out / "0002-ana.json").read_text())["lang"] == "es-MX"
    assert "Su plan de cuidados posteriores" in (out / "0002-ana.html").read_text()
    assert json.loads((out / "0003-bob.json").read_text())["lang"] == "en"
    code, _, _ = run_cli("batch", str(export), "--out", str(out), "--rules", str(spanish), "--lang", "es", "--force")
    assert json.loads((out / "0003-bob.json").read_text())["lang"] == "es"
