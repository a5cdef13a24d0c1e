"""Wiring, exit codes and messages of the command line (in-process)."""

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from aftercare_cli import __version__
from aftercare_cli.cli.inputs import clock

AT = ("--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland")


def test_plan_with_nothing_else_works(run_cli) -> None:
    code, out, err = run_cli("plan", "--peel", "jessner")
    assert code == 0, err
    assert "Jessner peel" in out
    assert "Do not wet your skin" in out


def test_plan_json(run_cli) -> None:
    code, out, _ = run_cli("plan", "--peel", "jessner", *AT, "--format", "json", "--patient", "Ana")
    assert code == 0
    doc = json.loads(out)
    assert doc["patient"] == "Ana"
    assert doc["treated_at"] == "2026-11-26T14:30:00+13:00"


def test_a_plan_made_now_is_made_to_the_minute_everywhere(run_cli) -> None:
    code, out, _ = run_cli("plan", "--peel", "jessner", "--tz", "UTC", "--format", "json")
    assert code == 0
    assert json.loads(out)["treated_at"].endswith(":00+00:00")
    code, out, _ = run_cli("plan", "--peel", "jessner", "--tz", "UTC", "--ics", "-")
    assert code == 0
    starts = re.findall(r"^DTSTART:\d{8}T\d{6}Z", out, re.MULTILINE)
    assert starts
    assert all(start.endswith("00Z") for start in starts)


def test_version(run_cli) -> None:
    assert run_cli("--version")[:2] == (0, f"aftercare {__version__}\n")


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
        (("--wake", "07:00", "--sleep", "07:00"), 2, "is awake for 0 minutes; a waking day is 10 to 20 hours"),
        (
            ("--wake", "07:00", "--sleep", "07:30"),
            2,
            "is awake for 30 minutes; a waking day is 10 to 20 hours; check --sleep",
        ),
        (
            ("--wake", "05:00", "--sleep", "02:00"),
            2,
            "is awake for 21 hours; a waking day is 10 to 20 hours; check --wake",
        ),
        (("--peel", ""), 2, "--peel is empty; give a value, or leave out --peel for the default"),
        (("--treatment", " "), 2, "--treatment is empty"),
        (
            ("--tz", "EST"),
            2,
            "'EST' is a legacy or fixed-offset time zone name, which can be an hour off in summer; use America/New_",
        ),
        (("--tz", "HST"), 2, "use Pacific/Honolulu"),
        (("--tz", "EST5EDT"), 2, "use America/New_York"),
        (("--tz", "Etc/GMT+5"), 2, "for a fixed offset on purpose, add --fixed-offset"),
        (("--at", "9999-12-31 10:00", "--tz", "UTC"), 2, "the year 9999 is out of range"),
        (("--at", "0001-01-01 00:00", "--tz", "Pacific/Auckland"), 2, "the year 1 is out of range"),
        (("--patient", "Ana\x1b[2J"), 2, "--patient: the name has control characters"),
        (("--format", "xml"), 2, "Invalid value for '--format'"),
        (("--pel", "x"), 2, "No such option: --pel"),
        (("--rules", "/no/such/rules.yaml"), 1, "/no/such/rules.yaml: no such file"),
        (("--teach-back", "--format", "json"), 2, "--teach-back is for the desk's screen, and --format json prints"),
        (("--teach-back", "--ics", "-"), 2, "and --ics - prints no screen; leave out --teach-back or --ics -"),
        (("--qr", "--qr-bind", "127.0.0.1"), 2, "standard input is not a terminal; add --yes to hand it over"),
        (("--record", "given.csv"), 2, "--record given.csv does not end in .jsonl"),
    ],
)
def test_bad_input_gets_one_line_and_an_exit_code(run_cli, args, code, message) -> None:
    got, out, err = run_cli("plan", *args)
    assert got == code
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert err.startswith("aftercare: error: ")
    assert "Traceback" not in err


