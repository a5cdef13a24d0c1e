"""Wiring, exit codes and messages of the command line (in-process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aftercare_cli import __version__

AT = ("--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland")


def test_plan_with_nothing_else_works(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("plan", "--peel", "jessner")
    assert code == 0, err
    assert "Jessner peel" in out and "Do not wet your skin" in out


def test_plan_json(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("plan", "--peel", "jessner", *AT, "--format", "json", "--patient", "Ana")
    assert code == 0
    doc = json.loads(out)
    assert doc["patient"] == "Ana" and doc["treated_at"] == "2026-11-26T14:30:00+13:00"


def test_version(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("--version")[:2] == (0, f"aftercare {__version__}\n")


def test_every_command_has_help(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("plan", "--help")
    assert code == 0 and "Example: aftercare plan" in out and "--peel" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--peel", "jesner"), 2, "unknown peel 'jesner' (valid: custom, jessner); did you mean --peel jessner?"),
        (("--treatment", "botox"), 2, "unknown treatment 'botox' (valid: microdermabrasion)"),
        (("--at", "03/04/2026"), 2, "is not a time this tool reads"),
        (("--at", "2026-02-30 10:00"), 2, "there is no such date"),
        (("--at", "2026-09-27 02:30", "--tz", "Pacific/Auckland"), 2, "does not exist in Pacific/Auckland"),
        (("--at", "2026-10-25 01:30", "--tz", "Europe/London"), 2, "happens twice in Europe/London"),
        (("--tz", "Europe/Londn"), 2, "did you mean Europe/London"),
        (("--tz", "UTC+5"), 2, "offsets like UTC+5 are ambiguous"),
        (("--wake", "7am"), 2, "--wake: '7am' is not a clock time"),
        (("--wake", "07:00", "--sleep", "07:00"), 2, "--wake and --sleep are the same time"),
        (("--at", "9999-12-31 10:00", "--tz", "UTC"), 2, "outside the years a calendar can hold"),
        (("--patient", "Ana\x1b[2J"), 2, "--patient: the name has control characters"),
        (("--format", "xml"), 2, "Invalid value for '--format'"),
        (("--pel", "x"), 2, "No such option: --pel"),
        (("--rules", "/no/such/rules.yaml"), 1, "/no/such/rules.yaml: no such file"),
    ],
)
def test_bad_input_gets_one_line_and_an_exit_code(run_cli, args, code, message) -> None:  # type: ignore[no-untyped-def]
    got, out, err = run_cli("plan", *args)
    assert got == code
    assert out == ""
    assert message in err
    assert err.count("\n") == 1 and err.startswith("aftercare: error: ")
    assert "Traceback" not in err


def test_a_bad_rules_file_lists_every_problem(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = tmp_path / "bad.yaml"
    rules.write_text(
        "treatment: {id: t, name: T, clinic: C, source: s}\npeels: [{id: a, label: A}]\n"
        "rules:\n  - {id: x, kind: do, title: X, every: 1m, for: 1d}\n  - {id: y, kind: avoid, title: Y}\n"
    )
    code, _, err = run_cli("plan", "--rules", str(rules))
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{rules}:4:") and lines[1].startswith(f"{rules}:5:")
    assert lines[-1] == "aftercare: error: 2 problems; fix them and run again"


def test_rules_from_the_environment(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AFTERCARE_RULES", str(tmp_path / "nowhere.yaml"))
    code, _, err = run_cli("plan")
    assert code == 1 and "nowhere.yaml: no such file" in err


def test_python_dash_m_and_a_closed_pipe() -> None:
    # One real process: `python -m`, writing into a pipe whose reader is already
    # gone (`aftercare plan | head -1`), must end quietly, without a traceback.
    read_end, write_end = os.pipe()
    os.close(read_end)
    command = [sys.executable, "-m", "aftercare_cli", "plan", "--peel", "jessner", *AT]
    done = subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, timeout=60, check=False)
    os.close(write_end)
    assert done.returncode == 1
    assert done.stderr == b""
