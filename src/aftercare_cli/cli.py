"""The shell: command-line options -> values, the clock, output, the one error handler.

No date maths, no YAML, no tables here. Heavy modules (rich's table, the JSON
encoder, icalendar) are imported inside the path that needs them, because a
front-desk command should feel instant.
"""

from __future__ import annotations

import enum
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from aftercare_cli import __version__
from aftercare_cli.desk_input import patient_from, require_values
from aftercare_cli.errors import EXIT_CONTENT, EXIT_USAGE, AftercareError, HandoffError, RulesError
from aftercare_cli.model import Patient, Plan
from aftercare_cli.planner import make_plan, plan_problems
from aftercare_cli.rulefiles import bundled_rules_dir
from aftercare_cli.rules import load_rulesets
from aftercare_cli.selection import pick_peel, pick_treatment
from aftercare_cli.treatment_time import parse_treatment_time
from aftercare_cli.visible import visible
from aftercare_cli.zones import machine_zone_name, zone_from_name

app = typer.Typer(
    help="Personalised aftercare timelines from a clinic's rules.",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_INTERRUPTED = 130
FAR_OFF = timedelta(days=366)  # a treatment more than a year away is most likely a mistyped year


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
        "--rules",
        envvar="AFTERCARE_RULES",
        metavar="PATH",
        help="Rules file or folder of .yaml files (default: the bundled rules).",
        show_default=False,
    ),
]


# Shell completion (aftercare --install-completion): each looks things up only when the shell asks.
def _peels(incomplete: str) -> list[str]:
    from aftercare_cli.completion import peel_ids

    return peel_ids(incomplete)


def _treatments(incomplete: str) -> list[str]:
    from aftercare_cli.completion import treatment_ids

    return treatment_ids(incomplete)


def _zones(incomplete: str) -> list[str]:
    from aftercare_cli.completion import zone_names

    return zone_names(incomplete)


def _settings(incomplete: str) -> list[str]:
    from aftercare_cli.completion import settings

    return settings(incomplete)


