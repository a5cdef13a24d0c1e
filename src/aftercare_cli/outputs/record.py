"""The record of what was given (`--record FILE`): one JSON line per plan handed over, appended whole.

So a clinic can show which version of its instructions each patient
received: when, the plan's reference and id, the treatment, peel and
language, what was handed over, and the rules file's fingerprint; the
patient's name only when the desk asks (`--record-name`).

Several desks may share one record (a network folder). Each line is one
`write` to a file opened with O_APPEND, under an exclusive lock where the
system has one (POSIX `lockf`, which NFS passes on; Windows' byte-range lock,
since Windows' C runtime appends by seeking first): two desks at once never
interleave. A write that falls short (a full disk) is cut back off, so the
file holds whole lines only; a last line someone left without its newline
gets one before ours.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from aftercare_cli.errors import OutputError, UsageError
from aftercare_cli.escapes import escaped
from aftercare_cli.model import Plan
from aftercare_cli.outputs.identity import plan_reference, plan_uids

SCHEMA = "aftercare-record/1"
SUFFIX = ".jsonl"  # one JSON document a line: what a spreadsheet's import or `jq` reads
# O_NONBLOCK: a FIFO put where the record was must not hold the desk; it is refused once open.
_FLAGS = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def record_line(plan: Plan, handed_over: Sequence[str], when: datetime, with_name: bool = False) -> bytes:
    """The plan's line: UTF-8 JSON and a newline, `when` (aware) in the plan's zone to the second."""
    overview = plan_uids(plan).overview
    document = {
        "schema": SCHEMA,
        "when": when.astimezone(plan.treated_at.tzinfo).isoformat(timespec="seconds"),
        "reference": plan_reference(plan, overview),
        "plan_id": overview,
        "treatment": plan.treatment.id,
        "peel": plan.peel.id or None,
        "lang": plan.lang,
        "handed_over": list(handed_over),
        "rules_fingerprint": plan.treatment.fingerprint or None,
    }
    if with_name:
        document["patient"] = plan.patient.name or None
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def check_record(path: Path, option: str) -> None:
    """Refuse now what `append_record` would: a name not ending in .jsonl, something not a regular file there,
    a folder that is missing or cannot be written."""
    shown = escaped(str(path))
    if path.suffix.lower() != SUFFIX:
        # Appending to a rules file or a handout by a slip of the keyboard would spoil it.
        raise UsageError(f"{option} {shown} does not end in {SUFFIX}", f"name it e.g. {escaped(path.stem)}{SUFFIX}")
    try:
        found = os.stat(path)
    except FileNotFoundError:
        _check_folder(path.parent, shown)
        return
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror}", "check the name") from None
    if not stat.S_ISREG(found.st_mode):
        raise UsageError(f"{option} {shown} is not a regular file", "give the name of the record file (.jsonl)")
    if not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {shown}: Permission denied", "ask for write access to the record")


def _check_folder(folder: Path, shown: str) -> None:
    if not folder.is_dir():
        raise OutputError(f"cannot write {shown}: the folder {escaped(str(folder))} does not exist", "create it first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {shown}: Permission denied", "choose a folder you can write to")


def append_record(path: Path, line: bytes) -> None:
    """Append `line` (one JSON line, newline-ended) to the record at `path`, whole or not at all."""
    shown = escaped(str(path))
    try:
        handle = os.open(path, _FLAGS, 0o600)  # a record may hold patients' names: the desk's own to share
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror}", "check the record's folder") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OutputError(f"cannot write {shown}: it is not a regular file", "give the record file (.jsonl)")
        with _locked(handle):
            _append(handle, line, shown)
    finally:
        os.close(handle)


def _append(handle: int, line: bytes, shown: str) -> None:
    end = os.lseek(handle, 0, os.SEEK_END)
    data = line
    if end:
        os.lseek(handle, end - 1, os.SEEK_SET)
        if os.read(handle, 1) != b"\n":  # a last line left unfinished: ours starts on a line of its own
            data = b"\n" + line
    try:
        written = os.write(handle, data)  # one write: with O_APPEND it lands whole at the end
        if written != len(data):
            raise OSError(28, "No space left on device")  # what a short write to a regular file means
        os.fsync(handle)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.ftruncate(handle, end)  # under the lock: no other desk's line is after ours
        raise OutputError(
            f"cannot write {shown}: {error.strerror or error}", "check the disk; nothing was added"
        ) from None
    except BaseException:  # Ctrl-C between the write and its end: the record keeps whole lines only
        with contextlib.suppress(OSError):
            if os.fstat(handle).st_size != end + len(data):
                os.ftruncate(handle, end)
        raise


@contextlib.contextmanager
def _locked(handle: int) -> Iterator[None]:
    """An exclusive lock on the record while a line goes in; none where the file system has no locks to give."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_LOCK, 1)  # byte 0, even past the end: retried for up to 10 s
        try:
            yield
        finally:
            os.lseek(handle, 0, os.SEEK_SET)
            with contextlib.suppress(OSError):
                msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    try:
        fcntl.lockf(handle, fcntl.LOCK_EX)
        held = True
    except OSError:  # a share mounted without locks: O_APPEND's single write is what is left
        held = False
    try:
        yield
    finally:
        if held:
            fcntl.lockf(handle, fcntl.LOCK_UN)
