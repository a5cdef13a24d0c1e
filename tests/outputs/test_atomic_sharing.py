"""Windows refuses to replace a file another program holds open; the write tries again briefly, then names it.

Pretended here: the platform says win32 and `os.replace`/`os.link` fail as Windows' do (a PermissionError
carrying winerror 32, ERROR_SHARING_VIOLATION, or plain access denied on a replace). Each test fails if the
Windows branch is removed. The real write rules (whole or nothing, no temporary file left) are test_atomic's.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from aftercare_cli.errors import OutputError
from aftercare_cli.outputs import atomic
from aftercare_cli.outputs.atomic import write_atomically

SHARING_VIOLATION = 32
LOCK_VIOLATION = 33
ACCESS_DENIED = 5


def _windows_error(winerror: int) -> PermissionError:
    error = PermissionError(13, "The process cannot access the file because it is being used by another process")
    error.winerror = winerror  # type: ignore[attr-defined]  # what Windows' OSError carries
    return error


class Held:
    """`os.replace` (or `os.link`) refused `times` times as Windows refuses it while a viewer has the file open."""

    def __init__(self, real: Callable[..., None], times: int, winerror: int = SHARING_VIOLATION) -> None:
        self.real, self.times, self.winerror, self.calls = real, times, winerror, 0

    def __call__(self, source: str, target: object) -> None:
        self.calls += 1
        if self.calls <= self.times:
            raise _windows_error(self.winerror)
        self.real(source, target)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Windows, with the pauses between tries recorded instead of slept."""
    monkeypatch.setattr(sys, "platform", "win32")
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


@pytest.mark.parametrize("winerror", [SHARING_VIOLATION, LOCK_VIOLATION, ACCESS_DENIED])
def test_a_replace_held_for_a_moment_is_tried_again_and_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, waits: list[float], winerror: int
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")
    held = Held(os.replace, times=2, winerror=winerror)
    monkeypatch.setattr(os, "replace", held)
    write_atomically(target, b"new", force=True, suffix=".pdf")
    assert target.read_bytes() == b"new"
    assert held.calls == 3
    assert waits == [0.05, 0.1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]


def test_a_replace_still_held_names_the_file_to_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, waits: list[float]
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")
    held = Held(os.replace, times=100)
    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(OutputError) as caught:
        write_atomically(target, b"new", force=True, suffix=".pdf")
    assert caught.value.line() == (
        f"cannot write {target}: another program has the file open; close the program that has plan.pdf open "
        "(a PDF viewer, a browser, a sync or virus-scan app), then run again"
    )
    assert held.calls == len(atomic.SHARING_WAITS) + 1  # bounded: about 1.5 s of waiting in all
    assert waits == list(atomic.SHARING_WAITS)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]  # the hidden temporary file is gone


def test_a_new_file_whose_temporary_file_a_scan_holds_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, waits: list[float]
) -> None:
    target = tmp_path / "plan.ics"
    held = Held(os.link, times=1)
    monkeypatch.setattr(os, "link", held)
    write_atomically(target, b"BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert waits == [0.05]


def test_a_read_only_file_is_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, waits: list[float]
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", Held(os.replace, times=100, winerror=ACCESS_DENIED))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != target and real_access(path, mode))
    with pytest.raises(OutputError) as caught:
        write_atomically(target, b"new", force=True, suffix=".pdf")
    assert caught.value.message.endswith("being used by another process")  # the ordinary failure, at once
    assert waits == []


def test_elsewhere_a_refused_replace_is_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")
    held = Held(os.replace, times=100)
    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(OutputError, match="being used by another process"):
        write_atomically(target, b"new", force=True, suffix=".pdf")
    assert (held.calls, slept) == (1, [])


def test_the_desk_reads_one_line_and_exit_1(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows for the writer alone: the whole command pretending would load Click's Windows console code.
    monkeypatch.setattr(atomic, "sys", SimpleNamespace(platform="win32"))
    monkeypatch.setattr(time, "sleep", lambda _seconds: None)
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", Held(os.replace, times=100))
    code, out, err = run_cli("plan", "--at", "14:30", "--tz", "UTC", "--ics", str(target), "--force")
    assert (code, out) == (1, "")
    assert err == (
        f"aftercare: error: cannot write {target}: another program has the file open; close the program that has "
        "plan.ics open (a PDF viewer, a browser, a sync or virus-scan app), then run again\n"
    )
