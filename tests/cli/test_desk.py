"""`aftercare desk`: the guided plan, answered through a pipe and in a real 80x24 terminal (tmux).

Each run is the installed command in a process of its own, in a folder of its own: the files it writes
are checked, and the command line it prints is run through a real shell, which must make the same plan.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
EVERY = ROOT / "examples" / "every-feature.yaml"
LASER = ROOT / "examples" / "laser-hair-removal.yaml"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
ENV.pop("AFTERCARE_RECORD", None)
ENV.pop("AFTERCARE_RULES", None)
# What a calendar says about the minute it was made: its stamp, and its name ("..., made 14:32").
MADE_AT = re.compile(rb"^(DTSTAMP|NAME|X-WR-CALNAME):.*\r\n", re.MULTILINE)
MADE = re.compile(r"(Made|Erstellt am|Creado el|Créé le) [^<]*?(by|mit|con|par) aftercare\.")
REFERENCE = re.compile(r"Reference: ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


def desk(folder: Path, answers: list[str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`aftercare desk ARGS` in `folder`, its answers from a pipe, one a line."""
    return subprocess.run(
        [str(BIN / "aftercare"), "desk", *args],
        input="".join(f"{answer}\n" for answer in answers),
        capture_output=True,
        text=True,
        cwd=folder,
        env=ENV,
        timeout=timeout,
    )


def printed_command(out: str) -> str:
    """The command line under "The same plan from the command line:" (one line, however long)."""
    lines = out.splitlines()
    return lines[lines.index("The same plan from the command line:") + 1]


def _unmade(calendar: bytes) -> bytes:
    return MADE_AT.sub(b"", calendar.replace(b"\r\n ", b""))  # lines unfolded first


def same_plan(desk_folder: Path, command: str, again: Path) -> dict[str, object]:
    """Run `command` through a real shell in the folder `again`: the files it writes must be the desk's, to the
    byte (but for the minute each was made); the JSON of the same command is returned."""
    again.mkdir()
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, cwd=again, env=ENV, timeout=60)
    assert done.returncode == 0, done.stderr
    written = sorted(path.name for path in desk_folder.iterdir() if path.suffix in (".ics", ".html"))
    assert written == sorted(path.name for path in again.iterdir())
    for name in written:
        mine, theirs = (folder / name for folder in (desk_folder, again))
        if name.endswith(".ics"):
            assert _unmade(mine.read_bytes()) == _unmade(theirs.read_bytes())
        else:
            assert MADE.sub("", mine.read_text()) == MADE.sub("", theirs.read_text())
    as_json = subprocess.run(
        ["sh", "-c", re.sub(r" --(handout|ics|pdf|teach-back-lang) \S+| --teach-back", "", command) + " --format json"],
        capture_output=True,
        text=True,
        cwd=again,
        env=ENV,
        timeout=60,
    )
    assert as_json.returncode == 0, as_json.stderr
    document: dict[str, object] = json.loads(as_json.stdout)
    return document


def test_the_bundled_rules_through_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    answers = ["Ana Smith", "2", "", "", "2 4", "", ""]  # treated now: the teach-back has the plan ahead to ask
    done = desk(folder, answers, "--tz", "Pacific/Auckland")
    assert done.returncode == 0, done.stderr
    command = printed_command(done.stdout)
    at = re.search(r"--at '(\d{4}-\d\d-\d\d) (\d\d:\d\d)'", command)
    assert at is not None  # "now", said as the minute it was, so the command makes this very plan later too
    name = f"aftercare-ana-smith-{at[1]}"
    assert sorted(p.name for p in folder.iterdir()) == [f"{name}.html", f"{name}.ics"]
    assert command == (
        f"aftercare plan --peel jessner --at '{at[1]} {at[2]}' --tz Pacific/Auckland --patient 'Ana Smith' "
        f"--handout {name}.html --ics {name}.ics --teach-back"
    )
    document = same_plan(folder, command, tmp_path / "again")
    assert REFERENCE.findall(done.stdout) == [document["reference"]]  # the desk view's plan is the command's
    assert done.stdout.startswith("Microdermabrasion (Jessner peel) for Ana Smith")
    # The questions, each once, on standard error, with what was read from the pipe after each.
    assert "Patient's name (Enter for none): Ana Smith\n" in done.stderr
    assert "  2  Jessner peel (jessner)\nPeel [1]: 2\n" in done.stderr
    assert "14:30 or 2026-11-26 14:30 [now]: \n  = " in done.stderr
    assert f"Wrote {name}.ics: " in done.stderr
    teach_back = done.stdout.split("Ask the patient (teach-back):\n")[1]
    assert teach_back.startswith("1. When does \u201c")  # a window still to end, and the next step
    assert "2. What do you do at " in teach_back


