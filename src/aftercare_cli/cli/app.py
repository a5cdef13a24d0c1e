"""The Typer app and its commands: `plan`, `rules check|list|schema`. Options -> values -> one call -> print.

No date maths, no YAML, no tables here. Heavy modules (rich's table, the JSON
encoder, icalendar) are imported inside the path that needs them, because a
front-desk command should feel instant.
"""

from __future__ import annotations

import enum
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from aftercare_cli import __version__
from aftercare_cli import option_names as opt
from aftercare_cli.cli.desk_input import patient_from, require_values
from aftercare_cli.cli.notices import handout_written, import_guidance, qr_steps, say, warn
from aftercare_cli.cli.selection import pick_peel, pick_treatment
from aftercare_cli.cli.terminal import colour_off, colour_on
from aftercare_cli.cli.treatment_time import parse_treatment_time
from aftercare_cli.cli.zone_names import machine_zone_name, zone_from_name
from aftercare_cli.core.planner import make_plan, plan_problems
from aftercare_cli.errors import HandoffError, PlanError, RulesError
from aftercare_cli.model import Patient, Plan
from aftercare_cli.ruleset.files import RULES_VARIABLE, rules_path
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.timetext import A_YEAR

app = typer.Typer(
    help="Personalised aftercare timelines from a clinic's rules.",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(enum.StrEnum):
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
    force: Annotated[bool, typer.Option(opt.FORCE, help="Replace an existing --ics or --handout file.")] = False,
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
        float, typer.Option(opt.QR_WAIT, metavar="SECONDS", help="How long --qr waits for the phone.", min=1, max=3600)
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
    now = datetime.now(timezone.utc)  # the one reading of the clock: every output of this run agrees on it
    the_plan = _build_plan(_rules(rules), treatment, peel, at, zone, person, adjustments or [], now)
    # One calendar for the file and the phone: the same bytes, the same DTSTAMP.
    calendar = _calendar(the_plan, now, discreet) if ics is not None or qr else b""
    if ics is not None:
        _write_calendar(calendar, ics, force)
    if handout is not None:
        _write_handout(the_plan, handout, force, now)
    if ics != "-":  # a calendar on stdout is the whole output
        _print_plan(the_plan, output, timeline, now)
    # Notices after the plan, where the desk still sees them.
    if ics not in (None, "-"):
        say(import_guidance(ics, calendar.count(b"BEGIN:VEVENT")))
    if handout is not None:
        say(handout_written(handout))
    if qr:
        _hand_off(calendar, qr_bind, qr_wait)


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


def _print_plan(the_plan: Plan, output: OutputFormat, timeline: bool, now: datetime) -> None:
    if output is OutputFormat.json:
        from aftercare_cli.outputs.jsondoc import plan_json

        sys.stdout.write(plan_json(the_plan))
        return
    from rich.console import Console

    if timeline:
        from aftercare_cli.outputs.timeline import timeline_view

        view = timeline_view(the_plan)
    else:
        from aftercare_cli.outputs.glance import glance_view

        view = glance_view(the_plan, now.astimezone(the_plan.treated_at.tzinfo).date())
    plain = colour_off()  # rich alone would still print bold under NO_COLOR
    try:
        Console(highlight=False, emoji=False, color_system=None if plain else "auto", no_color=plain).print(view)
    except SystemExit:  # rich's answer to a closed pipe; the one handler answers it the same for every command
        raise BrokenPipeError from None


def _calendar(the_plan: Plan, now: datetime, discreet: bool) -> bytes:
    from aftercare_cli.outputs.calendar import plan_calendar

    return plan_calendar(the_plan, stamp=now, discreet=discreet)


def _write_calendar(data: bytes, target: str, force: bool) -> None:
    """The calendar to its file, or to standard output for `-`."""
    from aftercare_cli.outputs.atomic import write_atomically

    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(Path(target), data, force=force, why="phones open only .ics files")


def _write_handout(the_plan: Plan, target: str, force: bool, now: datetime) -> None:
    from aftercare_cli.outputs.atomic import write_atomically
    from aftercare_cli.outputs.handout import plan_handout

    page = plan_handout(the_plan, now.astimezone(the_plan.treated_at.tzinfo)).encode("utf-8")
    write_atomically(Path(target), page, force=force, suffix=".html", why="a browser opens it to print")


def _hand_off(data: bytes, bind: str | None, wait: float) -> None:
    """Serve the calendar once, shown as a QR code; return when the phone has it, else raise."""
    from aftercare_cli.handoff.qr import qr_lines
    from aftercare_cli.handoff.server import OneTimeServer, bind_address, local_address

    address = bind_address(bind) if bind is not None else local_address()
    with OneTimeServer(data, address) as server:
        # The code, its link and what to do fit one 80x24 screen together: the plan above may scroll away.
        sys.stderr.write("\n".join(qr_lines(server.url, colour_on(sys.stderr))) + "\n")
        say(qr_steps(server.url, address, wait), indent="")
        delivered = server.serve(wait)
    if delivered is None:
        raise HandoffError(
            f"the phone did not fetch the plan within {wait:g} s",
            "the phone must be on the clinic's network, and guest Wi-Fi often keeps devices apart; "
            f"send the file another way ({opt.ICS} plan.ics by email) or print {opt.HANDOUT}",
        )
    sys.stderr.write(f"Delivered to {delivered.address}; the link no longer works.\n")


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
    this refuses too.

    Example: aftercare rules check rules/
    """
    from aftercare_cli.ruleset.reach import reach_problems

    problems: list[str] = []
    for path in paths or [_rules(None)]:
        try:
            for ruleset in load_rulesets(path):
                found = plan_problems(ruleset) + reach_problems(ruleset)
                problems.extend(found)
                if not found:
                    counts = f"{len(ruleset.peels)} peels, {len(ruleset.rules)} rules"
                    print(f"{ruleset.path}: ok: {ruleset.treatment.id}, {counts}")
        except RulesError as error:
            problems.extend(error.problems)
    if problems:
        raise RulesError(problems)


class ListFormat(enum.StrEnum):
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

        sys.stdout.write(rulesets_json(rulesets))
        return
    from aftercare_cli.cli.terminal import wrapped
    from aftercare_cli.outputs.rules_list import ruleset_lines

    for ruleset in rulesets:
        for line in ruleset_lines(ruleset):
            indent = " " * (len(line) - len(line.lstrip(" ")))
            sys.stdout.write(wrapped(line.strip(), indent) + "\n")


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of the rules format, for editors.

    Example: aftercare rules schema > aftercare-rules.schema.json
    """
    from aftercare_cli.ruleset.schema import rules_schema_json

    sys.stdout.write(rules_schema_json())
