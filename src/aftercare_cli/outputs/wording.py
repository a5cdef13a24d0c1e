"""Sentences every face of the plan shares, so each says a thing the same way."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from aftercare_cli.model import ClockChange, Contact, Item, Kind, Plan, Replaced, Rule, Skipped
from aftercare_cli.placeholders import fill
from aftercare_cli.timetext import day_label, format_clock, utc_offset
from aftercare_cli.timing_words import span_words


def contact_sentence(contact: Contact) -> str:
    """ "Questions? Call 09 555 0100 or visit example.org." from the rules; a plain ask where they give none."""
    ways = [f"call {contact.phone}" if contact.phone else "", f"visit {contact.web}" if contact.web else ""]
    said = " or ".join(way for way in ways if way)
    return f"Questions? {said[0].upper()}{said[1:]}." if said else "Questions? Ask your clinic."


WARNINGS_HEADING = "Warning signs"
AS_NEEDED_HEADING = "If needed"


def warning_contact(contact: Contact) -> str:
    """Who to call about a warning sign, beside the signs: "Call 09 555 0100 or visit example.org." """
    ways = [f"call {contact.phone}" if contact.phone else "", f"visit {contact.web}" if contact.web else ""]
    said = " or ".join(way for way in ways if way)
    return f"{said[0].upper()}{said[1:]}." if said else "Contact your clinic."


def treatment_title(plan: Plan) -> str:
    """ "Microdermabrasion (Jessner peel)", "Laser hair removal (Area: body)", or the name without variants."""
    if not plan.peel.label:
        return plan.treatment.name
    variant = f"{plan.treatment.variant}: " if plan.treatment.variant else ""
    return f"{plan.treatment.name} ({variant}{plan.peel.label})"


def moved_note(item: Item, zone: str = "") -> str:
    """ "moved from 22:00 out of your sleep hours"; '' for an item where its rules put it.

    Give `zone` where the reader may be elsewhere (a calendar): "moved from 22:00 (Pacific/Auckland) ...".
    """
    if item.moved_from is None:
        return ""
    where = f" ({zone})" if zone else ""
    return f"moved from {format_clock(item.moved_from.time())}{where} {item.moved_because}".strip()


def desk_skipped_line(plan: Plan) -> str:
    """ "skipped for this patient: Spritz, Water": the steps the desk left out (`--skip`); '' for none."""
    names = [_rule_name(rule) for rule in plan.rules if rule.skipped]
    return f"skipped for this patient: {', '.join(names)}" if names else ""


def muted_line(plan: Plan) -> str:
    """ "no alarm for this patient: Water": steps kept in the plan without an alarm (`--mute`); '' for none."""
    names = [_rule_name(rule) for rule in plan.rules if rule.muted]
    return f"no alarm for this patient: {', '.join(names)}" if names else ""


def desk_lines(plan: Plan) -> list[str]:
    """What the desk skipped and muted, each a sentence with a capital: the same lines on every face."""
    return [f"{line[0].upper()}{line[1:]}." for line in (desk_skipped_line(plan), muted_line(plan)) if line]


def _rule_name(rule: Rule) -> str:
    return fill(rule.short_label, rule.timing)


# `calendar.calendar_name`'s endings: "..., made 14:32", or discreet "Aftercare 14:32".
_NAMED_MINUTE = re.compile(r", made (\d\d:\d\d)$|^Aftercare (\d\d:\d\d)$")


def replaces_line(old: Replaced, plan: Plan, today: date | None = None, short: bool = False) -> str:
    """ "This replaces the plan made at 14:32. Delete the calendar “Aftercare for Ana Smith: ...”."

    The old plan's minute in this plan's zone; its day too unless it is `today` (the day this one is made).
    `short` (a screen with no room for the whole name): "... Delete the calendar whose name ends “made 14:32”."
    """
    made = old.made.astimezone(plan.treated_at.tzinfo)
    # The minute as the old calendar's name says it (made in its own zone, which a correction may change).
    named = _NAMED_MINUTE.search(old.calendar_name)
    clock = next(group for group in named.groups() if group) if named else format_clock(made.time())
    at = clock if today == made.date() else f"{day_label(made)} {clock}"
    tail = old.calendar_name.rpartition(", ")[2]
    if short and tail.startswith("made ") and tail != old.calendar_name:
        return f"This replaces the plan made at {at}. Delete the calendar whose name ends \u201c{tail}\u201d."
    return f"This replaces the plan made at {at}. Delete the calendar \u201c{old.calendar_name}\u201d."


def delete_steps() -> list[str]:
    """How each kind of phone deletes the old plan's calendar, one line each (after `replaces_line`)."""
    return [
        "iPhone: in Calendar, Calendars, tap (i) beside the calendar it was added into (\u201cAftercare\u201d, "
        "if made for it), Delete Calendar; or delete its events.",
        "Android with ICSx5: remove that subscription in ICSx5.",
        "Google: on calendar.google.com, Settings, the calendar made for the import, Remove calendar, Delete.",
        "Outlook: right-click that calendar, Delete Calendar.",
    ]