def test_a_fixed_time_makes_the_same_plan_every_day(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    done = desk(folder, ["Ana Smith", "2", "2026-11-26 14:30", "", "4", ""], "--tz", "Pacific/Auckland")
    assert done.returncode == 0, done.stderr
    assert REFERENCE.findall(done.stdout) == ["88A8-5ED1-BB0F"]  # the README's plan, whenever it is asked
    assert "Wrote aftercare-ana-smith-2026-11-26.ics: 51 calendar events." in done.stderr
    assert "  = Thu 26 Nov 2026, 14:30 Pacific/Auckland (+13:00)" in done.stderr
    same_plan(folder, printed_command(done.stdout), tmp_path / "again")


def test_a_rules_file_with_languages_and_variants_through_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    # The strong peel, 08:00 to 23:00, German for the patient, the teach-back in German, a handout.
    answers = ["Zoë O'Brien", "2", "2026-11-26 14:30", "08:00-23:00", "2", "2", "2", ""]
    done = desk(folder, answers, "--rules", str(EVERY), "--tz", "Europe/Berlin")
    assert done.returncode == 0, done.stderr
    assert "  3  Arabic \u2014 العربية (ar)\nThe patient's language [1]: 2\n" in done.stderr
    assert "  2  the patient's: German \u2014 Deutsch (patient)\nTeach-back questions in [1]: 2\n" in done.stderr
    (handout,) = folder.iterdir()
    assert handout.name == "aftercare-zoe-o-brien-2026-11-26.html"
    assert 'lang="de"' in handout.read_text()
    command = printed_command(done.stdout)
    assert command == (
        f"aftercare plan --rules {EVERY} --peel strong --at '2026-11-26 14:30' --tz Europe/Berlin "
        "--patient 'Zoë O'\"'\"'Brien' --wake 08:00 --sleep 23:00 --lang de --desk-lang en "
        f"--handout {handout.name} --teach-back --teach-back-lang patient"
    )
    document = same_plan(folder, command, tmp_path / "again")
    assert document["patient"] == "Zoë O'Brien"  # through the shell's quotes and back
    assert document["lang"] == "de"
    assert REFERENCE.findall(done.stdout) == [document["reference"]]
    assert "Example treatment (format demonstration) (Strong peel (example))" in done.stdout  # the desk's English
    assert "Fragen Sie die Patientin oder den Patienten (Teach-back):" in done.stdout  # the patient's German
    assert "Wann würden Sie uns anrufen?" in done.stdout  # the warning signs: asked, whatever the date


def test_a_treatment_with_areas_and_no_languages_through_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    done = desk(folder, ["", "2", "2026-11-26 10:00", "", "4", ""], "--rules", str(LASER), "--tz", "America/Chicago")
    assert done.returncode == 0, done.stderr
    assert "  1  face and neck (face-neck)\n  2  body\nArea [2]: 2\n" in done.stderr  # the rules' word and default
    assert "language" not in done.stderr  # one language: not asked
    command = printed_command(done.stdout)
    assert command == (
        f"aftercare plan --rules {LASER} --peel body --at '2026-11-26 10:00' --tz America/Chicago "
        "--ics aftercare-2026-11-26.ics --teach-back"
    )
    same_plan(folder, command, tmp_path / "again")


def test_rules_with_several_treatments_ask_which(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    for example in (LASER, ROOT / "examples" / "botox.yaml"):
        shutil.copy(example, rules)
    folder = tmp_path / "desk"
    folder.mkdir()
    answers = ["", "laser", "botx", "2", "1", "2026-11-26 10:00", "", ""]
    done = desk(folder, answers, "--rules", str(rules), "--tz", "UTC")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    asked = [line for line in lines if line.startswith("Treatment: ")]  # no default: a choice to make
    assert len(asked) == 3  # "laser" and "botx" asked again, "2" taken
    assert "unknown treatment 'laser' (valid: botox, laser-hair-removal)" in done.stderr
    assert "unknown treatment 'botx' (valid: botox, laser-hair-removal); did you mean --treatment botox?" in done.stderr
    assert printed_command(done.stdout).startswith(f"aftercare plan --rules {rules} --treatment laser-hair-removal ")


def _plan_says(*args: str) -> str:
    """The one line `plan` gives for these options, without its "aftercare: error: "."""
    done = subprocess.run([str(BIN / "aftercare"), "plan", *args], capture_output=True, text=True, env=ENV)
    assert done.returncode == 2
    return done.stderr.removeprefix("aftercare: error: ").rstrip("\n")


def test_a_bad_answer_is_asked_again_with_the_line_plan_gives(tmp_path: Path) -> None:
    answers = ["Ana\x1b[2J", "Ana", "jesner", "jessner", "25:00", "2026-09-27 02:30", "2026-11-26 14:30"]
    answers += ["07:00-07:30", "7am-22:00", "7", "06:30-22:00", "7", "2,", ""]
    done = desk(tmp_path, answers, "--tz", "Pacific/Auckland")
    assert done.returncode == 0, done.stderr
    for said in (
        _plan_says("--patient", "Ana\x1b[2J"),
        _plan_says("--peel", "jesner"),
        _plan_says("--at", "25:00", "--tz", "Pacific/Auckland"),
        _plan_says("--at", "2026-09-27 02:30", "--tz", "Pacific/Auckland"),
        _plan_says("--wake", "07:00", "--sleep", "07:30"),
        _plan_says("--wake", "7am"),
    ):
        assert f"\n{said}\n" in done.stderr
    assert "\x1b" not in done.stderr  # the escape typed in the name is shown escaped
    assert "\n'7' is not one of the choices; type numbers from 1 to 5, e.g. 2 5\n" in done.stderr
    assert "--wake 06:30" in printed_command(done.stdout)


def test_the_end_of_the_answers_midway_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    done = desk(tmp_path, ["Ana", "2", "2026-11-26 14:30", "", "2"], "--tz", "UTC")  # no file name: the pipe ends
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        "aftercare: error: standard input ended before an answer to 'Handout file'; answer every question "
        "(a pipe: one answer a line), or give the plan's options to 'aftercare plan'"
    )
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_at_a_question_ends_with_130_and_nothing_written(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [str(BIN / "aftercare"), "desk", "--tz", "UTC"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=ENV,
    )
    assert process.stdin is not None
    assert process.stderr is not None
    try:
        process.stdin.write("Ana\n2\n2026-11-26 14:30\n\n2\n")  # up to the handout's name
        process.stdin.flush()
        seen = ""
        while not seen.endswith(".html]: "):
            seen += process.stderr.read(1)  # bounded by the test's own timeout: the question comes
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 130
    assert out == ""
    assert (seen + err).endswith(": \naftercare: error: interrupted\n")  # the question's line ended first
    assert list(tmp_path.iterdir()) == []


PHONE = ("--qr-bind", "127.0.0.1", "--qr-wait", "30")


def _phone_desk(folder: Path, answers: list[str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(BIN / "aftercare"), "desk", "--tz", "Pacific/Auckland", *PHONE, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=folder,
        env=ENV,
    )


def test_the_phone_is_handed_the_calendar_only_after_yes(tmp_path: Path) -> None:
    answers = ["Ana Smith", "2", "2026-11-26 14:30", "", "2 5", "", "y"]
    process = _phone_desk(tmp_path, answers, "--record", "given.jsonl")
    assert process.stdin is not None
    assert process.stderr is not None
    try:
        process.stdin.write("".join(f"{answer}\n" for answer in answers))
        process.stdin.flush()
        seen = []
        for line in process.stderr:
            seen.append(line)
            if line.startswith("http://127.0.0.1:"):
                break
        with urllib.request.urlopen(line.strip(), timeout=10) as response:
            calendar = response.read()
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    said = "".join(seen)
    check = "Ana Smith · Jessner peel · Thu 26 Nov 14:30 Pacific/Auckland · 51 calendar events: hand over? [y/N] y\n"
    assert check in said
    assert said.index("Wrote aftercare-ana-smith-2026-11-26.html") > said.index(check)  # written after the yes
    assert calendar.startswith(b"BEGIN:VCALENDAR")
    assert "Delivered to 127.0.0.1" in err
    assert printed_command(out).endswith("--qr --qr-bind 127.0.0.1 --qr-wait 30 --teach-back --record given.jsonl")
    assert out.rindex("teach-back") > out.index("The same plan from the command line:")  # after the hand-off
    (line,) = (tmp_path / "given.jsonl").read_text().splitlines()
    assert json.loads(line)["handed_over"] == ["screen", "handout", "phone"]


@pytest.mark.parametrize("answer", ["n", "", "no", "ok", "yes please"])
def test_anything_but_yes_hands_nothing_over(tmp_path: Path, answer: str) -> None:
    answers = ["Ana Smith", "2", "2026-11-26 14:30", "", "2 5", "", answer]
    process = _phone_desk(tmp_path, answers, "--record", "given.jsonl")
    out, err = process.communicate("".join(f"{a}\n" for a in answers), timeout=60)
    assert process.returncode == 1
    assert err.splitlines()[-1] == (
        "aftercare: error: not handed over (the answer was not yes): nothing was written and nothing served; "
        "correct what was wrong and run it again"
    )
    assert "http://" not in err  # no link, no code: nothing was served
    assert "Microdermabrasion (Jessner peel) for Ana Smith" in out  # the plan was there to check
    assert list(tmp_path.iterdir()) == []  # no handout, no record


TMUX = shutil.which("tmux")


class Terminal:
    """`aftercare desk` in a detached tmux session of 80x24 on a server of its own; answers typed with send-keys."""

    def __init__(self, folder: Path, *args: str, no_color: bool = False) -> None:
        self.sockets = Path(tempfile.mkdtemp(prefix="aftercare-tmux-"))  # short: a socket's path has a limit
        self.folder = folder
        script = f"{BIN / 'aftercare'} desk {' '.join(args)}; echo $? > exit-code; sleep 60"
        env = {key: value for key, value in ENV.items() if key not in ("COLUMNS", "NO_COLOR")}
        env.update({"NO_COLOR": "1"} if no_color else {})
        self._tmux("new-session", "-d", "-s", "desk", "-x", "80", "-y", "24", "-c", str(folder), script, env=env)

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        assert TMUX is not None
        command = [TMUX, "-S", str(self.sockets / "s"), "-f", os.devnull, *args]
        done = subprocess.run(command, capture_output=True, text=True, env=env or ENV, timeout=20)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen(self) -> str:
        """What the 80x24 window shows now."""
        return self._tmux("capture-pane", "-p", "-t", "desk")

    def everything(self, escapes: bool = False) -> str:
        """All that was shown, scrolled off or not, wrapped lines joined (with the colours' escapes, if asked)."""
        return self._tmux("capture-pane", "-p", "-J", *(["-e"] if escapes else []), "-S", "-", "-t", "desk")

    def answer(self, waiting_for: str, text: str) -> None:
        """Type `text` and Enter once `waiting_for` is on the screen's last line with text."""
        self.wait_for(waiting_for)
        if text:
            self._tmux("send-keys", "-t", "desk", "-l", text)
        self._tmux("send-keys", "-t", "desk", "Enter")

    def wait_for(self, text: str) -> None:
        for _ in range(200):  # at most 20 s
            shown = [line for line in self.screen().splitlines() if line.strip()]
            if shown and text in shown[-1]:
                return
            time.sleep(0.1)
        raise AssertionError(f"never asked {text!r}:\n{self.screen()}")

    def exit_code(self) -> int:
        path = self.folder / "exit-code"
        for _ in range(300):  # at most 30 s
            if path.exists() and path.read_text().strip():
                return int(path.read_text())
            time.sleep(0.1)
        raise AssertionError(f"still running:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "-S", str(self.sockets / "s"), "kill-server"], capture_output=True, timeout=20)
        shutil.rmtree(self.sockets, ignore_errors=True)


@pytest.fixture
def terminal(tmp_path: Path):
    if TMUX is None:
        pytest.skip("tmux is not installed: the 80x24 terminal test needs it (apt-get install tmux)")
    started: list[Terminal] = []

    def start(*args: str, no_color: bool = False) -> Terminal:
        started.append(Terminal(tmp_path, *args, no_color=no_color))
        return started[-1]

    yield start
    for session in started:
        session.close()


def test_the_bundled_rules_in_an_80x24_terminal_with_no_color(terminal, tmp_path: Path) -> None:
    session = terminal("--tz", "Pacific/Auckland", no_color=True)
    session.answer("Patient's name (Enter for none):", "Ana Smith")
    session.answer("Peel [1]:", "jesner")  # a typo: asked again under plan's line
    session.answer("Peel [1]:", "2")
    session.answer("[now]:", "")
    session.answer("[07:00-22:00]:", "")
    session.answer("e.g. 2 5) [1]:", "2")
    session.answer("Handout file [aftercare-ana-smith-", "")
    assert session.exit_code() == 0
    shown = session.everything()
    assert "Peel [1]: jesner\nunknown peel 'jesner' (valid: custom, jessner); did you mean --peel jessner?\n" in shown
    assert re.search(r"Handout file \[aftercare-ana-smith-[\d-]+\.html\]: \n", shown)  # Enter ends the line
    assert all(len(line) <= 80 for line in session.screen().splitlines())
    command = printed_command(shown)  # joined again from the lines the terminal wrapped it onto
    assert command.startswith("aftercare plan --peel jessner --at '")
    document = same_plan(tmp_path, command, tmp_path / "again")
    assert f"Microdermabrasion (Jessner peel) for Ana Smith         Reference: {document['reference']}" in shown
    # What is on the screen at the end: the teach-back with its answers, under the notices.
    assert "Ask the patient (teach-back):" in session.screen()
    assert "Answer: " in session.screen()
    assert "\x1b[" not in session.everything(escapes=True)  # NO_COLOR: no colour, no bold, on a terminal too


def test_a_rules_file_with_languages_in_an_80x24_terminal_with_colour(terminal, tmp_path: Path) -> None:
    session = terminal("--rules", str(EVERY), "--tz", "Europe/Berlin")
    session.answer("Patient's name (Enter for none):", "")
    session.answer("Peel [1]:", "")
    session.answer("[now]:", "2026-11-26 09:00")
    session.answer("[07:00-22:00]:", "")
    session.answer("The patient's language [1]:", "ar")
    session.answer("Teach-back questions in [1]:", "")
    session.answer("e.g. 2 5) [1]:", "1")
    assert session.exit_code() == 0
    shown = session.everything()
    assert "--lang ar --desk-lang en --teach-back" in printed_command(shown)
    assert "What would make you call us?" in shown  # the desk's language, by default
    assert "\x1b[1m" in session.everything(escapes=True)  # a terminal without NO_COLOR: the view in colour
    assert list(tmp_path.iterdir()) == [tmp_path / "exit-code"]  # the screen only: no file


def test_bare_aftercare_on_a_terminal_hints_at_the_desk(terminal, tmp_path: Path, run_cli) -> None:
    session = terminal()  # `aftercare desk`: answered with Ctrl-C at once, then bare `aftercare` in the same window
    session.wait_for("Patient's name")
    session._tmux("send-keys", "-t", "desk", "C-c")
    assert session.exit_code() == 130
    (tmp_path / "exit-code").unlink()
    session._tmux("respawn-pane", "-k", "-t", "desk", f"{BIN / 'aftercare'}; echo $? > exit-code; sleep 60")
    assert session.exit_code() == 0
    assert "New at the desk? 'aftercare desk' asks for each value, one question at a time." in session.everything()
    code, out, _ = run_cli()  # not a terminal: the help alone
    assert code == 0
    assert "aftercare desk' asks" not in out
