"""Windows: closing the console window (or Ctrl+Break) stops a write as SIGHUP does elsewhere, with its clean-up.

Windows is pretended for the shell alone (`cli.run` sees win32; the rest of the program, Click included, stays on
Linux): ctypes' WinDLL is a fake kernel32 that keeps the console handler the shell adds, and SIGBREAK, which
Linux lacks, is SIGUSR1 here (the report then says SIGUSR1, where Windows says SIGBREAK). The test calls the
handler as Windows would, on a thread of its own. Each test fails if the Windows branch of `cli.run` is removed.
"""

from __future__ import annotations

import _thread
import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aftercare_cli.cli import run as shell

CTRL_C_EVENT, CTRL_BREAK_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT = 0, 1, 2, 5, 6
PLAN = ("plan", "--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland", "--format", "json")


class _Kernel32:
    """SetConsoleCtrlHandler as Windows keeps it: a list of handlers, the last added called first."""

    def __init__(self) -> None:
        self.handlers: list[Callable[[int], int]] = []

    def SetConsoleCtrlHandler(self, handler: Callable[[int], int], add: bool) -> int:
        if add:
            self.handlers.append(handler)
        else:
            self.handlers.remove(handler)
        return 1


class _OnlyThePlatform:
    """`sys` as `cli.run` sees it: win32, everything else the real module's."""

    platform = "win32"

    def __getattr__(self, name: str) -> Any:
        return getattr(sys, name)


def _stop_caught(cause: Callable[[], object]) -> shell._Stopped:
    """What `cause` makes this (the main) thread raise: Python runs a signal's handler at its next step."""
    try:
        cause()
        for _ in range(1000):  # at most 10 s
            threading.Event().wait(0.01)
    except shell._Stopped as stop:
        return stop
    raise AssertionError("the program was never stopped")


@pytest.fixture
def kernel32(monkeypatch: pytest.MonkeyPatch) -> _Kernel32:
    fake = _Kernel32()
    monkeypatch.setattr(shell, "sys", _OnlyThePlatform())
    monkeypatch.setattr(signal, "SIGBREAK", signal.SIGUSR1, raising=False)
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error=False: fake, raising=False)
    monkeypatch.setattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE, raising=False)
    return fake


def test_closing_the_console_during_a_write_leaves_no_file_and_holds_windows_until_then(
    run_cli, kernel32: _Kernel32, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    seen: dict[str, Any] = {}
    real_fsync = os.fsync
    # The main thread waits in C (on a raw lock), where the stop Windows asks for cannot reach it yet, until the
    # handler has returned (it did not wait for the clean-up) or half a second has passed (it is waiting); the
    # close comes only once the main thread is (all but) there.
    gate, ready = _thread.allocate_lock(), _thread.allocate_lock()
    gate.acquire()
    ready.acquire()

    def open_gate() -> None:
        with contextlib.suppress(RuntimeError):  # opened already by the other one
            gate.release()

    def windows_delivers_the_close() -> None:
        (handler,) = kernel32.handlers
        ready.acquire(timeout=10)
        seen["returned"] = handler(CTRL_CLOSE_EVENT)
        seen["left when Windows went on"] = sorted(p.name for p in out.iterdir())
        open_gate()

    def fsync_then_the_window_closes(fd: int) -> None:
        real_fsync(fd)  # the whole calendar is on disk under its hidden temporary name
        seen["during the write"] = sorted(p.name for p in out.iterdir())
        threading.Timer(0.5, open_gate).start()
        seen["windows"] = threading.Thread(target=windows_delivers_the_close)
        seen["windows"].start()
        ready.release()
        gate.acquire(timeout=10)

    monkeypatch.setattr(os, "fsync", fsync_then_the_window_closes)
    code, _, err = run_cli(*PLAN, "--ics", str(out / "plan.ics"))
    seen["windows"].join(timeout=10)
    assert (code, err) == (128 + signal.SIGUSR1, "aftercare: error: stopped by SIGUSR1\n")  # Windows: SIGBREAK, 149
    assert len(seen["during the write"]) == 1  # the hidden temporary file
    assert seen["returned"] == 1
    assert seen["left when Windows went on"] == []  # Windows was held back until the write had cleaned up
    assert kernel32.handlers == []  # taken off again when the run ended


@pytest.mark.parametrize("event", [CTRL_C_EVENT, CTRL_BREAK_EVENT])
def test_ctrl_c_and_ctrl_break_pass_on_to_the_c_runtime(kernel32: _Kernel32, event: int) -> None:
    undo = shell._stop_on_signals()
    try:
        (handler,) = kernel32.handlers
        assert handler(event) == 0  # the next handler (the C runtime's) makes them SIGINT and SIGBREAK
    finally:
        undo()


@pytest.mark.parametrize("event", [CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT])
def test_logoff_and_shutdown_stop_like_a_closed_window(kernel32: _Kernel32, event: int) -> None:
    undo = shell._stop_on_signals()
    answers: list[int] = []
    try:
        (handler,) = kernel32.handlers
        windows = threading.Thread(target=lambda: answers.append(handler(event)))
        assert _stop_caught(windows.start).number == signal.SIGUSR1
    finally:
        undo()
    windows.join(timeout=10)
    assert answers == [1]


def test_ctrl_break_stops_like_sigterm(kernel32: _Kernel32) -> None:
    undo = shell._stop_on_signals()
    try:
        assert signal.getsignal(signal.SIGUSR1) is shell._stop  # SIGBREAK's handler
        assert _stop_caught(lambda: os.kill(os.getpid(), signal.SIGUSR1)).number == signal.SIGUSR1
    finally:
        undo()
    assert signal.getsignal(signal.SIGUSR1) is signal.SIG_DFL


def test_elsewhere_no_console_handler_is_added(kernel32: _Kernel32, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_OnlyThePlatform, "platform", "linux")
    undo = shell._stop_on_signals()
    try:
        assert kernel32.handlers == []
    finally:
        undo()
