"""Writing a file all at once or not at all, only ever over a regular file, never over one that appeared meanwhile.

The bytes go to a temporary file in the target's folder and are flushed to
disk; only then does the file take its name. Without `--force` it is linked
to the name, which fails if anything has that name by then: the "already
exists" check and the creation are one step, so of two desks writing the same
name at the same moment exactly one writes and the other is told the file
exists. With `--force` it is renamed over the target: at every moment the name
holds one whole file, the old one or the new. A Ctrl-C, SIGTERM or SIGHUP (the
shell turns each into an exception) or an error midway leaves the old state
and no temporary file behind; only SIGKILL, which no program can catch, leaves
the hidden temporary file.

What may be replaced, with `--force`: a regular file. A FIFO, socket, device or
folder is refused as it is (and never opened, so a FIFO cannot block us). A
symbolic link to a regular file is written through: its target is replaced
atomically and the link stays a link, as an editor saving through a link does.
Every file the tool writes goes through here; `check_target` refuses up front
what can be known before writing, so a command with two outputs checks both
before it writes either. On Windows a file another program holds open (a PDF
viewer, a virus scan, a sync client) cannot be replaced: the last step is
retried for a moment, then the desk is told which file to close.

`follow_links=False` (a batch writing into its folder) never writes through a
link: a link at the name is refused (`lstat`, and a re-check when the name is
given), so a link planted under a row's predictable name cannot carry a
patient's plan onto another file. The hidden temporary file is created with
O_EXCL (`mkstemp`), which never follows a link either. Several files can be
written together: `stage` writes each to its temporary file, `commit` gives it
its name (a rename or a link, no copying), `discard` removes it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aftercare_cli import option_names as opt
from aftercare_cli.errors import OutputError, UsageError
from aftercare_cli.escapes import escaped
from aftercare_cli.frozen import frozen

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)
_NAME_MAX = 255  # bytes in one name, where the folder cannot say: the limit of every common file system
_TEMPORARY = "..XXXXXXXX.tmp"  # what the temporary name adds to the target's: a dot, a dot, mkstemp's 8, the suffix
# A file system without hard links (FAT, some network shares) says one of these to os.link.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}
# Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: another program has the file open.
_SHARING = {32, 33}
SHARING_WAITS = (0.05, 0.1, 0.2, 0.4, 0.8)  # seconds between tries, 1.55 s in all: a viewer or a scan lets go
_WRITABLE = "choose a folder you can write to"
_HINTS = {
    errno.ENAMETOOLONG: "choose a shorter name",
    errno.ENOSPC: "free some space on the disk, or choose another folder",
    getattr(errno, "EDQUOT", errno.ENOSPC): "free some space on the disk, or choose another folder",
    errno.EACCES: _WRITABLE,
    errno.EPERM: _WRITABLE,
    errno.EROFS: _WRITABLE,
}


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words: "a folder", "a FIFO (named pipe)", "a device"."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


@frozen
class Staged:
    """A file's bytes on disk under a hidden temporary name, waiting to take their name (`commit`)."""

    target: Path
    temporary: str
    shown: str
    replace: bool
    follow_links: bool


def write_atomically(
    path: Path, data: bytes, *, force: bool = False, suffix: str = ".ics", why: str = "", follow_links: bool = True
) -> None:
    """Write `data` to `path`, a name ending in `suffix` (`why` says why that ending matters)."""
    staged = stage(path, data, force=force, suffix=suffix, why=why, follow_links=follow_links)
    try:
        commit(staged)
    finally:
        discard(staged)


def check_target(
    path: Path, *, force: bool = False, suffix: str = ".ics", why: str = "", follow_links: bool = True
) -> None:
    """Raise now what `write_atomically` would refuse: the name, its ending, what is there, the folder."""
    _checked(path, force, suffix, why, follow_links)


def stage(
    path: Path, data: bytes, *, force: bool = False, suffix: str = ".ics", why: str = "", follow_links: bool = True
) -> Staged:
    """`data` checked for `path` and written to a temporary file beside it, flushed to disk; nothing named yet."""
    target, shown = _checked(path, force, suffix, why, follow_links)
    return Staged(target, _filled(target, data, shown), shown, force, follow_links)


def commit(staged: Staged) -> None:
    """The staged file takes its name: replacing a regular file (with force), else only a free name."""
    try:
        if not staged.follow_links:
            _refuse_link(staged.target, staged.shown)  # planted since the check: still refused, not written through
        if staged.replace:
            _while_held(
                lambda: os.replace(staged.temporary, staged.target), staged.target, staged.shown, replacing=True
            )
        else:
            _link(staged.temporary, staged.target, staged.shown)
    except OSError as error:
        raise _failure(error, staged.shown) from None


def discard(staged: Staged) -> None:
    """The temporary file removed, if it is still there (after a link, or a commit that never came)."""
    with contextlib.suppress(OSError):
        os.unlink(staged.temporary)


def _checked(path: Path, force: bool, suffix: str, why: str, follow_links: bool = True) -> tuple[Path, str]:
    """The file to write (a link's target when there is one) and the name as shown, or the refusal."""
    example = f"plan{suffix}"
    if str(path) in ("", "."):
        raise UsageError("the output path is empty", f"give a file name, e.g. {example}")
    shown = escaped(str(path))
    if path.suffix.lower() != suffix and not path.is_dir():
        reason = f" ({why})" if why else ""
        raise UsageError(f"{shown} does not end in {suffix}{reason}", f"name it e.g. {escaped(path.stem)}{suffix}")
    target = _regular_target(path, shown, example) if follow_links else _regular_here(path, shown)
    if target is not None and not force:
        raise UsageError(f"{shown} already exists", f"add {opt.FORCE} to replace it, or choose another name")
    destination = target or path
    _check_folder(destination.parent, shown)
    return destination, shown


