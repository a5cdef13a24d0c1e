"""The plan's files: each checked before any is written, all made, then written whole or not at all.

Shared by `plan` (one patient) and `batch` (a day's patients): the same
checks, the same write rules. icalendar and Jinja2 are imported on the path
that needs them. Each file is made in its plan's voice (`speech`): the plan's
language and its clinic's clock.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from aftercare_cli.errors import AftercareError, OutputError
from aftercare_cli.escapes import escaped
from aftercare_cli.frozen import frozen
from aftercare_cli.model import Plan
from aftercare_cli.speech import speaking
from aftercare_cli.voices import plan_voice

ICS_WHY = "phones open only .ics files"
HANDOUT_WHY = "a browser opens it to print"
PDF_WHY = "it is the handout for the printer or an email"


@frozen
class Files:
    """The files a plan is written to (`-` for the calendar: standard output), and how."""

    ics: str | None = None
    handout: str | None = None
    pdf: str | None = None
    force: bool = False
    paper: str | None = None  # "a4" or "letter" as the desk asked; None: the printer's own (HTML), the locale's (PDF)
    locale_paper: str = "a4"  # the paper of the desk's locale (`paper_for`): a PDF must have one

    def named(self) -> list[tuple[str, str, str]]:
        """(name, ending, why that ending) of each file to write, in the order they are written."""
        found = [(self.ics, ".ics", ICS_WHY), (self.handout, ".html", HANDOUT_WHY), (self.pdf, ".pdf", PDF_WHY)]
        return [(name, suffix, why) for name, suffix, why in found if name is not None and name != "-"]


def check_folder(folder: Path) -> None:
    """A folder to write into: it exists, is a folder, and can be written."""
    shown = escaped(str(folder))
    if not folder.is_dir():
        raise OutputError(f"{shown} is not a folder", "create it first, or give another with --out")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {shown}: Permission denied", "choose a folder you can write to")


def check_files(files: Files) -> None:
    """Refuse a bad output before writing any: a corrected re-run must not meet a file this run left."""
    if sys.stdout.closed:
        raise OutputError("standard output is closed: the plan has nowhere to go", "run it without >&-")
    named = files.named()
    if not named:
        return
    from aftercare_cli.outputs.atomic import check_target

    for name, suffix, why in named:
        check_target(Path(name), force=files.force, suffix=suffix, why=why)


def file_bytes(
    plan: Plan, files: Files, now: datetime, calendar: bytes, browser: str | None
) -> list[tuple[str, bytes]]:
    """Each file's name and bytes, all made before any is written (a PDF that cannot be made leaves no file)."""
    made: list[tuple[str, bytes]] = []
    if files.ics is not None and files.ics != "-":
        made.append((files.ics, calendar))
    if files.handout is not None or files.pdf is not None:
        from aftercare_cli.outputs.handout import plan_handout

        made_at = now.astimezone(plan.treated_at.tzinfo)
        with speaking(plan_voice(plan)):
            if files.handout is not None:
                made.append((files.handout, plan_handout(plan, made_at, files.paper).encode("utf-8")))
            if files.pdf is not None:
                from aftercare_cli.cli.deliver.browser import install_hint
                from aftercare_cli.outputs.pdf import pdf_from_html

                page = plan_handout(plan, made_at, files.paper or files.locale_paper)
                made.append((files.pdf, pdf_from_html(page, browser, install_hint())))
    return made


def write_files(
    made: list[tuple[str, bytes]], force: bool, together: bool = False, follow_links: bool = True
) -> list[str]:
    """Each file, whole or not at all; the names written. When one fails after others were written, its error
    names them; or, `together` (a batch row: all of its files or none), see `_write_together`.

    `follow_links=False`: never written through a link (a batch's folder).
    """
    if not made:
        return []  # nothing to write: the writer (and tempfile, random) stay unloaded
    if together:
        return _write_together(made, force, follow_links)
    from aftercare_cli.outputs.atomic import write_atomically

    written: list[str] = []
    try:
        for name, data in made:
            path = Path(name)
            write_atomically(path, data, force=force, suffix=path.suffix.lower() or ".ics", follow_links=follow_links)
            written.append(name)
    except AftercareError as error:
        if written:
            error.message = f"{error.message}, but {', '.join(escaped(w) for w in written)} was written"
        raise
    return written


def _write_together(made: list[tuple[str, bytes]], force: bool, follow_links: bool) -> list[str]:
    """A row's files all written, or none: each is put on disk under a hidden name first, then all take their
    names, with every signal but SIGKILL held back meanwhile (Ctrl-C or SIGTERM stops the batch after the row,
    never inside it, and leaves no hidden file).

    When a name cannot be taken, the names this row took are given back (a file replaced with `--force`
    before the failure stays replaced: its old bytes are gone).
    """
    from aftercare_cli.outputs.atomic import Staged, commit, discard, stage

    staged: list[Staged] = []
    created: list[Path] = []
    with held_signals():
        try:
            for name, data in made:
                path = Path(name)
                suffix = path.suffix.lower() or ".ics"
                staged.append(stage(path, data, force=force, suffix=suffix, follow_links=follow_links))
            for each in staged:
                new = not os.path.lexists(each.target)
                commit(each)
                if new:
                    created.append(each.target)
        except BaseException:
            for path in created:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            raise
        finally:
            for each in staged:
                discard(each)
    return [name for name, _ in made]


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Every signal that can be held back held while the block runs, then delivered (POSIX; elsewhere nothing).

    Ctrl-C, SIGTERM and SIGHUP then stop the program as they do anywhere (an exception, see `cli.run`), and a
    signal whose default is to end the process (SIGQUIT, SIGUSR1...) ends it: either way after the block.
    """
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def calendar_bytes(plan: Plan, now: datetime, discreet: bool) -> bytes:
    """The plan's .ics, made once per run: the file and the phone get the very same bytes."""
    from aftercare_cli.outputs.calendar import plan_calendar

    with speaking(plan_voice(plan)):
        return plan_calendar(plan, stamp=now, discreet=discreet)
