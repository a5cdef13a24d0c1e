"""`aftercare batch`: a day's appointments (a booking system's CSV) -> every patient's files, row by row.

Each row is checked exactly as the same options of `plan` are, with `plan`'s
defaults; its files are made, then written together or not at all, under the
write rules of `plan`. A bad row is one line on stderr naming its row, and the
others are still written. The rules are read once; rows are read, planned and
written one at a time, so memory does not grow with the file.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, TextIO

import typer

from aftercare_cli import option_names as opt
from aftercare_cli.cli import options
from aftercare_cli.cli.deliver import files as deliver
from aftercare_cli.cli.deliver.browser import find_browser
from aftercare_cli.cli.deliver.paper import desk_paper
from aftercare_cli.cli.inputs import clock
from aftercare_cli.cli.inputs.appointments import FIELDS, Appointment, AppointmentsError, RowProblem, read_appointments
from aftercare_cli.cli.inputs.patient import AS_COLUMNS, patient_from
from aftercare_cli.cli.inputs.zone_names import desk_zone_name, guessed_zone, zone_from_name
from aftercare_cli.cli.making import DeskChoices, Request, build_plan
from aftercare_cli.cli.notices import warn
from aftercare_cli.cli.terminal import write_out
from aftercare_cli.errors import AftercareError, PlanError, UsageError
from aftercare_cli.language_tags import ENGLISH
from aftercare_cli.model import ItemKind, Plan, RuleSet
from aftercare_cli.outputs.clinic_texts import item_label
from aftercare_cli.outputs.wording import treatment_title, when
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.speech import speaking
from aftercare_cli.visible import visible
from aftercare_cli.voices import plan_voice, voice_of

OUTPUTS = ("ics", "handout", "json", "pdf")
_SUFFIX = {"ics": ".ics", "handout": ".html", "json": ".json", "pdf": ".pdf"}
NAME_ROOM = 40  # characters of the patient's name in a file name: enough to tell two patients apart


@dataclass(frozen=True)
class Batch:
    """What the desk asked of the whole batch: where, which files, how to read the export, plan's defaults."""

    out: Path
    outputs: tuple[str, ...]
    rulesets: list[RuleSet]
    default_zone: str
    fixed_offset: bool = False
    force: bool = False
    discreet: bool = False
    paper: str | None = None  # as asked; None: the printer's (HTML), `locale_paper` (PDF)
    locale_paper: str = "a4"
    browser: str | None = None
    lang: str | None = None  # the language of rows without a `lang` (`--lang`); None: the rules' default


@dataclass(frozen=True)
class Done:
    """One row planned and written: what the summary shows of it."""

    row: int
    patient: str
    treatment: str
    first_step: str
    files: tuple[str, ...]


def parse_outputs(text: str) -> tuple[str, ...]:
    """`ics,handout` -> ("ics", "handout"); an unknown name is a bad command line."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in OUTPUTS]
    if unknown or not names:
        raise UsageError(
            f"{opt.OUTPUTS} {visible(text)!r}: choose from {', '.join(OUTPUTS)}", f"e.g. {opt.OUTPUTS} ics,json"
        )
    return names


def parse_columns(settings: list[str]) -> dict[str, str]:
    """`--map time="Start Time"` (repeatable) -> {"time": "Start Time"}."""
    columns: dict[str, str] = {}
    for setting in settings:
        field, found, column = setting.partition("=")
        field = field.strip().lower()
        if not found or field not in FIELDS or not column.strip():
            raise UsageError(
                f"{opt.MAP} {visible(setting)!r} is not FIELD=COLUMN",
                f"fields: {', '.join(FIELDS)}; e.g. {opt.MAP} time=Start",
            )
        columns[field] = column.strip()
    return columns


def parse_values(settings: list[str]) -> dict[str, dict[str, str]]:
    """`--value peel="Jessner Peel=jessner"` (repeatable) -> {"peel": {"Jessner Peel": "jessner"}}."""
    values: dict[str, dict[str, str]] = {}
    for setting in settings:
        field, found, pair = setting.partition("=")
        given, found_pair, meant = pair.rpartition("=")
        field = field.strip().lower()
        if not found or not found_pair or field not in FIELDS or not given.strip() or not meant.strip():
            raise UsageError(
                f"{opt.VALUE} {visible(setting)!r} is not FIELD=EXPORTED=MEANT",
                'e.g. --value peel="Jessner Peel=jessner"',
            )
        values.setdefault(field, {})[given.strip()] = meant.strip()
    return values


def rows_of(
    path: Path, columns: Mapping[str, str], values: Mapping[str, Mapping[str, str]], date_order: str | None
) -> Iterator[Appointment | RowProblem]:
    """The export's rows, read as a stream; a file that is not UTF-8 text stops at the row where it breaks."""
    shown = visible(str(path))
    try:
        handle: TextIO = open(path, encoding="utf-8", newline="")  # noqa: SIM115  # closed by the with below
    except OSError as error:
        raise AppointmentsError(f"cannot read {shown}: {error.strerror or error}", "check the file's name") from None
    with handle:
        try:
            yield from read_appointments(handle, columns, values, date_order, name=str(path))
        except UnicodeDecodeError:
            raise AppointmentsError(f"{shown} is not UTF-8 text", "export it as CSV UTF-8") from None
        except csv.Error as error:  # a field past the csv module's limit (128 KiB), a NUL byte
            raise AppointmentsError(
                f"{shown} cannot be read as CSV ({error})", "export the appointments as CSV"
            ) from None


