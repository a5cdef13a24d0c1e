"""Writing a file all at once or not at all, and only ever over a regular file.

The bytes go to a temporary file in the target's folder, are flushed to disk,
and only then renamed over the target: a Ctrl-C or an error midway leaves the
old state (no file, or the previous file) and no temporary file behind.

What may be replaced, with `--force`: a regular file. A FIFO, socket, device or
folder is refused as it is (and never opened, so a FIFO cannot block us). A
symbolic link to a regular file is written through: its target is replaced
atomically and the link stays a link, as an editor saving through a link does.
Every file the tool writes goes through here.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from aftercare_cli import option_names as opt
from aftercare_cli.errors import OutputError, UsageError
from aftercare_cli.visible import visible

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def write_atomically(path: Path, data: bytes, *, force: bool = False, suffix: str = ".ics", why: str = "") -> None:
    """Write `data` to `path`, a name ending in `suffix` (`why` says why that ending matters)."""
    example = f"plan{suffix}"
    if str(path) in ("", "."):
        raise UsageError("the output path is empty", f"give a file name, e.g. {example}")
    shown = visible(str(path))
    if path.suffix.lower() != suffix and not path.is_dir():
        reason = f" ({why})" if why else ""
        raise UsageError(f"{shown} does not end in {suffix}{reason}", f"name it e.g. {visible(path.stem)}{suffix}")
    target = _regular_target(path, shown, example)
    if target is not None and not force:
        raise UsageError(f"{shown} already exists", f"add {opt.FORCE} to replace it, or choose another name")
    _replace(target or path, data, shown)


def _regular_target(path: Path, shown: str, example: str) -> Path | None:
    """The regular file that `path` names (through a link), None if there is none yet; else refuse."""
    try:
        found = os.stat(path)  # follows a link: the link's target is what gets replaced
    except FileNotFoundError:
        if path.is_symlink():
            raise UsageError(f"{shown} is a link to nothing", "remove the link or choose another name") from None
        return None
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror}", "choose another name") from None
    if stat.S_ISREG(found.st_mode):
        return Path(os.path.realpath(path))
    what = next((name for test, name in _KINDS if test(found.st_mode)), "not a regular file")
    hint = f"give a file name inside it, e.g. {visible(str(path / example))}" if stat.S_ISDIR(found.st_mode) else ""
    raise UsageError(
        f"{shown} is {what}; only a regular file is ever replaced", hint or "give the name of a file to write"
    )


def _replace(path: Path, data: bytes, shown: str) -> None:
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:
        raise OutputError(
            f"cannot write {shown}: the folder {visible(str(folder))} does not exist", "create it first"
        ) from None
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror}", "choose a folder you can write to") from None
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
            raise OutputError(f"cannot write {shown}: {error.strerror}", "check the disk and the folder") from None
        raise
