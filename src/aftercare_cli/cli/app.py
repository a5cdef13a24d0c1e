"""The Typer app and its commands: `plan`, `rules check|list|schema`. Options -> values -> one call -> print.

No date maths, no YAML, no tables here. Heavy modules (rich's table, the JSON
encoder, icalendar) are imported inside the path that needs them, because a
front-desk command should feel instant.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from aftercare_cli import __version__
from aftercare_cli import option_names as opt
from aftercare_cli.cli import clock, deliver, making, options
from aftercare_cli.cli.deliver import Files
from aftercare_cli.cli.desk_input import patient_from, require_values
from aftercare_cli.cli.making import DeskChoices, Request, build_plan
from aftercare_cli.cli.notices import handout_written, import_guidance, pdf_written, replaced_guidance, say, warn
from aftercare_cli.cli.terminal import write_json, write_out
from aftercare_cli.cli.zone_names import machine_zone_name, zone_from_name
from aftercare_cli.core.size import plan_problems
from aftercare_cli.errors import PlanError, RulesError
from aftercare_cli.outputs.wording import calendar_word
from aftercare_cli.ruleset.files import RULES_VARIABLE
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.speech import speaking
from aftercare_cli.visible import visible
from aftercare_cli.voices import plan_voice

app = typer.Typer(
    help="Personalised aftercare timelines from a clinic's rules.",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


@app.command()
def plan(
    peel: Annotated[
        str | None,
        typer.Option(
            opt.PEEL,
            metavar="ID",
            help="Peel type, e.g. jessner (default: the rules' own).",
            autocompletion=options.complete_peels,
        ),
    ] = None,
    treatment: Annotated[
        str | None,
        typer.Option(
            opt.TREATMENT,
            metavar="ID",
            help="Treatment id, when the rules hold several.",
            autocompletion=options.complete_treatments,
        ),
    ] = None,
    at: Annotated[
        str,
        typer.Option(opt.AT, metavar="TIME", help="Treatment time: 14:30 (today), 2026-11-26 14:30, or ISO 8601."),
    ] = "now",
    tz: options.TzOption = None,
    fixed_offset: options.FixedOffsetOption = False,
    rules: options.RulesOption = None,
    wake: Annotated[str, typer.Option(opt.WAKE, metavar="HH:MM", help="The patient's wake-up time.")] = "07:00",
    sleep: Annotated[
        str, typer.Option(opt.SLEEP, metavar="HH:MM", help="The patient's bedtime; no reminders in between.")
    ] = "22:00",
    patient: Annotated[
        str, typer.Option(opt.PATIENT, metavar="NAME", help="The patient's name, shown on the plan.")
    ] = "",
    output: Annotated[
        options.OutputFormat, typer.Option(opt.FORMAT, help="table or json.")
    ] = options.OutputFormat.table,
    timeline: Annotated[
        bool, typer.Option(opt.TIMELINE, help="Show every step day by day instead of the one-screen summary.")
    ] = False,
    ics: Annotated[
        str | None,
        typer.Option(
            opt.ICS, metavar="PATH", help="Also write the plan as a calendar file (.ics; - for standard output)."
        ),
    ] = None,
    discreet: options.DiscreetOption = False,
    handout: Annotated[
        str | None,
        typer.Option(opt.HANDOUT, metavar="PATH", help="Also write a printable handout (.html) for the patient."),
    ] = None,
    pdf: Annotated[
        str | None,
        typer.Option(opt.PDF, metavar="PATH", help="Also write the handout as a PDF (.pdf), ready to print."),
    ] = None,
    paper: options.PaperOption = None,
    force: options.ForceOption = False,
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
            callback=options.seconds,
        ),
    ] = 300,
    adjustments: Annotated[
        list[str] | None,
        typer.Option(
            opt.SET,
            metavar="RULE.FIELD=VALUE",
            help="Adjust a rule's timing for this patient, e.g. keep-cool.for=72h.",
            autocompletion=options.complete_settings,
        ),
    ] = None,
    skips: Annotated[
        list[str] | None,
        typer.Option(
            opt.SKIP,
            metavar="RULE",
            help=f"Leave a rule's steps out of this patient's plan; an avoid window also needs {opt.FORCE_SKIP}.",
            autocompletion=options.complete_rule_ids,
        ),
    ] = None,
    force_skip: Annotated[
        bool,
        typer.Option(
            opt.FORCE_SKIP, help=f"Allow {opt.SKIP} of an avoid window (what the patient must not do), on purpose."
        ),
    ] = False,
    mutes: Annotated[
        list[str] | None,
        typer.Option(
            opt.MUTE,
            metavar="RULE",
            help="Keep a rule's steps in the plan and the calendar, without an alarm.",
            autocompletion=options.complete_rule_ids,
        ),
    ] = None,
    replaces: Annotated[
        str | None,
        typer.Option(
            opt.REPLACES,
            metavar="OLD.ics",
            help="This plan corrects an earlier one: say which calendar the patient deletes (its .ics is read).",
        ),
    ] = None,
    lang: options.LangOption = None,
    desk_lang: Annotated[
        str | None,
        typer.Option(
            opt.DESK_LANG,
            metavar="CODE",
            help=f"The screen and notices in the desk's language instead of {opt.LANG}'s.",
            autocompletion=options.complete_languages,
        ),
    ] = None,
) -> None:
    """Print a patient's aftercare plan: every step at its clock time, on one screen.

    Example: aftercare plan --peel jessner --at 14:30 --tz Pacific/Auckland --ics plan.ics

    Example (a night-shift patient): aftercare plan --wake 15:00 --sleep 07:00

    Example (72 hours without heat for this patient): aftercare plan --set keep-cool.for=72h

    Example (the calendar straight to the phone, titles hidden): aftercare plan --peel jessner --qr --discreet

    Example (no spritz, no alarm for water): aftercare plan --skip moisturising-spritz --mute drink-water

    Example (a corrected plan): aftercare plan --peel custom --ics plan-2.ics --replaces plan.ics

    Example (handout in Spanish, screen in English): aftercare plan --lang es --desk-lang en --handout plan.html
    """
    person = patient_from(wake, sleep, patient)
    require_values(peel=peel, treatment=treatment, tz=tz, lang=lang, desk_lang=desk_lang)
    zone = zone_from_name(tz if tz is not None else machine_zone_name(), fixed_offset=fixed_offset)
    files = Files(ics, handout, pdf, force, paper.value if paper else None, deliver.paper_for(options.locale()))
    deliver.check_files(files)  # every output's name and folder before any is written
    old = deliver.read_replaced(replaces, ics) if replaces is not None else None
    address = deliver.qr_address(qr_bind) if qr else ""
    browser = options.browser() if pdf is not None else None
    now = clock.now()  # the one reading of the clock: every output of this run agrees on it
    desk = DeskChoices(adjustments or [], skips or [], mutes or [], force_skip)
    request = Request(at, zone, person, treatment, peel, desk, lang=lang)
    rules_path = options.rules_in_use(rules)
    the_plan = build_plan(load_rulesets(rules_path, lang), request, now)
    desk_plan = making.desk_plan(the_plan, rules_path, request, desk_lang, now)  # the screen's and notices'
    if old is not None:
        the_plan, desk_plan = replace(the_plan, replaces=old), replace(desk_plan, replaces=old)
    # One calendar for the file and the phone: the same bytes, the same DTSTAMP.
    calendar = deliver.calendar_bytes(the_plan, now, discreet) if ics is not None or qr else b""
    made = deliver.file_bytes(the_plan, files, now, calendar, browser)
    with deliver.phone_server(calendar, address) as server:  # bound before writing: an address refused leaves no file
        deliver.write_files(made, force)
        if ics == "-":  # a calendar on stdout is the whole output
            deliver.write_calendar_out(calendar)
        else:  # the JSON is the patient's, in --lang; the screen is the desk's
            as_json = output is options.OutputFormat.json
            deliver.print_plan(the_plan if as_json else desk_plan, as_json, timeline, now)
        # Notices after the plan, where the desk still sees them, in the desk's language; the calendar they
        # name is the patient's phone's, in the patient's.
        with speaking(plan_voice(the_plan)):
            named = calendar_word()
        with speaking(plan_voice(desk_plan)):
            if ics not in (None, "-"):
                say(import_guidance(ics, calendar.count(b"BEGIN:VEVENT"), named))
            if old is not None:
                say(replaced_guidance(old, desk_plan, now, named))
            if handout is not None:
                say(handout_written(handout))
            if pdf is not None:
                say(pdf_written(pdf))
            if server is not None:
                deliver.hand_off(server, address, qr_wait, named)


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
    from aftercare_cli.cli import batch as batching

    wanted = batching.parse_outputs(outputs)
    column_of, value_of = batching.parse_columns(columns or []), batching.parse_values(values or [])
    deliver.check_folder(out)
    zone = tz if tz is not None else machine_zone_name()
    zone_from_name(zone, fixed_offset=fixed_offset)  # a bad --tz is the command line's fault, not every row's
    browser = options.browser() if "pdf" in wanted else None
    rules_path = options.rules_in_use(rules)
    rulesets = load_rulesets(rules_path, lang)
    settings = batching.Batch(
        out,
        wanted,
        rulesets,
        zone,
        fixed_offset=fixed_offset,
        force=force,
        discreet=discreet,
        paper=paper.value if paper else None,
        locale_paper=deliver.paper_for(options.locale()),
        browser=browser,
        lang=lang,
        rules_path=rules_path,
    )
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
    for path in paths or [options.rules_in_use(None)]:
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


@rules_app.command("list")
def rules_list(
    rules: options.RulesOption = None,
    output: Annotated[
        options.ListFormat, typer.Option(opt.FORMAT, help="text, or json for booking systems.")
    ] = options.ListFormat.text,
) -> None:
    """Show treatments, peel types and every rule with its timing in words.

    Example: aftercare rules list --rules rules/
    """
    rulesets = load_rulesets(options.rules_in_use(rules))
    if output is options.ListFormat.json:
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
