"""`aftercare desk`: a plan made by answering questions, one a line, for someone who has not learned the options.

Asked in order: the patient's name; the treatment and its peel or variant
(the rules' own choices, with their labels); the treatment time (as `--at`
reads it, with the same refusals); the waking hours; the patient's language
(where the rules have several) and, when it is not the desk's, which one the
teach-back questions are in; and what to hand over. Each answer is read by
the function `plan` reads the same option with, so a bad one is asked again
under the very line `plan` would give. Nothing is written until every
question is answered. Then the plan is handed over as `plan` hands it over
(`deliver.handover`), with the same plan's command line under the desk view.
Imported only by `aftercare desk`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from aftercare_cli import option_names as opt
from aftercare_cli.cli import making, options
from aftercare_cli.cli.command_line import command_line
from aftercare_cli.cli.deliver import phone
from aftercare_cli.cli.deliver.browser import find_browser
from aftercare_cli.cli.deliver.files import HANDOUT_WHY, ICS_WHY, PDF_WHY, Files
from aftercare_cli.cli.deliver.handover import Handover, hand_over
from aftercare_cli.cli.inputs import clock
from aftercare_cli.cli.inputs.asking import ask, choose, desk_console
from aftercare_cli.cli.inputs.choices import pick_peel, pick_treatment
from aftercare_cli.cli.inputs.language import pick_language
from aftercare_cli.cli.inputs.patient import patient_from, require_values
from aftercare_cli.cli.inputs.treatment_time import parse_treatment_time
from aftercare_cli.cli.inputs.zone_names import desk_zone_name, guessed_zone, zone_from_name
from aftercare_cli.cli.making import Request, build_plan
from aftercare_cli.cli.notices import warn
from aftercare_cli.cli.options import TeachBack
from aftercare_cli.core.localtime import local_time_problem
from aftercare_cli.errors import UsageError
from aftercare_cli.escapes import escaped
from aftercare_cli.frozen import frozen
from aftercare_cli.model import NO_PEEL, Patient, Peel, RuleSet, clock_24h, utc_offset
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.speech import clock as clock_words
from aftercare_cli.speech import day_with_year, speaking
from aftercare_cli.voices import language_name, voice_of

T = TypeVar("T")
DEFAULT_WAKING = "07:00-22:00"  # `plan`'s own --wake and --sleep defaults
DEFAULT_WAIT = 300.0  # `plan`'s own --qr-wait


@frozen
class Setup:
    """What `aftercare desk` was started with: the options the questions do not ask."""

    rules: Path | None = None  # as given: the command line names the rules only then
    tz: str | None = None
    fixed_offset: bool = False
    desk_lang: str | None = None
    record: Path | None = None
    record_name: bool = False
    qr_bind: str | None = None
    qr_wait: float = DEFAULT_WAIT


@frozen
class Answers:
    """The desk's answers, each read as `plan` reads its option."""

    ruleset: RuleSet
    several: bool  # the rules hold several treatments: the treatment is named
    peel: Peel
    at: str  # the treatment time as `--at` reads it, to the minute, never "now"
    patient: Patient
    lang: str  # the patient's
    desk_lang: str  # the screen's
    teach_back: TeachBack
    files: Files
    address: str  # the phone's (`--qr`), "" for none


# What can be handed over, in the order the question lists them (the screen is always shown).
HANDOVERS = ("screen only", "printed handout (a page to print)", "PDF", "calendar file (.ics)", "phone, by QR code")


def run_desk(setup: Setup) -> None:
    """Ask, make the plan, show it with its command line, and hand it over."""
    zone_name, guessed = desk_zone_name(setup.tz, setup.fixed_offset)
    zone = zone_from_name(zone_name, fixed_offset=setup.fixed_offset)
    require_values(desk_lang=setup.desk_lang)
    rulesets = load_rulesets(options.rules_in_use(setup.rules))
    if setup.desk_lang is not None:
        pick_language(rulesets[0].treatment, setup.desk_lang, opt.DESK_LANG, desk=True)  # refused now, not later
    if setup.record is not None:
        from aftercare_cli.outputs.record import check_record

        check_record(setup.record, opt.RECORD)
    if guessed:
        warn(guessed_zone("the treatment time is read"))
    answers = ask_all(rulesets, zone, setup)
    browser = find_browser() if answers.files.pdf is not None else None
    now = clock.now()  # the one reading for every output (the time question read its own, for "now" and "today")
    treatment = answers.ruleset.treatment.id if answers.several else None
    request = Request(answers.at, zone, answers.patient, treatment, answers.peel.id or None, lang=answers.lang)
    the_plan = build_plan(rulesets, request, now)
    desk_plan = making.desk_plan(the_plan, answers.desk_lang if answers.desk_lang != answers.lang else None)
    how = Handover(
        answers.files,
        address=answers.address,
        wait=setup.qr_wait,
        teach_back=answers.teach_back,
        record=setup.record,
        record_name=setup.record_name,
        command=command_line(plan_arguments(answers, setup, zone)),
    )
    hand_over(the_plan, desk_plan, how, now, browser)