def phase_chains(rules: Sequence[Rule]) -> list[list[Rule]]:
    """The reminding rules (do and follow-up) in the file's order, each with the rules that continue it as its
    later phases (a follow-up has none: it is one row of its own)."""
    present = {rule.id for rule in rules}
    next_of = {rule.continues: rule for rule in rules if rule.continues in present}
    chains = []
    for rule in rules:
        if rule.kind not in (Kind.DO, Kind.FOLLOW_UP) or rule.continues in present:
            continue
        chain = [rule]
        while chain[-1].id in next_of and len(chain) <= len(rules):
            chain.append(next_of[chain[-1].id])
        chains.append(chain)
    return chains


def window_end(item: Item, say: Callable[[datetime], str]) -> str:
    """When a window ends, said by `say`: "Sat 28 Nov 10:00"; an end written as a range, "Thu 10:00 to Sat 10:00"."""
    assert item.end is not None  # windows only
    return f"{say(item.earliest_end)} to {say(item.end)}" if item.earliest_end else say(item.end)


def adjusted_note(adjustment: str) -> str:
    """ "adjusted for this patient: 72 hours instead of 24 hours"; '' where nothing was adjusted."""
    return f"adjusted for this patient: {adjustment}" if adjustment else ""


def when(moment: datetime, today: date | None = None) -> str:
    """ "14:30 today", "07:00 tomorrow", "Fri 27 Nov 14:30": a day the reader can place."""
    clock = format_clock(moment.time())
    near = _near(moment, today)
    return f"{clock} {near}" if near else f"{day_label(moment)} {clock}"


def from_to(first: datetime, last: datetime, today: date | None = None) -> str:
    """ "18:30 today to 10:30 tomorrow", "07:00 to 20:00 today", "Thu 26 Nov 07:00 to 20:00": one day said once."""
    if first.date() != last.date():
        return f"{when(first, today)} to {when(last, today)}"
    near = _near(first, today)
    clocks = f"{format_clock(first.time())} to {format_clock(last.time())}"
    return f"{clocks} {near}" if near else f"{day_label(first)} {clocks}"


def _near(moment: datetime, today: date | None) -> str:
    """ "today", "tomorrow", or '' for any other day (or no `today`)."""
    if today is not None and moment.date() == today:
        return "today"
    if today is not None and (moment.date() - today).days == 1:
        return "tomorrow"
    return ""


def skipped_note(skip: Skipped) -> str:
    """ "skipped: in your sleep hours": said at the step's planned time, where it would have been."""
    return f"skipped: {skip.because}"


def skipped_summary(skips: Sequence[Skipped], today: date | None = None) -> str:
    """What the plan leaves out, in one sentence: "Skincare at 22:00 today, until “Stay dry” is over and then ...".

    One clause per step and reason, in time order, joined by "; "; a step skipped on several days is one
    clause ("Skincare at 03:00, 7 times from Fri 27 Nov to Thu 3 Dec, in your sleep hours"). '' for none.
    """
    groups: dict[tuple[str, str], list[Skipped]] = {}
    for skip in skips:
        groups.setdefault((skip.rule_id, skip.because), []).append(skip)
    clauses = []
    for group in groups.values():
        first, last = group[0], group[-1]
        name = first.label or first.title
        if len(group) == 1:
            clauses.append(f"{name} at {when(first.planned, today)}, {first.because}")
            continue
        clocks = " and ".join(sorted({format_clock(skip.planned.time()) for skip in group}))
        days = f"from {_day(first.planned, today)} to {_day(last.planned, today)}"
        if first.planned.date() == last.planned.date():
            days = _near(first.planned, today) or f"on {day_label(first.planned)}"
        clauses.append(f"{name} at {clocks}, {len(group)} times {days}, {first.because}")
    return "; ".join(clauses)


def _day(moment: datetime, today: date | None) -> str:
    return _near(moment, today) or day_label(moment)


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
    """ "yesterday", "5 days ago" when the treatment day is past (a re-print); '' on the day, before it, or no today."""
    days = (today - treated.date()).days if today is not None else 0
    if days < 1:
        return ""
    return "yesterday" if days == 1 else f"{days} days ago"


def treated_when(plan: Plan, today: date | None) -> str:
    """`treated_line`, or for a re-print "5 days ago, 26 Nov, 14:30 Pacific/Auckland (+13:00)".

    How long ago takes the place of the weekday and the year, so a re-print's header is no longer than
    the treatment day's: the desk view has one 80-column line for it.
    """
    ago = treated_ago(plan.treated_at, today)
    if not ago:
        return treated_line(plan)
    treated = plan.treated_at
    return f"{ago}, {treated.day} {treated:%b}, {format_clock(treated.time())} {plan.zone} ({utc_offset(treated)})"


def treated_line(plan: Plan) -> str:
    """ "Thu 26 Nov 2026, 14:30 Pacific/Auckland (+13:00)"."""
    treated = plan.treated_at
    return f"{day_label(treated)} {treated.year}, {format_clock(treated.time())} {plan.zone} ({utc_offset(treated)})"
