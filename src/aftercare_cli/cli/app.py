"""The Typer app and its commands: `plan`, `rules check|list|schema`. Options -> values -> one call -> print.

No date maths, no YAML, no tables here. Heavy modules (rich's table, the JSON
encoder, icalendar) are imported inside the path that needs them, because a
front-desk command should feel instant.
"""

from __future__ import annotations

import enum
import math
import os
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

import typer

from aftercare_cli import __version__
from aftercare_cli import option_names as opt
from aftercare_cli.cli import clock, deliver
from aftercare_cli.cli.deliver import Files
from aftercare_cli.cli.desk_input import patient_from, require_values
from aftercare_cli.cli.notices import handout_written, import_guidance, pdf_written, say, warn
from aftercare_cli.cli.selection import pick_peel, pick_treatment
from aftercare_cli.cli.terminal import write_json, write_out
from aftercare_cli.cli.treatment_time import parse_treatment_time
from aftercare_cli.cli.zone_names import machine_zone_name, zone_from_name
from aftercare_cli.core.planner import make_plan, plan_problems
from aftercare_cli.errors import PlanError, RulesError
from aftercare_cli.model import Patient, Plan
from aftercare_cli.ruleset.files import RULES_VARIABLE, rules_path
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.timetext import A_YEAR
from aftercare_cli.visible import visible

if TYPE_CHECKING:
    pass

