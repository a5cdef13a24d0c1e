"""A day's export planned row by row: the `batch` command's work, loaded only when a batch runs.

Each row is checked exactly as the same options of `plan` are, with `plan`'s
defaults; its files are made, then written together or not at all. Every row
is accounted for: planned, already written, not a treatment, or an error
naming the row; the others are still done. The rules are read once, with
their texts in every language; rows are read, planned and written one at a
time, so memory does not grow with the file.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aftercare_cli import option_names as opt
from aftercare_cli.cli import options
from aftercare_cli.cli.deliver import files as deliver
from aftercare_cli.cli.deliver.browser import find_browser
from aftercare_cli.cli.deliver.paper import desk_paper
from aftercare_cli.cli.deliver.row_files import row_paths, to_write, write_row
from aftercare_cli.cli.deliver.summary import Layout, Summary, Tally
from aftercare_cli.cli.inputs import clock
from aftercare_cli.cli.inputs.appointments import (
    Appointment,
    ExportRows,
    NotTreatment,
    Reading,
    RowProblem,
)
from aftercare_cli.cli.inputs.batch_options import (
    booking_system,
    checked_services,
    out_folder,
    parse_columns,
    parse_outputs,
    parse_values,
)
from aftercare_cli.cli.inputs.export_file import open_export, read_records
from aftercare_cli.cli.inputs.patient import AS_COLUMNS, patient_from, require_values
from aftercare_cli.cli.inputs.zone_names import desk_zone_name, guessed_zone, zone_from_name
from aftercare_cli.cli.making import DeskChoices, Request, build_plan
from aftercare_cli.cli.notices import warn
from aftercare_cli.cli.terminal import wrapped
from aftercare_cli.errors import AftercareError, OutputError, PlanError
from aftercare_cli.escapes import escaped
from aftercare_cli.frozen import frozen
from aftercare_cli.language_tags import ENGLISH
from aftercare_cli.model import Plan, RuleSet
from aftercare_cli.outputs.wording import treatment_title, when
from aftercare_cli.ruleset.booking import BookingSystem
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.speech import speaking
from aftercare_cli.voices import voice_of


@dataclass
class _State:
    """What one row teaches the rest of the batch."""

    browser_hung: int = 0  # the row on which the browser hung: it is not asked again
    today_said: bool = False


@frozen
class Batch:
    """What the desk asked of the whole batch: where, which files, plan's defaults."""

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
    state: _State = field(default_factory=_State)


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


def row_maker(
    plan: Plan, paths: dict[str, Path], batch: Batch, now: datetime
) -> Callable[[list[str]], list[tuple[str, bytes]]]:
    """What makes the row's files, all before any is written (the outputs asked, in their order)."""

    def make(outputs: list[str]) -> list[tuple[str, bytes]]:
        wanted = {output: str(paths[output]) for output in outputs}
        if "pdf" in wanted and batch.state.browser_hung:
            raise OutputError(
                f"no PDF: the browser hung on row {batch.state.browser_hung} and is not asked again in this batch",
                f"run the batch again once it prints, or without pdf in {opt.OUTPUTS}",
            )
        files = deliver.Files(
            wanted.get("ics"), wanted.get("handout"), wanted.get("pdf"), batch.force, batch.paper, batch.locale_paper
        )
        calendar = deliver.calendar_bytes(plan, now, batch.discreet) if "ics" in wanted else b""
        made = deliver.file_bytes(plan, files, now, calendar, batch.browser)
        if "json" in wanted:
            from aftercare_cli.outputs.jsondoc import plan_json

            made.append((wanted["json"], plan_json(plan, compact=True).encode("utf-8")))
        return made

    return make


def treated_at(plan: Plan) -> str:
    """The row's treatment time for the desk's summary, on the clinic's clock: `Thu 26 Nov 14:30`."""
    with speaking(voice_of(ENGLISH, plan.treatment.clock)):
        return when(plan.treated_at)


def layout(rulesets: list[RuleSet]) -> Layout:
    """The summary's columns, its time as wide as the rules' clocks write the longest one."""
    longest = datetime(2026, 11, 26, 12, 30)
    widths = []
    for ruleset in rulesets:
        with speaking(voice_of(ENGLISH, ruleset.treatment.clock)):
            widths.append(len(when(longest)))
    return Layout(max(widths, default=16))


def run_batch(rows: ExportRows, batch: Batch, now: datetime, summary: Summary, progress: bool) -> Tally:
    """Every row planned and written, or said why not; the summary as rows are done. Returns the counts."""
    tally = Tally()
    columns = layout(batch.rulesets)
    summary.say(columns.heading())
    try:
        with _progress(progress) as advance:
            for entry in rows:
                advance()
                _one(entry, rows, batch, now, summary, tally, columns)
    except BaseException:  # Ctrl-C, SIGTERM, an export that cannot be read on: how far it went, then the reason
        tally.blank = rows.blank
        _note(f"stopped after {tally.line()}")
        raise
    tally.blank = rows.blank
    return tally