def plan_row(appointment: Appointment, batch: Batch, now: datetime) -> Plan:
    """One row's plan, its values checked exactly as `plan`'s options are."""
    values = appointment.values
    patient = patient_from(
        values.get("wake", "07:00"), values.get("sleep", "22:00"), values.get("patient", ""), AS_COLUMNS
    )
    zone = zone_from_name(values.get("tz", batch.default_zone), fixed_offset=batch.fixed_offset)
    # The `skip` column: rule ids as `plan --skip` takes them (an avoid window is refused: no force here).
    skips = [rule_id for rule_id in re.split(r"[;\s]+", values.get("skip", "")) if rule_id]
    desk = DeskChoices(skips=skips)
    where = f"row {appointment.row}"
    lang, source = (values["lang"], "the lang column") if values.get("lang") else (batch.lang, opt.LANG)
    request = Request(
        values["time"], zone, patient, values.get("treatment"), values.get("peel"), desk, "time", where, lang, source
    )
    return build_plan(batch.rulesets, request, now)


def row_files(plan: Plan, appointment: Appointment, batch: Batch, now: datetime) -> list[tuple[str, bytes]]:
    """The row's files, named by row and patient, all made before any is written."""
    stem = batch.out / f"{appointment.row:04d}-{file_name(plan.patient.name)}"
    wanted = {output: str(stem) + _SUFFIX[output] for output in batch.outputs}
    files = deliver.Files(
        wanted.get("ics"), wanted.get("handout"), wanted.get("pdf"), batch.force, batch.paper, batch.locale_paper
    )
    deliver.check_files(files)
    if "json" in wanted:
        from aftercare_cli.outputs.atomic import check_target

        check_target(Path(wanted["json"]), force=batch.force, suffix=".json")
    calendar = deliver.calendar_bytes(plan, now, batch.discreet) if "ics" in wanted else b""
    made = deliver.file_bytes(plan, files, now, calendar, batch.browser)
    if "json" in wanted:
        from aftercare_cli.outputs.jsondoc import plan_json

        made.append((wanted["json"], plan_json(plan, compact=True).encode("utf-8")))
    return made


def file_name(patient: str) -> str:
    """A patient's name as a file name anyone can type: `Zoë O'Neil` -> `zoe-o-neil`; no name -> `patient`."""
    folded = unicodedata.normalize("NFKD", patient).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:NAME_ROOM].strip("-")
    return slug or "patient"


def done(appointment: Appointment, plan: Plan, made: list[tuple[str, bytes]]) -> Done:
    """What the summary shows of a written row: its first reminder, and its files' names."""
    first = next((item for item in plan.items if item.kind is ItemKind.DO), None)
    with speaking(plan_voice(plan)):  # the clinic's names as the patient reads them
        label, title = item_label(first) if first is not None else "", treatment_title(plan)
    with speaking(voice_of(ENGLISH, plan.treatment.clock)):  # the desk's summary, on the clinic's clock
        step = f"{when(first.start)} {label}" if first is not None else "-"
    names = tuple(Path(name).name for name, _ in made)
    return Done(appointment.row, plan.patient.name or "-", title, step, names)


def summary_line(row: Done) -> str:
    """One row of the summary table: fixed columns, so rows can be printed as they are done."""
    cells = (_cell(row.patient, 20), _cell(row.treatment, 32), _cell(row.first_step, 24), " ".join(row.files))
    return f"{row.row:>5}  " + "  ".join(cells)


SUMMARY_HEADING = f"{'row':>5}  {'patient':<20}  {'treatment':<32}  {'first step':<24}  files"


def _cell(text: str, width: int) -> str:
    shown = visible(text)
    return (shown if len(shown) <= width else shown[: width - 1] + "\u2026").ljust(width)