def ask_all(rulesets: list[RuleSet], zone: ZoneInfo, setup: Setup) -> Answers:
    """Every question, in order; a bad answer asked again."""
    name = ask("Patient's name (Enter for none)", lambda text: patient_from("07:00", "22:00", text).name)
    ruleset = _treatment(rulesets, setup.desk_lang)
    desk_lang = setup.desk_lang or ruleset.treatment.languages[0]
    peel = _peel(ruleset, desk_lang)
    at = _treatment_time(zone, desk_lang, ruleset)
    patient = ask("Awake from-to: wake-up and bedtime, 24-hour", lambda text: _waking(text, name), DEFAULT_WAKING)
    lang = _language(ruleset, desk_lang)
    teach_back = TeachBack.desk
    if lang != desk_lang:
        whose = [
            ("desk", f"the desk's: {language_name(desk_lang)}"),
            ("patient", f"the patient's: {language_name(lang)}"),
        ]
        teach_back = choose("Teach-back questions in", whose, _whose, default=1)
    kinds, address = _handovers(setup)
    named = {kind: _file_name(kind, patient, at) for kind in ("handout", "pdf", "ics") if kind in kinds}
    files = Files(named.get("ics"), named.get("handout"), named.get("pdf"))
    return Answers(ruleset, len(rulesets) > 1, peel, at, patient, lang, desk_lang, teach_back, files, address)


def plan_arguments(answers: Answers, setup: Setup, zone: ZoneInfo) -> list[str]:
    """`plan`'s arguments for the same plan (the options at their defaults left out, the time and zone never)."""
    patient = answers.patient
    arguments = ["plan"]
    pairs: list[tuple[str, str | None]] = [
        (opt.RULES, str(setup.rules) if setup.rules is not None else None),
        (opt.TREATMENT, answers.ruleset.treatment.id if answers.several else None),
        (opt.PEEL, answers.peel.id or None),
        (opt.AT, answers.at),
        (opt.TZ, zone.key),
        (opt.PATIENT, patient.name or None),
        (opt.WAKE, clock_24h(patient.wake) if clock_24h(patient.wake) != "07:00" else None),
        (opt.SLEEP, clock_24h(patient.bedtime) if clock_24h(patient.bedtime) != "22:00" else None),
        (opt.LANG, answers.lang if answers.lang != answers.ruleset.treatment.languages[0] else None),
        (opt.DESK_LANG, answers.desk_lang if answers.desk_lang != answers.lang else None),
        (opt.HANDOUT, answers.files.handout),
        (opt.PDF, answers.files.pdf),
        (opt.ICS, answers.files.ics),
    ]
    arguments += [word for option, value in pairs if value is not None for word in (option, value)]
    if setup.fixed_offset:
        arguments.append(opt.FIXED_OFFSET)
    if answers.address:
        arguments.append(opt.QR)
        if setup.qr_bind is not None:
            arguments += [opt.QR_BIND, setup.qr_bind]
        if setup.qr_wait != DEFAULT_WAIT:
            arguments += [opt.QR_WAIT, f"{setup.qr_wait:g}"]
    arguments.append(opt.TEACH_BACK)
    if answers.teach_back is TeachBack.patient:
        arguments += [opt.TEACH_BACK_LANG, TeachBack.patient.value]
    if setup.record is not None:
        arguments += [opt.RECORD, str(setup.record), *([opt.RECORD_NAME] if setup.record_name else [])]
    return arguments


def _treatment(rulesets: list[RuleSet], desk_lang: str | None) -> RuleSet:
    if len(rulesets) == 1:
        return rulesets[0]
    choices = [(r.treatment.id, r.treatment.name.in_language(desk_lang or r.treatment.languages[0])) for r in rulesets]
    return choose("Treatment", choices, lambda answer: pick_treatment(rulesets, answer))


def _peel(ruleset: RuleSet, desk_lang: str) -> Peel:
    if not ruleset.peels:
        return NO_PEEL
    ids = [peel.id for peel in ruleset.peels]
    choices = [(peel.id, peel.label.in_language(desk_lang)) for peel in ruleset.peels]
    question = ruleset.treatment.variant.in_language(desk_lang) or "Peel"
    default = ids.index(ruleset.default_peel) + 1 if ruleset.default_peel in ids else None
    return choose(question, choices, lambda answer: pick_peel(ruleset, answer), default)