def _one(
    entry: Appointment | NotTreatment | RowProblem, rows: ExportRows, batch: Batch, now: datetime,
    summary: Summary, tally: Tally, columns: Layout,
) -> None:  # fmt: skip
    if isinstance(entry, RowProblem):
        _error(entry.row, entry.message, tally)
        return
    if isinstance(entry, NotTreatment):
        tally.not_treatments += 1
        summary.say(columns.row(entry.row, entry.patient, "", f"not a treatment: {entry.why}"))
        return
    if rows.for_today and not batch.state.today_said:
        batch.state.today_said = True
        _note("the export gives no dates: its rows are for today")
    try:
        plan = plan_row(entry, batch, now)
        paths = row_paths(batch.out, entry.row, plan, batch.outputs)
        wanted = to_write(plan, paths, batch.force)
        made = row_maker(plan, paths, batch, now)(wanted) if wanted else []
        # Written and counted as one step: a SIGTERM that comes meanwhile stops the batch after this row, and
        # the count said then has it.
        with deliver.held_signals():
            if made:
                write_row(made, batch.force)
                tally.planned += 1
            else:
                tally.already += 1
    except AftercareError as error:
        from aftercare_cli.outputs.pdf import BrowserHung

        if isinstance(error, BrowserHung):
            batch.state.browser_hung = entry.row
        _error(entry.row, error.line(), tally)
        return
    summary.say(
        columns.row(
            entry.row, plan.patient.name, treated_at(plan), treatment_title(plan) if made else "already written"
        )
    )


def _error(row: int, message: str, tally: Tally) -> None:
    tally.errors += 1
    sys.stderr.write(f"aftercare: row {row}: {escaped(message)}\n")


def _note(message: str) -> None:
    sys.stderr.write(wrapped(f"aftercare: note: {message}") + "\n")


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


def _said_before_rows(rows: ExportRows, system: BookingSystem | None, batch: Batch) -> None:
    """What the desk should know about the whole export before its rows: once each, on standard error."""
    if system is not None and system.found == "not found":
        _note(
            f"{system.name}'s export headings are not known to this tool: its columns are the ones {opt.MAP} "
            f"names, its status words {system.name}'s own (docs/batch.md)"
        )
    if rows.unused:
        _note("columns not read: " + ", ".join(repr(escaped(text)) for text in rows.unused))
    if not {"service", "peel", "treatment"} & set(rows.where) and len(batch.rulesets) == 1:
        ruleset = batch.rulesets[0]
        default = next((peel.label.default for peel in ruleset.peels if peel.id == ruleset.default_peel), "")
        planned_as = f"{ruleset.treatment.name.default} ({default})" if default else ruleset.treatment.name.default
        _note(
            f"the export names no service: every row is planned as {planned_as}, the rules' default; a service "
            f"column and {opt.SERVICES} FILE plan each row as what it is"
        )


def run_day(
    appointments: str,
    out: str,
    *,
    outputs: str,
    system: str | None,
    services: str | None,
    columns: list[str],
    values: list[str],
    date_order: str | None,
    rules: Path | None,
    tz: str | None,
    fixed_offset: bool,
    discreet: bool,
    paper: str | None,
    force: bool,
    lang: str | None,
) -> None:
    """The `batch` command's work: the command line read, the rules once, then every row; see `batch`."""
    require_values(tz=tz, lang=lang, services=services, **{"from": system})
    wanted = parse_outputs(outputs)
    column_of, value_of = parse_columns(columns), parse_values(values)
    if not out.strip():
        out_folder(out)  # refused before anything is read
    chosen = booking_system(system)
    zone, zone_guessed = desk_zone_name(tz, fixed_offset)
    zone_from_name(zone, fixed_offset=fixed_offset)  # a bad --tz is the command line's fault, not every row's
    browser = find_browser() if "pdf" in wanted else None
    rules_path = options.rules_in_use(rules)
    rulesets = load_rulesets(rules_path)  # once, its texts in every language the rows may ask for
    order = date_order or (chosen.date_order if chosen else None)
    reading = Reading(column_of, value_of, order, chosen, checked_services(services, rulesets))
    with open_export(appointments) as handle:
        rows = ExportRows(read_records(handle, appointments), reading, appointments)
        settings = Batch(
            out_folder(out),
            wanted,
            rulesets,
            zone,
            fixed_offset=fixed_offset,
            force=force,
            discreet=discreet,
            paper=paper,
            locale_paper=desk_paper() if "pdf" in wanted else "a4",  # read only for PDFs: Windows and macOS ask
            browser=browser,
            lang=lang,
        )
        _said_before_rows(rows, chosen, settings)
        summary = Summary()
        tally = run_batch(rows, settings, clock.now(), summary, sys.stderr.isatty())
    summary.say(tally.line())
    if zone_guessed:  # under the rows, where the desk still sees it
        warn(guessed_zone("the rows without a tz are planned"))
    if summary.lost:
        _note(f"the summary was cut short ({summary.lost}); every row was still done: {tally.line()}")
        if not summary.reader_gone():
            raise OutputError(f"the summary could not be written: {summary.lost}", "check where it was sent")
    if tally.errors:
        raise PlanError(
            f"{tally.errors} of {tally.rows} rows were not planned (each is named above)",
            "fix them and run the file again: the rows already written are kept",
        )
