"""`aftercare plan`: one patient's plan, on the screen and in the files and phone the desk asks for."""

from dataclasses import replace
from typing import Annotated

import typer

from aftercare_cli import option_names as opt
from aftercare_cli.cli import making, options
from aftercare_cli.cli.deliver import files, phone
from aftercare_cli.cli.deliver.files import Files
from aftercare_cli.cli.deliver.handover import Handover, hand_over, refuse_early
from aftercare_cli.cli.inputs import clock
from aftercare_cli.cli.inputs.patient import patient_from, require_values
from aftercare_cli.cli.inputs.zone_names import desk_zone_name, zone_from_name
from aftercare_cli.cli.making import DeskChoices, Request, build_plan
from aftercare_cli.ruleset.loader import load_rulesets


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
    qr_bind: options.QrBindOption = None,
    qr_wait: options.QrWaitOption = 300,
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
    desk_lang: options.DeskLangOption = None,
    yes: Annotated[
        bool, typer.Option(opt.YES, help=f"Hand over to the phone ({opt.QR}) without asking first: for scripts.")
    ] = False,
    teach_back: Annotated[
        bool,
        typer.Option(
            opt.TEACH_BACK, help="Then three questions to ask the patient, with this plan's answers (the screen only)."
        ),
    ] = False,
    teach_back_lang: options.TeachBackLangOption = options.TeachBack.desk,
    record: options.RecordOption = None,
    record_name: options.RecordNameOption = False,
) -> None:
    """Print a patient's aftercare plan: every step at its clock time, on one screen.

    Example: aftercare plan --peel jessner --at 14:30 --tz Pacific/Auckland --ics plan.ics

    Example (a night-shift patient): aftercare plan --wake 15:00 --sleep 07:00

    Example (72 hours without heat for this patient): aftercare plan --set keep-cool.for=72h

    Example (the calendar straight to the phone, titles hidden): aftercare plan --peel jessner --qr --discreet

    Example (no spritz, no alarm for water): aftercare plan --skip moisturising-spritz --mute drink-water

    Example (a corrected plan): aftercare plan --peel custom --ics plan-2.ics --replaces plan.ics

    Example (handout in Spanish, screen in English): aftercare plan --lang es --desk-lang en --handout plan.html

    Example (the questions that check the patient understood): aftercare plan --timeline --teach-back

    New at the desk? aftercare desk asks for each of these, one question at a time.
    """
    person = patient_from(wake, sleep, patient)
    require_values(peel=peel, treatment=treatment, tz=tz, lang=lang, desk_lang=desk_lang)
    zone_name, zone_guessed = desk_zone_name(tz, fixed_offset)
    zone = zone_from_name(zone_name, fixed_offset=fixed_offset)
    # The desk's paper is read only for a PDF (on Windows and macOS that asks the system). What only some
    # plans need (a PDF's browser and paper, an earlier plan's file) is imported only for them: start-up.
    desk_paper = "a4"
    if pdf is not None:
        from aftercare_cli.cli.deliver.paper import desk_paper as read_paper

        desk_paper = read_paper()
    wanted = Files(ics, handout, pdf, force, paper.value if paper else None, desk_paper)
    files.check_files(wanted)  # every output's name and folder before any is written
    old = None
    if replaces is not None:
        from aftercare_cli.cli.inputs.earlier_plan import read_replaced

        old = read_replaced(replaces, ics)
    how = Handover(
        wanted,
        address=phone.qr_address(qr_bind) if qr else "",
        wait=qr_wait,
        discreet=discreet,
        ask_first=not yes,
        as_json=output is options.OutputFormat.json,
        timeline=timeline,
        teach_back=teach_back_lang if teach_back else None,
        record=record,
        record_name=record_name,
        zone_guessed=zone_guessed,
    )
    refuse_early(how)
    browser = None
    if pdf is not None:
        from aftercare_cli.cli.deliver.browser import find_browser

        browser = find_browser()
    now = clock.now()  # the one reading of the clock: every output of this run agrees on it
    desk = DeskChoices(adjustments or [], skips or [], mutes or [], force_skip)
    request = Request(at, zone, person, treatment, peel, desk, lang=lang)
    the_plan = build_plan(load_rulesets(options.rules_in_use(rules)), request, now)
    desk_plan = making.desk_plan(the_plan, desk_lang)  # the screen's and the notices' language
    if old is not None:
        the_plan, desk_plan = replace(the_plan, replaces=old), replace(desk_plan, replaces=old)
    hand_over(the_plan, desk_plan, how, now, browser)
