"""A made plan handed over, in order: the screen, the check before the phone, the files, the notices, the phone,
the teach-back questions, the record. Shared by `plan` and `aftercare desk`, so both hand over the same way.

Where the desk is asked before the phone, the plan is shown first and
nothing is written until the answer is yes: a plan the desk stops is not
left behind in a file a corrected run would meet.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from aftercare_cli import option_names as opt
from aftercare_cli.cli.deliver import files, phone, screen
from aftercare_cli.cli.deliver.files import Files
from aftercare_cli.cli.inputs.zone_names import guessed_zone
from aftercare_cli.cli.notices import handout_written, import_guidance, pdf_written, replaced_guidance, say, warn
from aftercare_cli.cli.options import TeachBack
from aftercare_cli.errors import UsageError
from aftercare_cli.frozen import frozen
from aftercare_cli.model import Plan
from aftercare_cli.outputs.wording import calendar_word
from aftercare_cli.speech import speaking
from aftercare_cli.voices import plan_voice


@frozen
class Handover:
    """What the desk asked to hand over, and how."""

    files: Files
    address: str = ""  # where the phone is served (`--qr`); "" for no phone
    wait: float = 300
    discreet: bool = False
    ask_first: bool = True  # the check before the phone (`--yes`: not asked)
    as_json: bool = False
    timeline: bool = False
    teach_back: TeachBack | None = None
    record: Path | None = None
    record_name: bool = False
    command: str = ""  # `aftercare desk`: the same plan's command line, shown under the view
    zone_guessed: bool = False  # the plan is in UTC because this computer sets no zone: said last


def refuse_early(how: Handover) -> None:
    """What can be refused before the plan is made: the teach-back where there is no screen, the record's name,
    a check before the phone that no one could answer."""
    if how.teach_back is not None and (how.as_json or how.files.ics == "-"):
        instead = f"{opt.ICS} -" if how.files.ics == "-" else f"{opt.FORMAT} json"
        raise UsageError(
            f"{opt.TEACH_BACK} is for the desk's screen, and {instead} prints no screen",
            f"leave out {opt.TEACH_BACK} or {instead}",
        )
    if how.record is not None:
        from aftercare_cli.outputs.record import check_record

        check_record(how.record, opt.RECORD)
    if how.address and how.ask_first:
        phone.can_ask()


def hand_over(the_plan: Plan, desk_plan: Plan, how: Handover, now: datetime, browser: str | None) -> None:
    """Everything the desk asked for, `the_plan` in the patient's language and `desk_plan` in the desk's."""
    wanted = how.files
    phone_too = bool(how.address)
    calendar = files.calendar_bytes(the_plan, now, how.discreet) if wanted.ics is not None or phone_too else b""
    made = files.file_bytes(the_plan, wanted, now, calendar, browser)
    events = calendar.count(b"BEGIN:VEVENT")
    given: list[str] = []
    with phone.phone_server(calendar, how.address) as server:  # bound before writing: a refused address leaves no file
        asking = server is not None and how.ask_first
        if not asking:
            files.write_files(made, wanted.force)
        given += _show(the_plan, desk_plan, how, now, calendar)
        if asking:
            with speaking(plan_voice(desk_plan)):
                phone.check_before(the_plan, events)
            files.write_files(made, wanted.force)
        given += _handed(wanted)
        # Notices after the plan, where the desk still sees them, in the desk's language; the calendar they
        # name is the patient's phone's, in the patient's.
        with speaking(plan_voice(the_plan)):
            named = calendar_word()
        with speaking(plan_voice(desk_plan)):
            _notices(the_plan, desk_plan, wanted, events, named, now)
            if how.zone_guessed:  # last, where the desk still sees it under the plan
                warn(guessed_zone())
            if server is not None:
                try:
                    phone.hand_off(server, how.address, how.wait, named)
                except BaseException:  # no phone in time, Ctrl-C, SIGTERM: what did go (the paper) is recorded
                    _record(the_plan, given, how, now)
                    raise
                given.append("phone")
    if how.teach_back is not None:
        screen.print_teach_back(desk_plan if how.teach_back is TeachBack.desk else the_plan, now)
    _record(the_plan, given, how, now)


def _show(the_plan: Plan, desk_plan: Plan, how: Handover, now: datetime, calendar: bytes) -> list[str]:
    """The plan on standard output (the JSON is the patient's, the screen the desk's); what that hands over."""
    if how.files.ics == "-":  # a calendar on stdout is the whole output
        screen.write_calendar_out(calendar)
        return []
    reference = ""
    if not how.as_json and not how.timeline:  # only the one-screen view shows the reference: only it needs the digest
        from aftercare_cli.outputs.identity import plan_reference

        reference = plan_reference(the_plan)
    screen.print_plan(the_plan if how.as_json else desk_plan, how.as_json, how.timeline, now, reference)
    if how.command:
        screen.print_command(how.command)
    return [] if how.as_json else ["screen"]


def _handed(wanted: Files) -> list[str]:
    found = [("calendar", wanted.ics), ("handout", wanted.handout), ("pdf", wanted.pdf)]
    return [kind for kind, name in found if name is not None]


def _notices(the_plan: Plan, desk_plan: Plan, wanted: Files, events: int, named: str, now: datetime) -> None:
    if wanted.ics not in (None, "-"):
        say(import_guidance(wanted.ics, events, named))
    if desk_plan.replaces is not None:
        say(replaced_guidance(desk_plan.replaces, desk_plan, now, named))
    if wanted.handout is not None:
        say(handout_written(wanted.handout))
    if wanted.pdf is not None:
        say(pdf_written(wanted.pdf))


def _record(the_plan: Plan, given: list[str], how: Handover, now: datetime) -> None:
    """One line in the record (`--record`), when there is one and something was handed over."""
    if how.record is None or not given:
        return
    from aftercare_cli.outputs.record import append_record, record_line

    append_record(how.record, record_line(the_plan, given, now, how.record_name))