def test_a_bad_rules_file_lists_every_problem(run_cli, tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text(
        "treatment: {id: t, name: T, clinic: C, source: s}\npeels: [{id: a, label: A}]\n"
        "rules:\n  - {id: x, kind: do, title: X, every: 1m, for: 1d}\n  - {id: y, kind: avoid, title: Y}\n"
    )
    code, _, err = run_cli("plan", "--rules", str(rules))
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{rules}:4:")
    assert lines[1].startswith(f"{rules}:5:")
    assert lines[-1] == "aftercare: error: 2 problems; fix them and run again"


def test_rules_from_the_environment(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERCARE_RULES", str(tmp_path / "nowhere.yaml"))
    code, _, err = run_cli("plan")
    assert code == 1
    assert "nowhere.yaml: no such file" in err


def test_the_program_ends_with_its_code_its_output_written_and_atexit_run() -> None:
    # `main` freezes the collector before it exits (to skip the walk of every object on the way out): the
    # exit code, the last of standard output and atexit's handlers must be as they were.
    code = (
        "import atexit, sys; atexit.register(lambda: print('atexit ran')); "
        "from aftercare_cli.cli.run import main; sys.argv = ['aftercare', *sys.argv[1:]]; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "plan", "--peel", "jessner", *AT, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.endswith("}\natexit ran\n")
    assert json.loads(done.stdout.removesuffix("atexit ran\n"))["items"]
    refused = subprocess.run(
        [sys.executable, "-c", code, "plan", "--peel", "nosuch"], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2
    assert refused.stdout == "atexit ran\n"


@pytest.mark.parametrize("command", [["plan", "--peel", "jessner", *AT], ["rules", "list"]])
def test_python_dash_m_and_a_closed_pipe(command: list[str]) -> None:
    # One real process: `python -m`, writing into a pipe whose reader is already
    # gone (`aftercare rules list | head -1`), ends quietly with 0: the reader had what it wanted.
    read_end, write_end = os.pipe()
    os.close(read_end)
    done = subprocess.run(
        [sys.executable, "-m", "aftercare_cli", *command], stdout=write_end, stderr=subprocess.PIPE, timeout=60
    )
    os.close(write_end)
    assert done.returncode == 0
    assert done.stderr == b""


def test_ics_export_writes_the_file_and_tells_the_desk(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    code, out, err = run_cli("plan", "--peel", "jessner", *AT, "--ics", str(target), "--format", "json")
    assert code == 0
    assert json.loads(out)["peel"] == "jessner"  # the chosen output still goes to stdout
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert "iPhone" in err
    assert "Google" in err
    assert "Outlook" in err
    code, _, err = run_cli("plan", *AT, "--ics", str(target))
    assert code == 2
    assert "already exists; add --force" in err
    assert run_cli("plan", *AT, "--ics", str(target), "--force")[0] == 0


def test_ics_to_stdout(run_cli) -> None:
    code, out, _ = run_cli("plan", *AT, "--ics", "-")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR")
    assert "Aftercare:" not in out.splitlines()[0]


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [("", 2, "empty"), ("/", 2, "is a folder"), ("/no/such/folder/p.ics", 1, "does not exist")],
)
def test_bad_ics_targets(run_cli, target: str, code: int, message: str) -> None:
    got, out, err = run_cli("plan", *AT, "--ics", target)
    assert (got, out) == (code, "")
    assert message in err
    assert err.count("\n") == 1


# A plan that writes no file, finds every rule with a reminder and runs no batch loads none of these.
NOT_FOR_A_PLAN = (
    "aftercare_cli.outputs.atomic",
    "aftercare_cli.cli.batch_rows",
    "aftercare_cli.cli.desk_messages",
    "aftercare_cli.ruleset.booking",
    "aftercare_cli.cli.deliver.browser",  # a PDF's
    "aftercare_cli.cli.deliver.paper",
    "aftercare_cli.cli.inputs.earlier_plan",  # --replaces
    "aftercare_cli.cli.commands.batch",  # the other commands: `plan` registers itself alone
    "aftercare_cli.cli.commands.desk",
    "aftercare_cli.cli.commands.rules",
    "csv",
)
# The guided flow (`aftercare desk`), its questions, the record and the teach-back load only on their paths.
GUIDED = (
    "aftercare_cli.cli.guided",
    "aftercare_cli.cli.inputs.asking",
    "aftercare_cli.cli.command_line",
    "rich.prompt",
    "readline",
    "aftercare_cli.outputs.record",
    "aftercare_cli.outputs.teach_back",
)


@pytest.mark.parametrize(
    ("args", "never"),
    [
        (
            ["--format", "json"],
            ("icalendar", "rich", "jinja2", "segno", "aftercare_cli.handoff", "tempfile", *NOT_FOR_A_PLAN, *GUIDED),
        ),
        ([], ("icalendar", "jinja2", "segno", "aftercare_cli.handoff", *NOT_FOR_A_PLAN, *GUIDED)),
        (["--timeline"], ("icalendar", "jinja2", "segno", "aftercare_cli.handoff", *NOT_FOR_A_PLAN, *GUIDED)),
        (["--teach-back"], ("icalendar", "jinja2", "segno", "aftercare_cli.handoff", *NOT_FOR_A_PLAN, *GUIDED[:-1])),
    ],
)
def test_each_path_imports_only_what_it_needs(args: list[str], never: tuple[str, ...]) -> None:
    # Start-up is a feature: the calendar, template and QR libraries load only on the paths that use them.
    code = (
        "import sys; from aftercare_cli.cli.run import run; "
        f"run(['plan', '--at', '2026-11-26 14:30', '--tz', 'UTC', *{args!r}]); "
        f"sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith({never!r}))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "[]"


def test_no_color_means_no_escape_codes_even_on_a_terminal(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich: behave as on a terminal
    code, out, _ = run_cli("plan", *AT)
    assert code == 0
    assert "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run_cli("plan", *AT)
    assert code == 0
    assert "\x1b" not in out


def test_ctrl_c_exits_130(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from aftercare_cli.cli import making as cli

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "make_plan", interrupted)
    code, out, err = run_cli("plan", *AT)
    assert (code, out, err) == (130, "", "aftercare: error: interrupted\n")


def test_import_guidance_comes_after_the_plan_wrapped_with_an_android_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.ics"
    done = subprocess.run(
        [sys.executable, "-m", "aftercare_cli", "plan", "--peel", "jessner", *AT, "--ics", str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("Microdermabrasion (Jessner peel)")
    lines = done.stderr.splitlines()
    text = " ".join(done.stderr.split())
    assert text.startswith(f"Wrote {target}: 51 calendar events. To get it onto the patient's phone:")
    assert max(len(line) for line in lines) <= 80  # a long path is wrapped at its spaces, like the rest
    assert "Android: the Google Calendar app cannot import a file. Open it with the free ICSx5 app" in text
    assert "calendar.google.com" in text
    for line in lines[1:]:  # wrapped between words, never inside one
        assert not line.endswith("-")
        assert line.startswith("  ")


def test_an_ics_name_must_end_in_ics(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("plan", *AT, "--ics", str(tmp_path / "plan.txt"))
    assert (code, out) == (2, "")
    assert "does not end in .ics (phones open only .ics files)" in err
    assert not (tmp_path / "plan.txt").exists()


@pytest.mark.parametrize("args", [[], ["rules"]])
def test_bare_commands_print_their_help_and_exit_0(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "aftercare_cli", *args], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert "Usage: aftercare" in done.stdout
    assert "Commands" in done.stdout


def test_plan_help_reads_cleanly_with_examples_and_types(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli("plan", "--help")
    assert code == 0
    assert not re.search(r"\S \.(\s|$)", out), "a stray space before a full stop"
    assert out.count("Example") >= 4
    assert "--wake 15:00 --sleep 07:00" in out
    assert "--set keep-cool.for=72h" in out
    for option, metavar in (("--ics", "PATH"), ("--handout", "PATH"), ("--at", "TIME"), ("--tz", "ZONE"),
                            ("--peel", "ID"), ("--wake", "HH:MM"), ("--set", "RULE.FIELD=VALUE")):  # fmt: skip
        assert re.search(rf"{re.escape(option)}\s+{re.escape(metavar)}\b", out), option
    assert "<str>" not in out


def test_a_treatment_far_from_today_is_warned_about_and_still_planned(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(2030, 6, 1, 9, 0, tzinfo=timezone.utc))  # not today: the seam
    monkeypatch.setenv("COLUMNS", "80")  # the desk's terminal
    code, out, err = run_cli("plan", "--at", "2031-06-03 10:00", "--tz", "UTC", "--format", "json")
    assert code == 0
    assert json.loads(out)["treated_at"] == "2031-06-03T10:00:00+00:00"
    warning = "the treatment date 2031-06-03 is more than a year from today (2030-06-01); check --at"
    assert " ".join(err.split()) == f"aftercare: warning: {warning}"
    assert all(len(line) <= 80 for line in err.splitlines())  # wrapped at word boundaries, like every notice
    code, _, err = run_cli("plan", "--at", "2031-06-01 10:00", "--tz", "UTC")  # control: within a year, no warning
    assert (code, err) == (0, "")


def _complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "aftercare_cli"],
        env={
            **os.environ,
            **(env or {}),
            "_AFTERCARE_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_the_shell_completes_peels_treatments_settings_and_zones(tmp_path: Path) -> None:
    assert _complete("aftercare plan --peel j") == ["jessner"]
    assert _complete("aftercare plan --peel ") == ["custom", "jessner"]
    assert _complete("aftercare plan --treatment ") == ["microdermabrasion"]
    assert _complete("aftercare plan --set recovery-cream.e") == ["recovery-cream.every="]
    assert "keep-cool.for=" in _complete("aftercare plan --set keep")
    assert _complete("aftercare plan --tz Pacific/Auck") == ["Pacific/Auckland"]
    assert _complete("aftercare plan --tz ES") == []  # legacy names are not offered
    rules = tmp_path / "laser.yaml"
    rules.write_text("treatment: {id: laser, name: L, clinic: C, source: s}\nrules: [{id: a, kind: tip, title: A}]\n")
    assert _complete("aftercare plan --treatment ", {"AFTERCARE_RULES": str(rules)}) == ["laser"]


def test_install_completion_writes_the_shell_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aftercare_cli", "--install-completion", "bash"],
        env={**os.environ, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "_aftercare_completion" in (tmp_path / ".bash_completions" / "aftercare.sh").read_text()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full (always full)")
@pytest.mark.parametrize("args", [["plan", *AT, "--format", "json"], ["plan", *AT], ["rules", "list"]])
def test_a_full_disk_on_standard_output_is_one_line_and_exit_1(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "aftercare_cli", *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert done.returncode == 1
    assert done.stderr == "aftercare: error: cannot write the output: No space left on device\n"


PLAN = ["plan", "--peel", "jessner", *AT]


@pytest.mark.parametrize(
    ("number", "code", "line"),
    [
        (signal.SIGTERM, 143, "aftercare: error: stopped by SIGTERM\n"),
        (signal.SIGHUP, 129, "aftercare: error: stopped by SIGHUP\n"),  # the terminal window closed
        (signal.SIGINT, 130, "aftercare: error: interrupted\n"),
    ],
)
def test_a_signal_during_a_write_leaves_no_file_and_no_temporary_file(
    tmp_path: Path, held_desk, number: int, code: int, line: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    desk = held_desk(*PLAN, "--patient", "Ana Smith", "--ics", str(out / "plan.ics"))
    desk.wait_until_held()  # the whole calendar, with the patient's name, is on disk under a hidden name
    desk.process.send_signal(number)
    assert desk.finish() == (code, line)
    assert list(out.iterdir()) == []


def _started_with(
    hook: str, *args: str, before: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    """`aftercare ARGS` with `hook` run as the command's own modules start to load."""
    code = (
        "import importlib.abc, os, signal, sys\n"
        "class Hook(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, *_):\n"
        "        if name == 'aftercare_cli.cli.app':\n"
        f"            {hook}\n"
        "sys.meta_path.insert(0, Hook())\n"
        "from aftercare_cli.cli.run import main\n"
        f"sys.argv = ['aftercare', *{list(args)!r}]\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=before,  # runs in the child alone, before exec
    )


@pytest.mark.parametrize(
    ("hook", "code", "line"),
    [
        ("os.kill(os.getpid(), signal.SIGINT)", 130, "aftercare: error: interrupted\n"),
        ("os.kill(os.getpid(), signal.SIGTERM)", 143, "aftercare: error: stopped by SIGTERM\n"),
    ],
)
def test_a_signal_while_modules_load_is_one_line_and_its_exit_code(hook: str, code: int, line: str) -> None:
    done = _started_with(hook, *PLAN)
    assert (done.returncode, done.stdout, done.stderr) == (code, "", line)


def test_nohup_keeps_sighup_ignored() -> None:
    # `nohup aftercare ...` asked to outlive the terminal: a SIGHUP while it runs changes nothing.
    done = _started_with(
        "os.kill(os.getpid(), signal.SIGHUP)",
        *PLAN,
        "--format",
        "json",
        before=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),  # inherited across exec, as nohup does it
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["peel"] == "jessner"


@pytest.mark.parametrize(
    ("handout", "code", "words"),
    [("sheet.txt", 2, "does not end in .html"), ("nofolder/h.html", 1, "does not exist; create it first")],
)
def test_every_output_is_checked_before_any_is_written(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handout: str, code: int, words: str
) -> None:
    monkeypatch.chdir(tmp_path)
    got, out, err = run_cli(*PLAN, "--ics", "plan.ics", "--handout", handout)
    assert (got, out) == (code, "")
    assert words in err
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # so the corrected re-run does not meet its own file
    assert run_cli(*PLAN, "--ics", "plan.ics", "--handout", "h.html")[0] == 0


def test_a_write_that_fails_after_another_succeeded_says_which_was_written(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    real_fsync, calls = os.fsync, []

    def full_on_the_second(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_on_the_second)
    ics, page = tmp_path / "plan.ics", tmp_path / "h.html"
    code, _, err = run_cli(*PLAN, "--ics", str(ics), "--handout", str(page))
    assert code == 1
    assert err == (
        f"aftercare: error: cannot write {page}: No space left on device, but {ics} was written; "
        "free some space on the disk, or choose another folder\n"
    )
    assert ics.read_bytes().endswith(b"END:VCALENDAR\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ics"]


def _plan_in(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "aftercare_cli", *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("view", [[], ["--timeline"]])
def test_a_terminal_that_lacks_characters_gets_plain_ones(encoding: str, view: list[str]) -> None:
    done = _plan_in(encoding, *PLAN, "--patient", "Zoë Ōtaki", *view)
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode(encoding)
    assert "Microdermabrasion (Jessner peel)" in text
    assert ("Zoë Otaki" if encoding == "latin-1" else "Zoe Otaki") in text  # what it has, else the bare letter
    assert "Do not wet your skin" in text


@pytest.mark.parametrize(
    "command", [[*PLAN, "--format", "json", "--patient", "Zoë 🌸"], ["rules", "list", "--format", "json"]]
)
def test_json_in_ascii_is_the_same_document_escaped(command: list[str]) -> None:
    done = _plan_in("ascii", *command)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.isascii()
    reference = _plan_in("utf-8", *command)
    assert json.loads(done.stdout) == json.loads(reference.stdout)


def test_rules_list_in_ascii(run_cli) -> None:
    done = _plan_in("ascii", "rules", "list")
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"jessner" in done.stdout


def _closed(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (PLAN, "aftercare: error: standard output is closed: the plan has nowhere to go; run it without >&-\n"),
        ([*PLAN, "--ics", "-"], "aftercare: error: standard output is closed: the plan has nowhere to go; "
         "run it without >&-\n"),
        (["rules", "list"], "aftercare: error: cannot write the output: standard output is closed\n"),
        (["--version"], "aftercare: error: cannot write the output: standard output is closed\n"),
    ],
)  # fmt: skip
def test_a_closed_standard_output_is_one_line_and_exit_1(args: list[str], line: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aftercare_cli", *args],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_closed(1),  # the child alone: `aftercare ... >&-`
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, line)


def test_a_closed_standard_output_writes_no_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aftercare_cli", *PLAN, "--ics", str(tmp_path / "plan.ics")],
        stderr=subprocess.PIPE,
        preexec_fn=_closed(1),
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "code"), [(["plan", "--peel", "bogus"], 2), ([*PLAN, "--format", "json"], 0)])
def test_a_closed_standard_error_keeps_the_exit_code(args: list[str], code: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aftercare_cli", *args],
        stdout=subprocess.PIPE,
        preexec_fn=_closed(2),
        timeout=60,
        check=False,
    )
    assert done.returncode == code


# A name a shared folder may hold: an escape sequence that retitles the terminal, a newline, a bidi override.
EVIL = "evil\x1b]0;owned\x07\nname\u202e"
EVIL_SHOWN = "evil\\x1b]0;owned\\x07\\x0aname\\u202e"


def _one_visible_line(err: str) -> None:
    assert err.count("\n") == 1
    assert err.startswith("aftercare: error: ")
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "\u202e" not in err
    assert EVIL_SHOWN in err


def _evil_rules(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / (EVIL + ("" if kind == "folder without yaml" else ".yaml"))
    if kind == "not a regular file":
        os.mkfifo(path)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "not UTF-8":
        path.write_bytes(b"treatment: caf\xe9\n")
    elif kind == "too large":
        path.write_bytes(b"#" * (512 * 1024 + 1))
    elif kind == "folder without yaml":
        path.mkdir()
    elif kind == "invalid":
        path.write_text("treatment: {id: t}\n")
    return path


@pytest.mark.parametrize(
    "kind", ["missing", "not a regular file", "empty", "not UTF-8", "too large", "folder without yaml", "invalid"]
)
@pytest.mark.parametrize("command", ["plan", "rules"])
def test_a_rules_file_name_is_shown_escaped_on_one_line(run_cli, tmp_path: Path, kind: str, command: str) -> None:
    path = _evil_rules(tmp_path, kind)
    args = ["plan", "--rules", str(path)] if command == "plan" else ["rules", "check", str(path)]
    code, out, err = run_cli(*args)
    assert (code, out) == (1, "")
    if kind == "invalid":  # several problems, each one line, each escaped
        assert "\x1b" not in err
        assert all(EVIL_SHOWN in line for line in err.splitlines()[:-1])
    else:
        _one_visible_line(err)


def test_an_unreadable_rules_file_is_exit_1_and_names_no_variable_it_did_not_use(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    rules = tmp_path / "rules.yaml"
    rules.write_text("treatment: {id: t}\n")

    def refuse(*_: object) -> int:  # simulated: the tests may run as root, who reads anything
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    code, _, err = run_cli("plan", "--rules", str(rules))
    assert code == 1
    assert err == f"aftercare: error: {rules}: cannot open (Permission denied)\n"
    assert "AFTERCARE_RULES" not in err


def test_good_rules_in_a_folder_with_an_escape_in_its_name_list_without_it(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / EVIL
    folder.mkdir()
    (folder / "laser.yaml").write_text(
        "treatment: {id: laser, name: L, clinic: C, source: s}\nrules: [{id: a, kind: tip, title: A}]\n"
    )
    for args in (["rules", "list", "--rules", str(folder)], ["rules", "check", str(folder)]):
        code, out, _ = run_cli(*args)
        assert code == 0
        assert "\x1b" not in out
        assert EVIL_SHOWN in out


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--format", "x\u202eb"],
        ["plan", "--pe\u202el", "x"],
        ["plan", "extra\u202e"],
        ["plan", "--qr-wait", "1\u202e"],
        ["no\u202ecommand"],
    ],
)
def test_a_bad_option_value_is_echoed_visible(run_cli, args: list[str]) -> None:
    code, _, err = run_cli(*args)
    assert code == 2
    assert "\u202e" not in err
    assert "\\u202e" in err
    assert err.count("\n") == 1


def test_an_output_name_is_shown_escaped(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli(*PLAN, "--ics", str(tmp_path / (EVIL + ".txt")))
    assert code == 2
    _one_visible_line(err)


def test_completion_says_what_kind_of_variant_each_id_is() -> None:
    # zsh shows the help beside each id: "Area: body" for a treatment whose variants are areas, "Peel: ..." else.
    done = subprocess.run(
        [sys.executable, "-m", "aftercare_cli"],
        env={
            **os.environ,
            "_AFTERCARE_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "aftercare plan --rules examples/laser-hair-removal.yaml --peel ",
        },
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    said = done.stdout.replace("\\", "")  # zsh's own escape of ':'
    assert '"body":"Area: body"' in said
    assert '"face-neck":"Area: face and neck"' in said
    assert _complete("aftercare plan --peel j") == ["jessner"]  # bash: the ids alone


def test_completion_in_the_rules_the_line_names() -> None:
    # `--rules` is still text while the shell completes: it must be read as a path, not a traceback.
    words = "aftercare plan --rules examples/laser-hair-removal.yaml --peel "
    assert _complete(words) == ["body", "face-neck"]