@app.command()
def plan(
    peel: Annotated[
        str | None,
        typer.Option(metavar="ID", help="Peel type, e.g. jessner (default: the rules' own).", autocompletion=_peels),
    ] = None,
    treatment: Annotated[
        str | None,
        typer.Option(metavar="ID", help="Treatment id, when the rules hold several.", autocompletion=_treatments),
    ] = None,
    at: Annotated[
        str, typer.Option(metavar="TIME", help="Treatment time: 14:30 (today), 2026-11-26 14:30, or ISO 8601.")
    ] = "now",
    tz: Annotated[
        str | None,
        typer.Option(
            metavar="ZONE",
            help="Time zone by region, e.g. Pacific/Auckland (default: this computer's).",
            autocompletion=_zones,
        ),
    ] = None,
    fixed_offset: Annotated[
        bool, typer.Option("--fixed-offset", help="Accept a fixed-offset --tz such as Etc/GMT+5, on purpose.")
    ] = False,
    rules: RulesOption = None,
    wake: Annotated[str, typer.Option(metavar="HH:MM", help="The patient's wake-up time.")] = "07:00",
    sleep: Annotated[
        str, typer.Option(metavar="HH:MM", help="The patient's bedtime; no reminders in between.")
    ] = "22:00",
    patient: Annotated[str, typer.Option(metavar="NAME", help="The patient's name, shown on the plan.")] = "",
    output: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
    timeline: Annotated[
        bool, typer.Option("--timeline", help="Show every step day by day instead of the one-screen summary.")
    ] = False,
    ics: Annotated[
        str | None,
        typer.Option(metavar="PATH", help="Also write the plan as a calendar file (.ics; - for standard output)."),
    ] = None,
    discreet: Annotated[
        bool,
        typer.Option(
            "--discreet", help='Neutral calendar titles ("Aftercare reminder"): the lock screen does not say what.'
        ),
    ] = False,
    handout: Annotated[
        str | None,
        typer.Option(metavar="PATH", help="Also write a printable handout (.html) for the patient."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --ics or --handout file.")] = False,
    qr: Annotated[
        bool, typer.Option("--qr", help="Then serve the calendar once to the patient's phone through a QR code.")
    ] = False,
    qr_bind: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS", help="The address --qr serves on (default: this computer's on the network)."),
    ] = None,
    qr_wait: Annotated[
        float, typer.Option(metavar="SECONDS", help="How long --qr waits for the phone.", min=1, max=3600)
    ] = 300,
    adjust: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
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
    the_plan = _build_plan(rules, treatment, peel, at, zone, person, adjust or [], now)
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
        _print_import_guidance(ics, calendar.count(b"BEGIN:VEVENT"))
    if handout is not None:
        sys.stderr.write(f"Wrote {visible(handout)}: open it in a browser and print it for the patient.\n")
    if qr:
        _hand_off(calendar, qr_bind, qr_wait)


def _build_plan(
    rules_path: Path | None,
    treatment_id: str | None,
    peel_id: str | None,
    at: str,
    zone: ZoneInfo,
    patient: Patient,
    adjustments: list[str],
    now: datetime,
) -> Plan:
    treated_at = parse_treatment_time(at, zone, now)
    if abs(treated_at - now) > FAR_OFF:
        _warn(f"the treatment date {treated_at:%Y-%m-%d} is more than a year from today ({now:%Y-%m-%d}); check --at")
    ruleset = pick_treatment(load_rulesets(rules_path or bundled_rules_dir()), treatment_id, peel_id)
    peel = pick_peel(ruleset, peel_id)
    if adjustments:  # only then: the overrides and their words load on this path alone
        from aftercare_cli.overrides import apply_overrides

        ruleset = apply_overrides(ruleset, adjustments, peel)
    return make_plan(ruleset, peel, treated_at, zone, patient)


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
    plain = bool(os.environ.get("NO_COLOR"))  # no-color.org; rich alone would still print bold
    try:
        Console(highlight=False, emoji=False, color_system=None if plain else "auto").print(view)
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
    color = sys.stderr.isatty() and "NO_COLOR" not in os.environ
    with OneTimeServer(data, address) as server:
        # The code, its link and what to do fit one 80x24 screen together: the plan above may scroll away.
        notice = sys.stderr
        notice.write("\n".join(qr_lines(server.url, color)) + "\n")
        notice.write(f"{server.url}\n")
        for line in (
            "iPhone: scan it with the Camera, open the link in Safari, tap Add All.",
            "Android: open the downloaded file with the free ICSx5 app.",
            f"Waiting up to {wait:g} s on {address}; Ctrl-C stops.",
        ):
            notice.write(_wrapped(line) + "\n")
        notice.flush()
        delivered = server.serve(wait)
    if delivered is None:
        raise HandoffError(
            f"the phone did not fetch the plan within {wait:g} s",
            "the phone must be on the clinic's network, and guest Wi-Fi often keeps devices apart; "
            "send the file another way (--ics plan.ics by email) or print --handout",
        )
    sys.stderr.write(f"Delivered to {delivered.address}; the link no longer works.\n")


def _wrapped(line: str, indent: str = "") -> str:
    """A notice wrapped to the terminal (at most 100 columns), its later lines hung by two spaces."""
    import shutil
    import textwrap

    width = max(40, min(shutil.get_terminal_size().columns, 100))
    return textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent + "  ")


def _print_import_guidance(target: str, events: int) -> None:
    lines = [
        f"Wrote {visible(target)}: {events} calendar events. To get it onto the patient's phone:",
        "iPhone: email it and open the attachment in Mail (or Safari), then tap Add All.",
        "Android: the Google Calendar app cannot import a file. Open it with the free ICSx5 app, or import it "
        "on a computer at calendar.google.com (Settings, Import & export) into a calendar made for it and set "
        "that calendar's default notification: Google drops the file's own alarms.",
        "Outlook: open the file; it becomes a calendar of its own.",
    ]
    sys.stderr.write(lines[0] + "\n")
    for line in lines[1:]:
        sys.stderr.write(_wrapped(line, indent="  ") + "\n")


rules_app = typer.Typer(help="Check, list and describe rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Rule files or folders of .yaml files [default: the rules plan uses: $AFTERCARE_RULES, else bundled].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate rule files as `plan` does, reporting every problem as file:line:col.

    Whatever `plan` would refuse because of the rules (a plan too big for any
    peel included), this refuses too.

    Example: aftercare rules check rules/
    """
    problems: list[str] = []
    for path in paths or [_default_rules()]:
        try:
            for ruleset in load_rulesets(path):
                found = plan_problems(ruleset)
                problems.extend(found)
                if not found:
                    counts = f"{len(ruleset.peels)} peels, {len(ruleset.rules)} rules"
                    print(f"{ruleset.path}: ok: {ruleset.treatment.id}, {counts}")
        except RulesError as error:
            problems.extend(error.problems)
    if problems:
        raise RulesError(problems)


def _default_rules() -> Path:
    """The rules `plan` uses when given none: $AFTERCARE_RULES, else the bundled ones."""
    configured = os.environ.get("AFTERCARE_RULES", "")
    return Path(configured) if configured else bundled_rules_dir()


class ListFormat(enum.StrEnum):
    text = "text"
    json = "json"


@rules_app.command("list")
def rules_list(
    rules: RulesOption = None,
    output: Annotated[
        ListFormat, typer.Option("--format", help="text, or json for booking systems.")
    ] = ListFormat.text,
) -> None:
    """Show treatments, peel types and every rule with its timing in words.

    Example: aftercare rules list --rules rules/
    """
    rulesets = load_rulesets(rules or bundled_rules_dir())
    if output is ListFormat.json:
        from aftercare_cli.describe import rulesets_json

        sys.stdout.write(rulesets_json(rulesets))
        return
    from aftercare_cli.describe import ruleset_lines

    for ruleset in rulesets:
        for line in ruleset_lines(ruleset):
            indent = " " * (len(line) - len(line.lstrip(" ")))
            sys.stdout.write(_wrapped(line.strip(), indent) + "\n")


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of the rules format, for editors.

    Example: aftercare rules schema > aftercare-rules.schema.json
    """
    from aftercare_cli.schema import rules_schema_json

    sys.stdout.write(rules_schema_json())


def _warn(message: str) -> None:
    sys.stderr.write(f"aftercare: warning: {message}\n")


# --- the one error handler ------------------------------------------------------


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code; every error ends here as one message."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="aftercare", standalone_mode=False)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, inside the handler, not at exit
    except AftercareError as error:
        _report(error.line())
        return error.exit_code
    except KeyboardInterrupt:
        _report("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`aftercare rules list | head -1`): it has what it wanted; stop quietly.
        _silence_stdout()
        return 0
    except SystemExit as exit_:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # Click's own answer to a closed pipe: the same
            _silence_stdout()
            return 0
        raise exit_
    except OSError as error:  # standard output could not be written: a full disk, a device error
        _silence_stdout()
        _report(f"cannot write the output: {error.strerror or error}")
        return EXIT_CONTENT
    except Exception as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # bare `aftercare` or `aftercare rules`: the help, shown
            return 0
        if hasattr(error, "format_message") and hasattr(error, "exit_code"):  # Click's usage errors
            _report(_usage_line(error))
            return int(getattr(error, "exit_code", EXIT_USAGE))
        raise
    if result == EXIT_INTERRUPTED:  # Click turns Ctrl-C into this code
        _report("interrupted")
    return result if isinstance(result, int) else 0


def _usage_line(error: Exception) -> str:
    message = " ".join(str(error.format_message()).split()).rstrip(".")  # type: ignore[attr-defined]
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "aftercare"
    return f"{message}; see '{command} --help'"


def _report(message: str) -> None:
    """One red line on stderr; several problems (a rules file) one line each, then a summary."""
    lines = message.splitlines() or [message]
    color = sys.stderr.isatty() and "NO_COLOR" not in os.environ
    start, end = ("\x1b[31m", "\x1b[0m") if color else ("", "")
    if len(lines) == 1:
        sys.stderr.write(f"{start}aftercare: error: {lines[0]}{end}\n")
        return
    for line in lines:
        sys.stderr.write(f"{line}\n")
    sys.stderr.write(f"{start}aftercare: error: {len(lines)} problems; fix them and run again{end}\n")


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