def _regular_target(path: Path, shown: str, example: str) -> Path | None:
    """The regular file that `path` names (through a link), None if there is none yet; else refuse."""
    try:
        found = os.stat(path)  # follows a link: the link's target is what gets replaced
    except FileNotFoundError:
        if path.is_symlink():
            raise UsageError(f"{shown} is a link to nothing", "remove the link or choose another name") from None
        return None
    except OSError as error:
        raise _failure(error, shown, "choose another name") from None
    if stat.S_ISREG(found.st_mode):
        return Path(os.path.realpath(path))
    what = file_kind(found.st_mode)
    hint = f"give a file name inside it, e.g. {escaped(str(path / example))}" if stat.S_ISDIR(found.st_mode) else ""
    raise UsageError(
        f"{shown} is {what}; only a regular file is ever replaced", hint or "give the name of a file to write"
    )


def _regular_here(path: Path, shown: str) -> Path | None:
    """`path` itself if it is a regular file, None if nothing is there; a link or anything else is refused."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _failure(error, shown, "choose another name") from None
    if stat.S_ISLNK(found.st_mode):
        raise _a_link(path, shown)
    if stat.S_ISREG(found.st_mode):
        return path
    what = file_kind(found.st_mode)
    raise OutputError(f"{shown} is {what}; only regular files are written here", "remove it, or choose another folder")


def _refuse_link(path: Path, shown: str) -> None:
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            raise _a_link(path, shown)
    except FileNotFoundError:
        return


def _a_link(path: Path, shown: str) -> OutputError:
    return OutputError(
        f"{shown} is a link; files are written in {escaped(str(path.parent))} only as regular files, never "
        "through a link",
        "remove the link (someone put it there), or choose another folder",
    )


def _check_folder(folder: Path, shown: str) -> None:
    try:
        found = os.stat(folder)
    except FileNotFoundError:
        raise _no_folder(folder, shown) from None
    except OSError as error:
        raise _failure(error, shown) from None
    if not stat.S_ISDIR(found.st_mode):
        raise OutputError(f"cannot write {shown}: {escaped(str(folder))} is not a folder", "choose another name")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {shown}: Permission denied", _WRITABLE)


def _filled(path: Path, data: bytes, shown: str) -> str:
    """A temporary file beside `path` holding `data`, flushed to disk: its name. Nothing is left on a failure."""
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=_prefix(folder, path.name), suffix=".tmp")
    except FileNotFoundError:  # the folder went away since it was checked
        raise _no_folder(folder, shown) from None
    except OSError as error:
        raise _failure(error, shown, _WRITABLE) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            # mkstemp makes 0600 files; a calendar file is as readable as any other.
            umask = os.umask(0)
            os.umask(umask)
            if hasattr(os, "fchmod"):  # POSIX; Windows (before Python 3.13) has none, and no mode bits to set
                os.fchmod(stream.fileno(), 0o666 & ~umask)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:  # Ctrl-C, SIGTERM or a full disk: the temporary file goes too
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _failure(error, shown) from None
        raise
    return temporary


def _link(temporary: str, path: Path, shown: str) -> None:
    """Give the finished file its name only if the name is free: checking and creating are one step."""
    try:
        _while_held(lambda: os.link(temporary, path), path, shown, replacing=False)
    except FileExistsError:
        raise _appeared(shown) from None
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        _claim_then_rename(temporary, path, shown)


def _claim_then_rename(temporary: str, path: Path, shown: str) -> None:
    """Without hard links: claim the name by creating it exclusively (one step again), then rename over the claim."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise _appeared(shown) from None
    try:
        _while_held(lambda: os.replace(temporary, path), path, shown, replacing=True)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)  # our own empty claim
        raise


def _while_held(step: Callable[[], None], path: Path, shown: str, *, replacing: bool) -> None:
    """`step` (the rename or link that gives the file its name), tried again while Windows says another program
    holds the file; then one error naming the file to close."""
    for wait in (*SHARING_WAITS, None):
        try:
            step()
            return
        except OSError as error:
            if not _held_open(error, path, replacing):
                raise
            if wait is None:
                raise OutputError(
                    f"cannot write {shown}: another program has the file open",
                    f"close the program that has {escaped(path.name)} open (a PDF viewer, a browser, a sync or "
                    "virus-scan app), then run again",
                ) from None
            time.sleep(wait)


def _held_open(error: OSError, path: Path, replacing: bool) -> bool:
    if sys.platform != "win32":
        return False
    if getattr(error, "winerror", None) in _SHARING:
        return True
    # A replace is "access denied" when the old file is open without delete sharing; a read-only file is not.
    return replacing and isinstance(error, PermissionError) and os.access(path, os.W_OK)


def _prefix(folder: Path, name: str) -> str:
    """`.NAME.` for the temporary file, NAME cut short so that the whole temporary name is one the folder allows."""
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no such query here (Windows), or the folder cannot say
        limit = _NAME_MAX
    room = (limit if limit > 0 else _NAME_MAX) - len(_TEMPORARY)
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return f".{name}."


def _appeared(shown: str) -> UsageError:
    return UsageError(
        f"{shown} already exists (it was made while this plan was being written)",
        f"add {opt.FORCE} to replace it, or choose another name",
    )


def _no_folder(folder: Path, shown: str) -> OutputError:
    return OutputError(f"cannot write {shown}: the folder {escaped(str(folder))} does not exist", "create it first")


def _failure(error: OSError, shown: str, hint: str = "check the disk and the folder") -> OutputError:
    return OutputError(f"cannot write {shown}: {error.strerror or error}", _HINTS.get(error.errno or 0, hint))
