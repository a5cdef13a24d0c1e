"""Sentences every face of the plan shares, so each says a thing the same way."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from aftercare_cli.model import ClockChange, Contact, Item, Plan
from aftercare_cli.timetext import day_label, format_clock, utc_offset
from aftercare_cli.timing_words import span_words


def contact_sentence(contact: Contact) -> str:
    """ "Questions? Call 09 555 0100 or visit example.org." from the rules; a plain ask where they give none."""
    ways = [f"call {contact.phone}" if contact.phone else "", f"visit {contact.web}" if contact.web else ""]
    said = " or ".join(way for way in ways if way)
    return f"Questions? {said[0].upper()}{said[1:]}." if said else "Questions? Ask your clinic."


def treatment_title(plan: Plan) -> str:
    """ "Microdermabrasion (Jessner peel)", or just the name for a treatment without peel types."""
    return f"{plan.treatment.name} ({plan.peel.label})" if plan.peel.label else plan.treatment.name


def moved_note(item: Item, zone: str = "") -> str:
    """ "moved from 22:00 out of your sleep hours"; '' for an item where its rules put it.

    Give `zone` where the reader may be elsewhere (a calendar): "moved from 22:00 (Pacific/Auckland) ...".
    """
    if item.moved_from is None:
        return ""
    where = f" ({zone})" if zone else ""
    return f"moved from {format_clock(item.moved_from.time())}{where} {item.moved_because}".strip()


def adjusted_note(adjustment: str) -> str:
    return f"adjusted for this patient: {adjustment}" if adjustment else ""


def when(moment: datetime, today: date | None = None) -> str:
    """ "14:30 today", "07:00 tomorrow", "Fri 27 Nov 14:30": a day the reader can place."""
    clock = format_clock(moment.time())
    if today is not None and moment.date() == today:
        return f"{clock} today"
    if today is not None and (moment.date() - today).days == 1:
        return f"{clock} tomorrow"
    return f"{day_label(moment)} {clock}"


def clock_on(moment: datetime, day: date) -> str:
    """ "02:30" when `moment` falls on `day`, else "Fri 27 Nov 02:30": the date only where it is news."""
    clock = format_clock(moment.time())
    return clock if moment.date() == day else f"{day_label(moment)} {clock}"


def clock_change_line(change: ClockChange) -> str:
    """ "Clocks go back 1 hour on Sun 5 Apr at 03:00": why "24 hours" from 20:00 ends at 21:00 on the clock.

    The time is the one the clock shows as it changes (03:00 becoming 02:00), as people say it.
    """
    way = "forward" if change.shift > timedelta(0) else "back"
    before = change.at.replace(tzinfo=None) - change.shift  # the reading the clock jumps from
    return f"Clocks go {way} {span_words(abs(change.shift))} on {day_label(before)} at {format_clock(before.time())}"


def treated_ago(treated: datetime, today: date | None) -> str:
    """ "treated 5 days ago" when the treatment day is past (a re-print); '' on the day, before it, or with no today.

    The desk view adds it to a line it already has, so a plan made on the day is not a line longer.
    """
    days = (today - treated.date()).days if today is not None else 0
    if days < 1:
        return ""
    return "treated yesterday" if days == 1 else f"treated {days} days ago"


def treated_line(plan: Plan) -> str:
    """ "Thu 26 Nov 2026, 14:30 Pacific/Auckland (+13:00)"."""
    treated = plan.treated_at
    return f"{day_label(treated)} {treated.year}, {format_clock(treated.time())} {plan.zone} ({utc_offset(treated)})"
