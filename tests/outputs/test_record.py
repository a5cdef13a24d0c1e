"""The record of what was given (`--record`): one valid JSON line per plan, appended whole, by two desks at once."""

import json
import os
import subprocess
import sys
import time
import types
from datetime import datetime, timezone
from pathlib import Path

import pytest

from aftercare_cli.errors import OutputError, UsageError
from aftercare_cli.model import Patient
from aftercare_cli.outputs.identity import plan_reference, plan_uids
from aftercare_cli.outputs.record import append_record, check_record, record_line
from conftest import plan_for

WHEN = datetime(2026, 11, 26, 1, 45, 12, tzinfo=timezone.utc)


def _plan(bundled, name: str = "Ana Smith"):
    return plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name=name))


def test_a_line_says_what_was_given_and_no_name_unless_asked(bundled) -> None:
    plan = _plan(bundled)
    line = record_line(plan, ["screen", "handout", "phone"], WHEN)
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    document = json.loads(line)
    assert document == {
        "schema": "aftercare-record/1",
        "when": "2026-11-26T14:45:12+13:00",
        "reference": plan_reference(plan),
        "plan_id": plan_uids(plan).overview,
        "treatment": "microdermabrasion",
        "peel": "jessner",
        "lang": "en",
        "handed_over": ["screen", "handout", "phone"],
        "rules_fingerprint": bundled.treatment.fingerprint,
    }
    assert b"Ana" not in line
    assert json.loads(record_line(plan, ["screen"], WHEN, with_name=True))["patient"] == "Ana Smith"


def test_lines_are_appended_and_a_line_left_unfinished_is_ended_first(bundled, tmp_path: Path) -> None:
    path = tmp_path / "given.jsonl"
    line = record_line(_plan(bundled), ["screen"], WHEN)
    append_record(path, line)
    append_record(path, line)
    assert path.read_bytes() == line * 2
    with path.open("ab") as handle:
        handle.write(b'{"half": ')  # someone's editor, or a desk on a disk that filled up elsewhere
    append_record(path, line)
    assert path.read_bytes().endswith(b'{"half": \n' + line)


def test_a_write_that_falls_short_leaves_the_record_as_it_was(bundled, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "given.jsonl"
    line = record_line(_plan(bundled), ["screen"], WHEN)
    append_record(path, line)
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, data[:10]))  # a full disk
    with pytest.raises(OutputError) as caught:
        append_record(path, line)
    assert caught.value.line().endswith(": No space left on device; check the disk; nothing was added")
    assert path.read_bytes() == line


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("given.txt", UsageError, "--record {path} does not end in .jsonl; name it e.g. given.jsonl"),
        ("folder.jsonl", UsageError, "--record {path} is not a regular file"),
        ("missing/given.jsonl", OutputError, "the folder {folder} does not exist"),
    ],
)
def test_a_record_that_cannot_be_one_is_refused_before_anything(tmp_path: Path, name, error, message) -> None:
    (tmp_path / "folder.jsonl").mkdir()
    path = tmp_path / name
    with pytest.raises(error) as caught:
        check_record(path, "--record")
    assert message.format(path=path, folder=path.parent) in caught.value.line()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_where_the_record_was_is_refused_without_waiting(bundled, tmp_path: Path) -> None:
    path = tmp_path / "given.jsonl"
    os.mkfifo(path)
    with pytest.raises(UsageError, match="is not a regular file"):
        check_record(path, "--record")
    with pytest.raises(OutputError, match="not a regular file"):  # appeared after the check: refused once open
        append_record(path, record_line(_plan(bundled), ["screen"], WHEN))


APPENDER = """
import sys, time
from pathlib import Path
from aftercare_cli.outputs.record import append_record
path, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
Path(sys.argv[4]).touch()
for _ in range(6000):  # both desks start together (at most 30 s)
    if Path(sys.argv[5]).exists():
        break
    time.sleep(0.005)
for index in range(count):
    # Lines of 20 kB: far more than a pipe's atomic 4 kB, so only the append and the lock keep them whole.
    append_record(path, ('{"desk": "%s", "n": %d, "pad": "%s"}' % (tag, index, tag * 20000) + "\\n").encode())
"""


def test_two_desks_appending_at_once_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "given.jsonl"
    go = tmp_path / "go"
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", APPENDER, str(path), tag, "300", str(tmp_path / f"ready-{tag}"), str(go)]
        )
        for tag in "ab"
    ]
    for _ in range(600):  # at most 30 s for both to start
        if all((tmp_path / f"ready-{tag}").exists() for tag in "ab"):
            break
        time.sleep(0.05)
    go.touch()
    for desk in desks:
        assert desk.wait(120) == 0
    lines = path.read_bytes().split(b"\n")
    assert lines.pop() == b""  # the file ends with a newline
    documents = [json.loads(line) for line in lines]  # every line is valid JSON: none was cut into another
    assert len(documents) == 600
    for tag in "ab":
        assert [d["n"] for d in documents if d["desk"] == tag] == list(range(300))
        assert all(d["pad"] == tag * 20000 for d in documents if d["desk"] == tag)
    order = "".join(d["desk"] for d in documents)
    assert order.count("ab") + order.count("ba") > 2  # the two desks did write at the same time


def test_on_windows_the_line_goes_in_under_a_byte_range_lock(bundled, tmp_path: Path, monkeypatch) -> None:
    calls: list[tuple[str, int, int]] = []
    fake = types.ModuleType("msvcrt")
    fake.LK_LOCK, fake.LK_UNLCK = 1, 0  # type: ignore[attr-defined]

    def locking(handle: int, mode: int, size: int) -> None:
        calls.append(("lock" if mode == 1 else "unlock", os.lseek(handle, 0, os.SEEK_CUR), size))

    fake.locking = locking  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    path = tmp_path / "given.jsonl"
    line = record_line(_plan(bundled), ["screen"], WHEN)
    append_record(path, line)
    append_record(path, line)
    assert calls == [("lock", 0, 1), ("unlock", 0, 1)] * 2  # byte 0, locked before and unlocked after each line
    assert path.read_bytes() == line * 2
