"""Writing a file all at once or not at all.

The bytes go to a temporary file in the target's folder, are flushed to disk,
and only then renamed over the target: a Ctrl-C or an error midway leaves the
old state (no file, or the previous file) and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from aftercare_cli.errors import OutputError, UsageError


def write_atomically(path: Path, data: bytes, *, force: bool = False) -> None:
    if str(path) in ("", "."):
        raise UsageError("the output path is empty", "give a file name, e.g. --ics plan.ics")
    if path.is_dir():
        raise UsageError(f"{path} is a folder", f"give a file name inside it, e.g. {path / 'plan.ics'}")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists", "add --force to replace it, or choose another name")
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist", "create it first") from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}", "choose a folder you can write to") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            # mkstemp makes 0600 files; a calendar file is as readable as any other.
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(stream.fileno(), 0o666 & ~umask)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {path}: {error.strerror}", "check the disk and the folder") from None
        raise
