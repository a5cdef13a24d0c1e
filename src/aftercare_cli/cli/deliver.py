"""What a made plan becomes: each output checked before any is written, then written, printed, handed off.

Shared by `plan` (one patient) and `batch` (a day's patients): the same
checks, the same write rules, the same words. Heavy modules (icalendar,
Jinja2, rich's table, the hand-off) are imported on the path that needs them.
Each output is made in its plan's voice (`speech`): the plan's language and
its clinic's clock.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from aftercare_cli import option_names as opt
from aftercare_cli.cli.notices import qr_steps, say
from aftercare_cli.cli.terminal import colour_off, colour_on, write_json, write_out
from aftercare_cli.errors import AftercareError, HandoffError, InputFileError, OutputError, UsageError
from aftercare_cli.model import Plan, Replaced
from aftercare_cli.speech import speaking
from aftercare_cli.visible import visible
from aftercare_cli.voices import plan_voice

if TYPE_CHECKING:
    from aftercare_cli.handoff.server import OneTimeServer

ICS_WHY = "phones open only .ics files"
HANDOUT_WHY = "a browser opens it to print"
PDF_WHY = "it is the handout for the printer or an email"
# An earlier plan's calendar is at most about a megabyte (a plan holds 1,000 items); beyond this it is not one.
MAX_OLD_PLAN = 4 * 1024 * 1024
# Where the locale names one of these countries, paper is US Letter; everywhere else A4.
LETTER_COUNTRIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV", "NI", "HN"}


@dataclass(frozen=True)
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


def paper_for(locale: str) -> str:
    """`en_US.UTF-8` -> "letter", `de_DE.UTF-8` or nothing -> "a4": the paper the locale's country uses."""
    country = locale.split(".", 1)[0].partition("_")[2].upper()
    return "letter" if country in LETTER_COUNTRIES else "a4"


def check_folder(folder: Path) -> None:
    """A folder to write into: it exists, is a folder, and can be written."""
    shown = visible(str(folder))
    if not folder.is_dir():
        raise OutputError(f"{shown} is not a folder", "create it first, or give another with --out")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {shown}: Permission denied", "choose a folder you can write to")


