"""The check before the calendar goes to a phone (`plan --qr`): one line naming what goes, yes or nothing.

A real `plan --qr` on 127.0.0.1 whose standard input is a terminal (a pseudo-terminal here), answered as
the desk would: anything but yes writes nothing and serves nothing. Scripts say `--yes`; with no
terminal to ask on and no `--yes`, the command is refused before anything is made.
"""

import os
import pty
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

AT = ("--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland", "--patient", "Ana Smith")
QUESTION = "Ana Smith · Jessner peel · Thu 26 Nov 14:30 Pacific/Auckland · 51 calendar events: hand over? [y/N] "


class AtATerminal:
    """`aftercare plan ARGS` with a pseudo-terminal for standard input; standard error read as it comes."""

    def __init__(self, folder: Path, *args: str) -> None:
        self.controller, terminal = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aftercare_cli", "plan", *args],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=folder,
            env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
        )
        os.close(terminal)
        self.said = b""

    def read_until(self, ending: bytes) -> str:
        assert self.process.stderr is not None
        deadline = time.monotonic() + 30
        while not self.said.endswith(ending) and time.monotonic() < deadline:
            byte = self.process.stderr.read(1)
            if not byte:
                break
            self.said += byte
        return self.said.decode("utf-8")

    def type(self, text: str) -> None:
        os.write(self.controller, text.encode("utf-8"))

    def finish(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=30)
        os.close(self.controller)
        return self.process.returncode, out.decode("utf-8"), (self.said + err).decode("utf-8")


# The last: a Cyrillic letter that looks like y.
@pytest.mark.parametrize("answer", ["n", "", "no", "N", "ok", "yes please", "\u0443"])
def test_anything_but_yes_writes_nothing_and_serves_nothing(tmp_path: Path, answer: str) -> None:
    files = ("--ics", "plan.ics", "--handout", "plan.html")
    desk = AtATerminal(tmp_path, *AT, *files, "--qr", "--qr-bind", "127.0.0.1", "--qr-wait", "30")
    try:
        said = desk.read_until(b"[y/N] ")
        assert said.endswith(QUESTION)  # the plan's patient, peel, time, zone and size, before anything goes
        desk.type(f"{answer}\n")
        code, out, err = desk.finish()
    finally:
        desk.process.kill()
    assert code == 1
    # (On the desk's screen the terminal's echo of the answer ends the question's line.)
    assert err.endswith(
        f"{QUESTION}aftercare: error: not handed over (the answer was not yes): nothing was written and nothing "
        "served; correct what was wrong and run it again\n"
    )
    assert "http://" not in err  # no link and no code were shown: no one could fetch anything
    assert out.startswith("Microdermabrasion (Jessner peel) for Ana Smith")  # the plan was on screen to check
    assert list(tmp_path.iterdir()) == []  # neither file: a corrected run meets nothing left behind


@pytest.mark.parametrize("answer", ["y", "yes", "Y", " yes "])
def test_yes_writes_the_files_then_serves_the_calendar_once(tmp_path: Path, answer: str) -> None:
    desk = AtATerminal(tmp_path, *AT, "--ics", "plan.ics", "--qr", "--qr-bind", "127.0.0.1", "--qr-wait", "30")
    try:
        desk.read_until(b"[y/N] ")
        assert not (tmp_path / "plan.ics").exists()  # nothing before the answer
        desk.type(f"{answer}\n")
        said = desk.read_until(b"\n" + b"Waiting up to 30 s on 127.0.0.1; Ctrl-C stops.\n")
        url = next(line for line in said.splitlines() if line.startswith("http://127.0.0.1:"))
        with urllib.request.urlopen(url, timeout=10) as response:
            served = response.read()
        code, _, err = desk.finish()
    finally:
        desk.process.kill()
    assert code == 0, err
    assert served == (tmp_path / "plan.ics").read_bytes()
    assert "Delivered to 127.0.0.1; the link no longer works." in err


def test_the_desks_language_says_the_check_and_takes_its_own_yes(tmp_path: Path) -> None:
    rules = Path(__file__).parent.parent.parent / "examples" / "every-feature.yaml"
    german = ("--rules", str(rules), "--lang", "de", *AT[2:])  # its own default peel
    desk = AtATerminal(tmp_path, *german, "--qr", "--qr-bind", "127.0.0.1", "--qr-wait", "30")
    try:
        said = desk.read_until(b"[y/N] ")
        desk.type("ja\n")
        desk.read_until(b"http://127.0.0.1:")
        url = "http://127.0.0.1:" + desk.read_until(b"\n").rsplit("http://127.0.0.1:", 1)[1].strip()
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.read().startswith(b"BEGIN:VCALENDAR")
        code, _, _ = desk.finish()
    finally:
        desk.process.kill()
    question = "Ana Smith · Leichtes Peeling (Beispiel) · Do., 26. Nov. 14:30 Pacific/Auckland · 36 Kalendertermine"
    assert said.endswith(f"{question}: übergeben? [y/N] ")
    assert code == 0  # "ja" is yes at a German desk


def test_with_no_terminal_to_ask_on_it_needs_yes_before_anything(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    code, out, err = run_cli("plan", *AT, "--ics", str(target), "--qr", "--qr-bind", "127.0.0.1")
    assert (code, out) == (2, "")
    assert err == (
        "aftercare: error: --qr asks the desk before handing the plan to a phone, and standard input is not a "
        "terminal; add --yes to hand it over without asking (in a script)\n"
    )
    assert not target.exists()
