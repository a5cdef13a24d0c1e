"""What the desk reads on standard error beside the plan: how the patient imports it, the QR steps, warnings.

Each function returns lines (wrapped to the terminal) or writes them to
stderr; none decides anything about the plan.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from aftercare_cli.cli.terminal import wrapped
from aftercare_cli.escapes import escaped
from aftercare_cli.speech import _, ngettext

if TYPE_CHECKING:
    from datetime import datetime

    from aftercare_cli.model import Plan, Replaced


def warn(message: str) -> None:
    """A warning, wrapped at word boundaries like every notice (a terminal would cut it mid-word)."""
    sys.stderr.write(wrapped(f"aftercare: warning: {message}") + "\n")


def say(lines: list[str], indent: str = "  ") -> None:
    """Notices to stderr, each wrapped at word boundaries; the first flush left, the rest indented by `indent`."""
    for index, line in enumerate(lines):
        sys.stderr.write(wrapped(line, indent="" if index == 0 else indent) + "\n")
    sys.stderr.flush()


def import_guidance(target: str, events: int, calendar: str) -> list[str]:
    """After `--ics FILE`: what was written and how each kind of phone imports it (into `calendar`, the
    calendar's word in the patient's language)."""
    wrote = ngettext(
        "Wrote %(file)s: %(count)s calendar event. To get it onto the patient's phone:",
        "Wrote %(file)s: %(count)s calendar events. To get it onto the patient's phone:",
        events,
    )
    return [
        wrote % {"file": escaped(target), "count": events},
        # Into a calendar of its own, so that a later correction can delete the plan in one go.
        _(
            "iPhone: email it and open the attachment in Mail (or Safari), then tap Add All, then choose or create "
            "the calendar \u201c%(calendar)s\u201d: a later correction then deletes in one go."
        )
        % {"calendar": calendar},
        _(
            "Android: the Google Calendar app cannot import a file. Open it with the free ICSx5 app, or import it "
            "on a computer at calendar.google.com (Settings, Import & export) into a calendar made for it and set "
            "that calendar's default notification: Google drops the file's own alarms."
        ),
        _("Outlook: open the file; it becomes a calendar of its own."),
    ]


def replaced_guidance(old: Replaced, plan: Plan, now: datetime, calendar: str) -> list[str]:
    """After `--replaces OLD.ics`: which calendar the patient deletes, and how on each kind of phone."""
    from aftercare_cli.outputs.wording import delete_steps, replaces_line

    return [replaces_line(old, plan, now.astimezone(plan.treated_at.tzinfo).date()), *delete_steps(calendar)]


def handout_written(target: str) -> list[str]:
    """After `--handout FILE`: what was written and what to do with it."""
    return [_("Wrote %(file)s: open it in a browser and print it for the patient.") % {"file": escaped(target)}]


def pdf_written(target: str) -> list[str]:
    """After `--pdf FILE`: what was written."""
    wrote = _("Wrote %(file)s: the handout as a PDF, ready to print or to attach to an email.")
    return [wrote % {"file": escaped(target)}]


def qr_steps(url: str, address: str, wait: float, calendar: str) -> list[str]:
    """Under the QR code: its link and what the patient does, short enough for one 80x24 screen with the code."""
    return [
        url,
        # One line beside the code: the calendar of its own, said short (the --ics notice says it whole).
        _("iPhone: Camera, open in Safari, Add All into a new calendar \u201c%(calendar)s\u201d.")
        % {"calendar": calendar},
        _("Android: open the downloaded file with the free ICSx5 app."),
        _("Waiting up to %(seconds)s s on %(address)s; Ctrl-C stops.")
        % {"seconds": f"{wait:g}", "address": escaped(address)},
    ]


def hand_over_question(plan: Plan, events: int) -> str:
    """The check before the phone, naming what goes: "Ana Smith · Jessner peel · Thu 26 Nov 14:30 Pacific/Auckland
    · 51 calendar events: hand over?" (the desk answers y or n)."""
    from aftercare_cli.outputs.clinic_texts import peel_label, treatment_name, variant
    from aftercare_cli.outputs.wording import headed
    from aftercare_cli.speech import clock, day

    treated = plan.treated_at
    peel, kind = peel_label(plan.peel), variant(plan.treatment)
    what = (headed(kind, peel) if kind else peel) if peel else treatment_name(plan.treatment)
    count = ngettext("%(count)s calendar event", "%(count)s calendar events", events) % {"count": events}
    parts = [plan.patient.name, what, f"{day(treated)} {clock(treated.time())} {plan.zone}", count]
    # Translators: asked at the desk before the calendar goes to the patient's phone; the answer is y or n.
    return _("%(plan)s: hand over?") % {"plan": " \u00b7 ".join(part for part in parts if part)}


def yes_words() -> set[str]:
    """What counts as yes to the check: y, yes, and the desk language's own word."""
    # Translators: the word for yes, which the desk may type to hand the plan over (y and yes work too).
    return {"y", "yes", _("yes").lower()}
