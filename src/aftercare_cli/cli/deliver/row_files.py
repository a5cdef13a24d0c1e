"""A batch row's files in the batch's folder: named by row and patient, written together or not at all, only as
regular files (never through a link), and a re-run told apart from a change.

A row whose files are there already, holding this very plan (its JSON's
`plan_id`, or its calendar's overview UID: both change with anything in the
plan), is "already written": a re-run of the same file after fixing one row
plans that row and says so of the others. A file that holds another plan (the
row or the rules changed since) is that row's error until `--force` rewrites
it; so is one that cannot say which plan it holds (a handout or a PDF alone).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from aftercare_cli import option_names as opt
from aftercare_cli.errors import OutputError
from aftercare_cli.escapes import escaped
from aftercare_cli.model import Plan

SUFFIX = {"ics": ".ics", "handout": ".html", "json": ".json", "pdf": ".pdf"}
NAME_ROOM = 40  # characters of the patient's name in a file name: enough to tell two patients apart
_MAX_READ = 16 * 1024 * 1024  # a plan's calendar or JSON is at most a few megabytes
_PLAN_ID = re.compile(rb'"plan_id"\s*:\s*"([^"]*)"')


def file_name(patient: str) -> str:
    """A patient's name as a file name anyone can type: `Zoë O'Neil` -> `zoe-o-neil`; no name -> `patient`."""
    folded = unicodedata.normalize("NFKD", patient).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:NAME_ROOM].strip("-")
    return slug or "patient"


def row_paths(folder: Path, row: int, plan: Plan, outputs: tuple[str, ...]) -> dict[str, Path]:
    """Each output's file for the row: `plans/0002-ana-smith.ics`."""
    stem = f"{row:04d}-{file_name(plan.patient.name)}"
    return {output: folder / f"{stem}{SUFFIX[output]}" for output in outputs}


def to_write(plan: Plan, paths: dict[str, Path], force: bool) -> list[str]:
    """The outputs of the row still to write: all of them, the ones missing beside this plan's, or none (the row
    is already written with this very plan); an OutputError for a file there that is not (or may not be) it."""
    there = {output: path for output, path in paths.items() if _regular(path)}
    wanted = list(paths)
    if there and not force:
        from aftercare_cli.outputs.identity import plan_uids

        same = _holds(there, plan_uids(plan).overview)
        names = ", ".join(escaped(path.name) for path in there.values())
        if same is None:
            raise OutputError(
                f"{names} already there, and a handout holds no plan id to tell whether it is this row's",
                f"add {opt.FORCE} to write the row again (with json or ics in {opt.OUTPUTS}, a re-run can tell)",
            )
        if not same:
            raise OutputError(
                f"{names} holds another plan for this row (the export or the rules changed since it was written)",
                f"add {opt.FORCE} to write it again",
            )
        wanted = [output for output in paths if output not in there]
    return wanted


def write_row(made: list[tuple[str, bytes]], force: bool) -> None:
    """The row's files written together or not at all, only as regular files, never through a link."""
    from aftercare_cli.cli.deliver.files import write_files

    write_files(made, force, together=True, follow_links=False)


def _regular(path: Path) -> bool:
    """Whether a regular file is at `path`; a link or anything else there is refused."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise OutputError(f"cannot read {escaped(str(path))}: {error.strerror}", "check the folder") from None
    if stat.S_ISREG(found.st_mode):
        return True
    what = "a link" if stat.S_ISLNK(found.st_mode) else "not a regular file"
    raise OutputError(
        f"{escaped(str(path))} is {what}; a batch writes only regular files in its folder, never through a link",
        "remove it (someone put it there), or give another --out",
    )


def _holds(there: dict[str, Path], plan_id: str) -> bool | None:
    """Whether the row's JSON (its `plan_id`) or calendar (its overview's UID) is this plan; None: neither is there.

    The UIDs are a digest of the whole plan, so no other plan's calendar holds this one's overview UID.
    """
    if "json" in there:
        found = _PLAN_ID.search(_read(there["json"]))
        return found is not None and found[1] == plan_id.encode("ascii")
    if "ics" in there:
        return re.search(rb"(?m)^UID:" + re.escape(plan_id.encode("ascii")) + rb"\r?$", _read(there["ics"])) is not None
    return None


def _read(path: Path) -> bytes:
    """A file the batch wrote, read back without following a link, at most `_MAX_READ` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise OutputError(f"cannot read {escaped(str(path))}: {error.strerror}", "check the folder") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return b""
        return handle.read(_MAX_READ)