def _treatment_time(zone: ZoneInfo, desk_lang: str, ruleset: RuleSet) -> str:
    """The time as `--at` reads it, shown back in full; returned to the minute, a repeated hour with its offset."""
    question = f"Treatment time ({zone.key}): now, 14:30 or 2026-11-26 14:30"
    treated = ask(question, lambda text: parse_treatment_time(text, zone, clock.now()), "now")
    with speaking(voice_of(desk_lang, ruleset.treatment.clock)):
        read_as = f"{day_with_year(treated)}, {clock_words(treated.time())} {zone.key} ({utc_offset(treated)})"
    desk_console().print(f"  = {read_as}", style="dim", highlight=False)
    return _at_text(treated)


def _at_text(treated: datetime) -> str:
    """`2026-11-26 14:30`; in an hour the clocks repeat, `2026-04-05T02:30+12:00`, which says which one."""
    if local_time_problem(treated) == "fold":
        return treated.isoformat(timespec="minutes")
    return f"{treated:%Y-%m-%d %H:%M}"


def _waking(text: str, name: str) -> Patient:
    parts = [part for part in re.split(r"\s*(?:-|\u2013|\bto\b|\s)\s*", text.strip()) if part]
    if len(parts) != 2:
        raise UsageError(
            f"{escaped(text)!r} is not a wake-up time and a bedtime",
            "write them as 07:00-22:00 (a night shift: 15:00-07:00)",
        )
    return patient_from(parts[0], parts[1], name)


def _language(ruleset: RuleSet, desk_lang: str) -> str:
    languages = ruleset.treatment.languages
    if len(languages) == 1:
        return languages[0]
    choices = [(lang, language_name(lang, desk_lang)) for lang in languages]
    return choose("The patient's language", choices, lambda answer: pick_language(ruleset.treatment, answer), 1)


def _whose(answer: str) -> TeachBack:
    if answer not in (TeachBack.desk.value, TeachBack.patient.value):
        raise UsageError(f"{escaped(answer)!r} is not one of the choices", "type 1 (the desk's) or 2 (the patient's)")
    return TeachBack(answer)


def _handovers(setup: Setup) -> tuple[set[str], str]:
    """What to hand over (several numbers: "2 5"), each checked as `plan` checks its option; the phone's address."""
    kinds = ("screen", "handout", "pdf", "ics", "phone")
    found: list[tuple[set[str], str]] = []

    def picked(answer: str) -> set[str]:
        numbers = [part for part in re.split(r"[\s,]+", answer) if part]
        if not all(number.isdigit() and 1 <= int(number) <= len(kinds) for number in numbers) or not numbers:
            raise UsageError(
                f"{escaped(answer)!r} is not one of the choices", f"type numbers from 1 to {len(kinds)}, e.g. 2 5"
            )
        chosen = {kinds[int(number) - 1] for number in numbers}
        address = phone.qr_address(setup.qr_bind) if "phone" in chosen else ""  # refused here, asked again
        if "pdf" in chosen:
            find_browser()  # a browser named that is not there: refused here
        found.append((chosen, address))
        return chosen

    _choose_many("What to hand over (one or more numbers, e.g. 2 5)", list(zip(kinds, HANDOVERS, strict=True)), picked)
    return found[-1]


def _choose_many(question: str, choices: Sequence[tuple[str, str]], pick: Callable[[str], T]) -> T:
    console = desk_console()
    for number, (_kind, label) in enumerate(choices, start=1):
        console.print(f"  {number}  {label}", highlight=False)
    return ask(question, pick, "1", console)


def _file_name(kind: str, patient: Patient, at: str) -> str:
    """Where a file goes: a name checked as `plan` checks it (its ending, nothing there yet, a folder to write)."""
    from aftercare_cli.outputs.atomic import check_target

    suffix, why, what = {
        "handout": (".html", HANDOUT_WHY, "Handout file"),
        "pdf": (".pdf", PDF_WHY, "PDF file"),
        "ics": (".ics", ICS_WHY, "Calendar file"),
    }[kind]

    def checked(name: str) -> str:
        check_target(Path(name), suffix=suffix, why=why)
        return name

    return ask(what, checked, _default_name(patient, at, suffix))


def _default_name(patient: Patient, at: str, suffix: str) -> str:
    """`aftercare-ana-smith-2026-11-26.html`: the patient's name in plain letters (if any) and the day."""
    letters = unicodedata.normalize("NFKD", patient.name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", letters).strip("-")[:40].strip("-")
    return f"aftercare-{slug + '-' if slug else ''}{at[:10]}{suffix}"