def run_batch(
    path: Path,
    batch: Batch,
    columns: Mapping[str, str],
    values: Mapping[str, Mapping[str, str]],
    date_order: str | None,
    now: datetime,
    progress: bool,
) -> tuple[int, int]:
    """Plan and write every row: the summary to stdout as rows are done, one line per bad row to stderr.

    Returns (rows done, rows failed). `progress`: a live count on stderr (a terminal's).
    """
    rows_done = failed = 0
    rows = rows_of(path, columns, values, date_order)
    first = next(rows, None)  # an export that cannot be read is said before any summary is printed
    write_out(SUMMARY_HEADING + "\n")
    with _progress(progress) as advance:
        for entry in itertools.chain([first] if first is not None else [], rows):
            advance()
            if isinstance(entry, RowProblem):
                failed += 1
                sys.stderr.write(f"aftercare: row {entry.row}: {visible(entry.message)}\n")
                continue
            try:
                plan = plan_row(entry, batch, now)
                made = row_files(plan, entry, batch, now)
                deliver.write_files(made, batch.force, together=True)
            except AftercareError as error:
                failed += 1
                sys.stderr.write(f"aftercare: row {entry.row}: {visible(error.line())}\n")
                continue
            rows_done += 1
            write_out(summary_line(done(entry, plan, made)) + "\n")  # a terminal that lacks a letter: a plain one
    return rows_done, failed


@contextlib.contextmanager
def _progress(shown: bool) -> Iterator[Callable[[], None]]:
    """A count of the rows read so far on stderr, redrawn in place; nothing when stderr is not a terminal."""
    if not shown:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed} rows"))
    # On one terminal, the summary printed meanwhile goes above the count, not through it; a summary
    # redirected to a file stays in the file.
    on_screen = sys.stdout.isatty()
    with Progress(*columns, console=Console(stderr=True), transient=True, redirect_stdout=on_screen) as bar:
        task = bar.add_task("rows")
        yield lambda: bar.advance(task)


def batch(
    appointments: Annotated[Path, typer.Argument(metavar="APPOINTMENTS.csv", help="The day's appointments (CSV).")],
    out: Annotated[Path, typer.Option(opt.OUT, metavar="FOLDER", help="Where every patient's files go.")],
    outputs: Annotated[
        str, typer.Option(opt.OUTPUTS, metavar="LIST", help="Which files: ics, handout, json, pdf.")
    ] = "ics,handout,json",
    columns: Annotated[
        list[str] | None,
        typer.Option(opt.MAP, metavar="FIELD=COLUMN", help='The export\'s heading for a field: time="Start Time".'),
    ] = None,
    values: Annotated[
        list[str] | None,
        typer.Option(
            opt.VALUE, metavar="FIELD=EXPORTED=MEANT", help='A value the export writes: peel="Jessner Peel=jessner".'
        ),
    ] = None,
    date_order: Annotated[
        options.DateOrder | None,
        typer.Option(opt.DATE_ORDER, help="Read 03/04/2026 as day/month (dmy) or month/day (mdy)."),
    ] = None,
    rules: options.RulesOption = None,
    tz: options.TzOption = None,  # the zone of rows without one
    fixed_offset: options.FixedOffsetOption = False,
    discreet: options.DiscreetOption = False,
    paper: options.PaperOption = None,
    force: options.ForceOption = False,
    lang: options.LangOption = None,  # the language of rows without a `lang` column
) -> None:
    """Plan every row of a booking system's CSV export: each patient's calendar, handout and JSON in one go.

    Columns are read by name (time, date, patient, peel, treatment, tz, wake, sleep, skip, lang; only time
    is needed); a bad row is one line naming its row, and the others are still written.

    Example: aftercare batch today.csv --out plans/ --map time="Start Time" --map patient=Client

    Example (a service name to a peel id): aftercare batch today.csv --out plans/ --value peel="Jessner Peel=jessner"
    """
    wanted = parse_outputs(outputs)
    column_of, value_of = parse_columns(columns or []), parse_values(values or [])
    deliver.check_folder(out)
    zone, zone_guessed = desk_zone_name(tz, fixed_offset)
    zone_from_name(zone, fixed_offset=fixed_offset)  # a bad --tz is the command line's fault, not every row's
    browser = find_browser() if "pdf" in wanted else None
    rules_path = options.rules_in_use(rules)
    rulesets = load_rulesets(rules_path)
    settings = Batch(
        out,
        wanted,
        rulesets,
        zone,
        fixed_offset=fixed_offset,
        force=force,
        discreet=discreet,
        paper=paper.value if paper else None,
        locale_paper=desk_paper() if "pdf" in wanted else "a4",  # read only for PDFs: Windows and macOS ask the system
        browser=browser,
        lang=lang,
    )
    now = clock.now()
    order = date_order.value if date_order else None
    written, failed = run_batch(appointments, settings, column_of, value_of, order, now, sys.stderr.isatty())
    if zone_guessed:  # under the rows, where the desk still sees it
        warn(guessed_zone("the rows without a tz are planned"))
    if failed:
        raise PlanError(
            f"{failed} of {written + failed} rows were not planned (each is named above)",
            "fix them and run those rows again",
        )