app = typer.Typer(
    help="Personalised aftercare timelines from a clinic's rules.",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Paper(enum.StrEnum):
    """The handout's paper."""

    a4 = "a4"
    letter = "letter"


class OutputFormat(enum.StrEnum):
    """What `plan` writes to standard output."""

    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        print(f"aftercare {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Personalised aftercare timelines from a clinic's rules."""


RulesOption = Annotated[
    Path | None,
    typer.Option(
        opt.RULES,
        metavar="PATH",
        help=f"Rules file or folder of .yaml files (default: ${RULES_VARIABLE}, else the bundled rules).",
        show_default=False,
    ),
]


def _seconds(value: float) -> float:
    """A `--qr-wait` that is a number: NaN passes every range check (it compares false to everything)."""
    if math.isnan(value):
        raise typer.BadParameter("'nan' is not a number of seconds; give 1 to 3600")
    return value


def _rules(given: Path | None) -> Path:
    """The rules this run uses; the environment is read here, the decision is `rules_path`'s."""
    return rules_path(given, os.environ.get(RULES_VARIABLE, ""))


# Shell completion (aftercare --install-completion): each looks things up only when the shell asks,
# in the rules this command line would use.
def _peels(ctx: typer.Context, incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import peel_ids

    return peel_ids(_rules(ctx.params.get("rules")), incomplete)


def _treatments(ctx: typer.Context, incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import treatment_ids

    return treatment_ids(_rules(ctx.params.get("rules")), incomplete)


def _zones(incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import zone_names

    return zone_names(incomplete)


def _settings(ctx: typer.Context, incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import settings

    return settings(_rules(ctx.params.get("rules")), incomplete)


@app.command()
def plan(
    peel: Annotated[
        str | None,
        typer.Option(
            opt.PEEL, metavar="ID", help="Peel type, e.g. jessner (default: the rules' own).", autocompletion=_peels
        ),
    ] = None,
    treatment: Annotated[
        str | None,
        typer.Option(
            opt.TREATMENT, metavar="ID", help="Treatment id, when the rules hold several.", autocompletion=_treatments
        ),
    ] = None,
    at: Annotated[
        str,
        typer.Option(opt.AT, metavar="TIME", help="Treatment time: 14:30 (today), 2026-11-26 14:30, or ISO 8601."),
    ] = "now",
    tz: Annotated[
        str | None,
        typer.Option(
            opt.TZ,
            metavar="ZONE",
            help="Time zone by region, e.g. Pacific/Auckland (default: this computer's).",
            autocompletion=_zones,
        ),
    ] = None,
    fixed_offset: Annotated[
        bool, typer.Option(opt.FIXED_OFFSET, help="Accept a fixed-offset --tz such as Etc/GMT+5, on purpose.")
    ] = False,
    rules: RulesOption = None,
    wake: Annotated[str, typer.Option(opt.WAKE, metavar="HH:MM", help="The patient's wake-up time.")] = "07:00",
    sleep: Annotated[
        str, typer.Option(opt.SLEEP, metavar="HH:MM", help="The patient's bedtime; no reminders in between.")
    ] = "22:00",
    patient: Annotated[
        str, typer.Option(opt.PATIENT, metavar="NAME", help="The patient's name, shown on the plan.")
    ] = "",
    output: Annotated[OutputFormat, typer.Option(opt.FORMAT, help="table or json.")] = OutputFormat.table,
    timeline: Annotated[
        bool, typer.Option(opt.TIMELINE, help="Show every step day by day instead of the one-screen summary.")
    ] = False,
    ics: Annotated[
        str | None,
        typer.Option(
            opt.ICS, metavar="PATH", help="Also write the plan as a calendar file (.ics; - for standard output)."
        ),
    ] = None,
    discreet: Annotated[
        bool,
        typer.Option(
            opt.DISCREET, help='Neutral calendar titles ("Aftercare reminder"): the lock screen does not say what.'
        ),
    ] = False,
    handout: Annotated[
        str | None,
        typer.Option(opt.HANDOUT, metavar="PATH", help="Also write a printable handout (.html) for the patient."),
    ] = None,
    pdf: Annotated[
        str | None,
        typer.Option(opt.PDF, metavar="PATH", help="Also write the handout as a PDF (.pdf), ready to print."),
    ] = None,
    paper: Annotated[
        Paper | None,
        typer.Option(opt.PAPER, help="a4 or letter (default: the printer's for --handout, the locale's for --pdf)."),
    ] = None,
    force: Annotated[bool, typer.Option(opt.FORCE, help="Replace an existing --ics, --handout or --pdf file.")] = False,
    qr: Annotated[
        bool, typer.Option(opt.QR, help="Then serve the calendar once to the patient's phone through a QR code.")
    ] = False,
    qr_bind: Annotated[
        str | None,
        typer.Option(
            opt.QR_BIND, metavar="ADDRESS", help="The address --qr serves on (default: this computer's on the network)."
        ),
    ] = None,
    qr_wait: Annotated[
        float,
        typer.Option(
            opt.QR_WAIT,
            metavar="SECONDS",
            help="How long --qr waits for the phone.",
            min=1,
            max=3600,
            callback=_seconds,
        ),
    ] = 300,
    adjustments: Annotated[
        list[str] | None,
        typer.Option(
            opt.SET,
            metavar="RULE.FIELD=VALUE",
            help="Adjust a rule's timing for this patient, e.g. keep-cool.for=72h.",
            autocompletion=_settings,
        ),
    ] = None,
) -> None:
    """Print a patient's aftercare plan: every step at its clock time, on one screen.

    Example: aftercare plan --peel jessner --at 14:30 --tz Pacific/Auckland --ics plan.ics

    Example (a night-shift patient): aftercare plan --wake 15:00 --sleep 07:00

    Example (72 hours without heat for this patient): aftercare plan --set keep-cool.for=72h

    Example (the calendar straight to the phone, titles hidden): aftercare plan --peel jessner --qr --discreet
    """
    person = patient_from(wake, sleep, patient)
    require_values(peel=peel, treatment=treatment, tz=tz)
    zone = zone_from_name(tz if tz is not None else machine_zone_name(), fixed_offset=fixed_offset)
    files = Files(ics, handout, pdf, force, paper.value if paper is not None else None)
    deliver.check_files(files)  # every output's name and folder before any is written
    address = deliver.qr_address(qr_bind) if qr else ""
    browser = _browser() if pdf is not None else None
    now = clock.now()  # the one reading of the clock: every output of this run agrees on it
    the_plan = _build_plan(_rules(rules), treatment, peel, at, zone, person, adjustments or [], now)
    # One calendar for the file and the phone: the same bytes, the same DTSTAMP.
    calendar = deliver.calendar_bytes(the_plan, now, discreet) if ics is not None or qr else b""
    if pdf is not None and paper is None:
        files = replace(files, paper=deliver.paper_for(_locale()))
    made = deliver.file_bytes(the_plan, files, now, calendar, browser)
    with deliver.phone_server(calendar, address) as server:  # bound before writing: an address refused leaves no file
        deliver.write_files(made, force)
        if ics == "-":  # a calendar on stdout is the whole output
            deliver.write_calendar_out(calendar)
        else:
            deliver.print_plan(the_plan, output is OutputFormat.json, timeline, now)
        # Notices after the plan, where the desk still sees them.
        if ics not in (None, "-"):
            say(import_guidance(ics, calendar.count(b"BEGIN:VEVENT")))
        if handout is not None:
            say(handout_written(handout))
        if pdf is not None:
            say(pdf_written(pdf))
        if server is not None:
            deliver.hand_off(server, address, qr_wait)


def _browser() -> str | None:
    """The Chromium-family browser `--pdf` prints with, from PATH; None: WeasyPrint, if installed."""
    import shutil

    from aftercare_cli.outputs.pdf import BROWSER_NAMES

    return next((found for name in BROWSER_NAMES if (found := shutil.which(name))), None)


def _locale() -> str:
    """The paper's locale, as POSIX looks it up: LC_ALL, then LC_PAPER, then LANG."""
    return next((value for name in ("LC_ALL", "LC_PAPER", "LANG") if (value := os.environ.get(name, ""))), "")


def _build_plan(
    rules: Path,
    treatment_id: str | None,
    peel_id: str | None,
    at: str,
    zone: ZoneInfo,
    patient: Patient,
    adjustments: list[str],
    now: datetime,
) -> Plan:
    treated_at = parse_treatment_time(at, zone, now)
    if abs(treated_at - now) > A_YEAR:  # most likely a mistyped year
        warn(
            f"the treatment date {treated_at:%Y-%m-%d} is more than a year from today ({now:%Y-%m-%d}); check {opt.AT}"
        )
    ruleset = pick_treatment(load_rulesets(rules), treatment_id, peel_id)
    peel = pick_peel(ruleset, peel_id)
    if adjustments:  # only then: the adjustments and their words load on this path alone
        from aftercare_cli.ruleset.adjustments import apply_adjustments

        ruleset = apply_adjustments(ruleset, adjustments, peel)
    the_plan = make_plan(ruleset, peel, treated_at, zone, patient)
    _refuse_empty_rules(the_plan, ruleset.path, adjustments)
    return the_plan


def _refuse_empty_rules(the_plan: Plan, path: str, adjustments: list[str]) -> None:
    """Nothing disappears without a word: a rule with no reminder is refused, unless the plan says it skipped them.

    An adjusted one is the desk's doing (exit 2); the clinic's own rule is the rules' (exit 1).
    """
    from aftercare_cli.core.empty_rules import empty_rules

    for empty in empty_rules(the_plan):
        if empty.rule.adjustment:
            from aftercare_cli.ruleset.adjustments import emptied

            raise emptied(empty.rule.id, empty.why, adjustments)
        if not empty.said:
            raise PlanError(empty.problem(path), "check its timing with 'aftercare rules check'")


class DateOrder(enum.StrEnum):
    """How an export writes a date that is not ISO: day first or month first."""

    dmy = "dmy"
    mdy = "mdy"


@app.command()
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
        DateOrder | None, typer.Option(opt.DATE_ORDER, help="Read 03/04/2026 as day/month (dmy) or month/day (mdy).")
    ] = None,
    rules: RulesOption = None,
    tz: Annotated[
        str | None,
        typer.Option(opt.TZ, metavar="ZONE", help="Time zone of rows without one (default: this computer's)."),
    ] = None,
    discreet: Annotated[bool, typer.Option(opt.DISCREET, help="Neutral calendar titles.")] = False,
    paper: Annotated[Paper | None, typer.Option(opt.PAPER, help="a4 or letter for the handouts and PDFs.")] = None,
    force: Annotated[bool, typer.Option(opt.FORCE, help="Replace files from an earlier run.")] = False,
) -> None:
    """Plan every row of a booking system's CSV export: each patient's calendar, handout and JSON in one go.

    Columns are read by name (time, patient, peel, treatment, tz, wake, sleep; only time is needed); a bad row
    is one line naming its row, and the others are still written.

    Example: aftercare batch today.csv --out plans/ --map time="Start Time" --map patient=Client

    Example (a service name to a peel id): aftercare batch today.csv --out plans/ --value peel="Jessner Peel=jessner"
    """
    from aftercare_cli.cli import batch as batching

    wanted = batching.parse_outputs(outputs)
    column_of, value_of = batching.parse_columns(columns or []), batching.parse_values(values or [])
    deliver.check_folder(out)
    zone = tz if tz is not None else machine_zone_name()
    zone_from_name(zone)  # a bad --tz is the command line's fault, not every row's
    chosen = paper.value if paper is not None else (deliver.paper_for(_locale()) if "pdf" in wanted else None)
    browser = _browser() if "pdf" in wanted else None
    settings = batching.Batch(out, wanted, load_rulesets(_rules(rules)), zone, force, discreet, chosen, browser)
    now = clock.now()
    order = date_order.value if date_order else None
    written, failed = batching.run_batch(appointments, settings, column_of, value_of, order, now, sys.stderr.isatty())
    if failed:
        raise PlanError(
            f"{failed} of {written + failed} rows were not planned (each is named above)",
            "fix them and run those rows again",
        )


rules_app = typer.Typer(help="Check, list and describe rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=f"Rule files or folders of .yaml files [default: what plan uses: ${RULES_VARIABLE}, else bundled].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate rule files as `plan` does, reporting every problem as file:line:col.

    Whatever `plan` would refuse because of the rules (a plan too big for any
    peel, a rule that a treatment at some time of day leaves with no reminder)
    this refuses too. Warning signs without a contact are a warning (exit 0).

    Example: aftercare rules check rules/
    """
    from aftercare_cli.outputs.rules_list import ruleset_summary
    from aftercare_cli.ruleset.advice import ruleset_warnings
    from aftercare_cli.ruleset.reach import reach_problems

    problems: list[str] = []
    for path in paths or [_rules(None)]:
        try:
            for ruleset in load_rulesets(path):
                found = plan_problems(ruleset) + reach_problems(ruleset)
                problems.extend(found)
                for warning in ruleset_warnings(ruleset):  # worth saying, not worth refusing: exit 0
                    warn(visible(warning))
                if not found:
                    write_out(f"{visible(ruleset.path)}: ok: {ruleset_summary(ruleset)}\n")
        except RulesError as error:
            problems.extend(error.problems)
    if problems:
        raise RulesError(problems)


class ListFormat(enum.StrEnum):
    """What `rules list` writes to standard output."""

    text = "text"
    json = "json"


@rules_app.command("list")
def rules_list(
    rules: RulesOption = None,
    output: Annotated[
        ListFormat, typer.Option(opt.FORMAT, help="text, or json for booking systems.")
    ] = ListFormat.text,
) -> None:
    """Show treatments, peel types and every rule with its timing in words.

    Example: aftercare rules list --rules rules/
    """
    rulesets = load_rulesets(_rules(rules))
    if output is ListFormat.json:
        from aftercare_cli.outputs.rules_list import rulesets_json

        write_json(rulesets_json(rulesets))
        return
    from aftercare_cli.cli.terminal import wrapped
    from aftercare_cli.outputs.rules_list import ruleset_lines

    for ruleset in rulesets:
        for line in ruleset_lines(ruleset):
            indent = " " * (len(line) - len(line.lstrip(" ")))
            write_out(wrapped(line.strip(), indent) + "\n")


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of the rules format, for editors.

    Example: aftercare rules schema > aftercare-rules.schema.json
    """
    from aftercare_cli.ruleset.schema import rules_schema_json

    write_json(rules_schema_json())