def read_replaced(path: str, ics: str | None) -> Replaced:
    """The earlier plan `--replaces` names, read before anything is written; refused in one line if it cannot be.

    A path the command line gets wrong (not an .ics, or the very file the new plan is written to) is exit 2;
    a file that is missing, not a regular file, too big, not UTF-8 or not ours is exit 1.
    """
    import stat

    shown = visible(path)
    if Path(path).suffix.lower() != ".ics":
        raise UsageError(
            f"{opt.REPLACES} {shown}: give the earlier plan's calendar file (.ics)",
            "its calendar's name and the minute it was made are read from it",
        )
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode):
            raise InputFileError(f"{opt.REPLACES} {shown} is not a regular file", "give the earlier plan's .ics file")
        if ics not in (None, "-") and os.path.exists(ics) and os.path.samefile(path, ics):
            raise UsageError(
                f"{opt.REPLACES} {shown} is the file {opt.ICS} writes the new plan to",
                f"write the new plan under another name ({opt.ICS} plan-new.ics): the old one is read, not replaced",
            )
        if found.st_size > MAX_OLD_PLAN:
            raise InputFileError(f"{opt.REPLACES} {shown} is too big for a plan's calendar", "check the file name")
        with open(path, "rb") as handle:
            data = handle.read(MAX_OLD_PLAN + 1)
    except FileNotFoundError:
        raise InputFileError(f"{opt.REPLACES} {shown}: no such file", "give the earlier plan's .ics file") from None
    except OSError as error:
        raise InputFileError(f"{opt.REPLACES} {shown} cannot be read: {error.strerror}", "check the file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputFileError(f"{opt.REPLACES} {shown} is not UTF-8 text", "give the earlier plan's .ics file") from None
    from aftercare_cli.outputs.old_calendar import replaced_from_ics

    return replaced_from_ics(text, f"{opt.REPLACES} {shown}")


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
                from aftercare_cli.outputs.pdf import pdf_from_html

                page = plan_handout(plan, made_at, files.paper or files.locale_paper)
                made.append((files.pdf, pdf_from_html(page, browser)))
    return made


def write_files(made: list[tuple[str, bytes]], force: bool, together: bool = False) -> None:
    """Each file, whole or not at all. When one fails after others were written, its error names them; or,
    `together` (a batch row: all of its files or none), the files this call created are removed again.

    (A file replaced with `--force` before the failure stays replaced: its old bytes are gone.)
    """
    from aftercare_cli.outputs.atomic import write_atomically

    written: list[str] = []
    created: list[Path] = []
    try:
        for name, data in made:
            path = Path(name)
            new = not path.exists()
            write_atomically(path, data, force=force, suffix=path.suffix.lower() or ".ics")
            written.append(name)
            if new:
                created.append(path)
    except BaseException as error:
        if together:
            for path in created:
                with contextlib.suppress(OSError):
                    os.unlink(path)
        elif written and isinstance(error, AftercareError):
            error.message = f"{error.message}, but {', '.join(visible(w) for w in written)} was written"
        raise


def calendar_bytes(plan: Plan, now: datetime, discreet: bool) -> bytes:
    """The plan's .ics, made once per run: the file and the phone get the very same bytes."""
    from aftercare_cli.outputs.calendar import plan_calendar

    with speaking(plan_voice(plan)):
        return plan_calendar(plan, stamp=now, discreet=discreet)


def write_calendar_out(data: bytes) -> None:
    """`--ics -`: the calendar is the whole of standard output."""
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def print_plan(plan: Plan, as_json: bool, timeline: bool, now: datetime) -> None:
    """The plan on standard output: the JSON document, the timeline, or the desk's one-screen table."""
    with speaking(plan_voice(plan)):
        _print_plan(plan, as_json, timeline, now)


def _print_plan(plan: Plan, as_json: bool, timeline: bool, now: datetime) -> None:
    if as_json:
        from aftercare_cli.outputs.jsondoc import plan_json

        write_json(plan_json(plan))
        return
    from rich.console import Console

    if timeline:
        from aftercare_cli.outputs.timeline import timeline_view

        view = timeline_view(plan)
    else:
        from aftercare_cli.outputs.glance import glance_view

        view = glance_view(plan, now.astimezone(plan.treated_at.tzinfo).date())
    plain = colour_off()  # rich alone would still print bold under NO_COLOR
    console = Console(highlight=False, emoji=False, color_system=None if plain else "auto", no_color=plain)
    try:
        if console.encoding.startswith("utf"):
            console.print(view)
        else:  # PYTHONIOENCODING=ascii, a Latin-1 terminal: the same table, in characters it can show
            with console.capture() as captured:
                console.print(view)
            write_out(captured.get())
    except SystemExit:  # rich's answer to a closed pipe; the one handler answers it the same for every command
        raise BrokenPipeError from None


def qr_address(bind: str | None) -> str:
    """Where `--qr` serves, decided (or refused) before anything is written."""
    from aftercare_cli.handoff.server import bind_address, local_address

    return bind_address(bind) if bind is not None else local_address()


def phone_server(data: bytes, address: str) -> contextlib.AbstractContextManager[OneTimeServer | None]:
    """The one-time server on `address`, listening already; nothing (None) without `--qr`."""
    if not address:
        return contextlib.nullcontext()
    from aftercare_cli.handoff.server import OneTimeServer

    return OneTimeServer(data, address)


def hand_off(server: OneTimeServer, address: str, wait: float, calendar: str) -> None:
    """Serve the calendar once, shown as a QR code; return when the phone has it, else raise."""
    from aftercare_cli.handoff.qr import qr_lines

    # The code, its link and what to do fit one 80x24 screen together: the plan above may scroll away.
    sys.stderr.write("\n".join(qr_lines(server.url, colour_on(sys.stderr))) + "\n")
    say(qr_steps(server.url, address, wait, calendar), indent="")
    delivered = server.serve(wait)
    if delivered is None:
        raise HandoffError(
            f"the phone did not fetch the plan within {wait:g} s",
            "the phone must be on the clinic's network, and guest Wi-Fi often keeps devices apart; "
            f"send the file another way ({opt.ICS} plan.ics by email) or print {opt.HANDOUT}",
        )
    sys.stderr.write(f"Delivered to {visible(delivered.address)}; the link no longer works.\n")
