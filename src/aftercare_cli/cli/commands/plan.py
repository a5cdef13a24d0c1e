"""`aftercare plan`: one patient's plan, on the screen and in the files and phone the desk asks for."""

from dataclasses import replace
from typing import Annotated

import typer

from aftercare_cli import option_names as opt
from aftercare_cli.cli import making, options
from aftercare_cli.cli.deliver import files, phone, screen
from aftercare_cli.cli.deliver.browser import find_browser
from aftercare_cli.cli.deliver.files import Files
from aftercare_cli.cli.deliver.paper import desk_paper
from aftercare_cli.cli.inputs import clock
from aftercare_cli.cli.inputs.earlier_plan import read_replaced
from aftercare_cli.cli.inputs.patient import patient_from, require_values
from aftercare_cli.cli.inputs.zone_names import desk_zone_name, guessed_zone, zone_from_name
from aftercare_cli.cli.making import DeskChoices, Request, build_plan
from aftercare_cli.cli.notices import handout_written, import_guidance, pdf_written, replaced_guidance, say, warn
from aftercare_cli.outputs.wording import calendar_word
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.speech import speaking
from aftercare_cli.voices import plan_voice


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
            help=f"Leave a rule's steps out of this plan; a window or warning sign also needs {opt.FORCE_SKIP}.",
            autocompletion=options.complete_rule_ids,
        ),
    ] = None,
    force_skip: Annotated[
        bool,
        typer.Option(opt.FORCE_SKIP, help=f"Allow {opt.SKIP} of an avoid window or a warning sign, on purpose."),
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
    zone_name, zone_guessed = desk_zone_name(tz, fixed_offset)
    zone = zone_from_name(zone_name, fixed_offset=fixed_offset)
    # The desk's paper is read only for a PDF (on Windows and macOS that asks the system).
    wanted = Files(ics, handout, pdf, force, paper.value if paper else None, desk_paper() if pdf is not None else "a4")
    files.check_files(wanted)  # every output's name and folder before any is written
    old = read_replaced(replaces, ics) if replaces is not None else None
    address = phone.qr_address(qr_bind) if qr else ""
    browser = find_browser() if pdf is not None else None
    now = clock.now()  # the one reading of the clock: every output of this run agrees on it
    desk = DeskChoices(adjustments or [], skips or [], mutes or [], force_skip)
    request = Request(at, zone, person, treatment, peel, desk, lang=lang)
    rules_path = options.rules_in_use(rules)
    the_plan = build_plan(load_rulesets(rules_path), request, now)
    desk_plan = making.desk_plan(the_plan, desk_lang)  # the screen's and the notices' language
    if old is not None:
        the_plan, desk_plan = replace(the_plan, replaces=old), replace(desk_plan, replaces=old)
    # One calendar for the file and the phone: the same bytes, the same DTSTAMP.
    calendar = files.calendar_bytes(the_plan, now, discreet) if ics is not None or qr else b""
    made = files.file_bytes(the_plan, wanted, now, calendar, browser)
    with phone.phone_server(calendar, address) as server:  # bound before writing: an address refused leaves no file
        files.write_files(made, force)
        if ics == "-":  # a calendar on stdout is the whole output
            screen.write_calendar_out(calendar)
        else:  # the JSON is the patient's, in --lang; the screen is the desk's
            as_json = output is options.OutputFormat.json
            screen.print_plan(the_plan if as_json else desk_plan, as_json, timeline, now)
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
            if zone_guessed:  # last, where the desk still sees it under the plan
                warn(guessed_zone())
            if server is not None:
                phone.hand_off(server, address, qr_wait, named)
