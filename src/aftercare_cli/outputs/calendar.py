"""Plan -> .ics bytes that iPhone, Google, Outlook and Thunderbird import cleanly.

The only module that imports icalendar. Choices, each for a reason recorded
in ../shared/CALENDAR.md:
- one VEVENT per occurrence, never an RRULE (HOURLY is dropped by Google,
  Apple and Outlook, and parsers disagree across DST);
- every time in UTC (`...Z`): understood everywhere, no VTIMEZONE to get wrong;
- windows span DTSTART..DTEND (never DURATION); reminders last 15 minutes;
- one DISPLAY alarm per reminder, and the instruction itself in SUMMARY,
  because Google ignores imported alarms and shows SUMMARY in its own;
- TRANSP:TRANSPARENT (the patient is not busy), no METHOD;
- UIDs are uuid5 over the plan and the item: the same plan gives the same
  file (apart from DTSTAMP, a parameter), a changed plan gives new UIDs.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event, vText

from aftercare_cli import __version__
from aftercare_cli.model import Item, ItemKind, Plan
from aftercare_cli.timetext import day_label, format_clock

PRODID = f"-//aftercare//aftercare {__version__}//EN"
REMINDER_LENGTH = timedelta(minutes=15)
MAX_DESCRIPTION = 7900  # Google keeps about 8,000 characters
_UID_NAMESPACE = uuid.UUID("6f0d3c52-3b8e-5c1a-9a41-0c7f2a1e9d10")  # fixed forever: changing it changes every UID


def plan_calendar(plan: Plan, stamp: datetime) -> bytes:
    """The plan as iCalendar bytes (UTF-8, CRLF). `stamp` is the DTSTAMP of every event."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # Outlook names the calendar it creates from these. Wrapped in vText so
    # that commas and semicolons are escaped (icalendar leaves them bare here).
    for key in ("name", "x-wr-calname"):
        calendar.add(key, vText(calendar_name(plan)))
    stamp_utc = stamp.astimezone(timezone.utc).replace(microsecond=0)
    plan_key = _plan_key(plan)
    calendar.add_component(_overview(plan, stamp_utc, plan_key))
    for index, item in enumerate(plan.items):
        calendar.add_component(_event(plan, item, stamp_utc, _uid(plan_key, f"{index}")))
    return bytes(calendar.to_ical())


def calendar_name(plan: Plan) -> str:
    who = f" for {plan.patient.name}" if plan.patient.name else ""
    return f"Aftercare{who}: {plan.treatment.name} ({plan.treated_at.day} {plan.treated_at:%b})"


def _event(plan: Plan, item: Item, stamp: datetime, uid: str) -> Event:
    start = _utc(item.start)
    end = _utc(item.end) if item.end is not None else start + REMINDER_LENGTH
    event = _base_event(uid, stamp, start, end, item.title, _description(plan, item))
    if item.remind:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        alarm.add("trigger", timedelta(0))  # relative: at the event's start
        event.add_component(alarm)
    return event


def _overview(plan: Plan, stamp: datetime, plan_key: str) -> Event:
    """A note at the treatment time with the tips and where the plan comes from.

    Tips have no time of their own, but no instruction may be missing from
    the calendar; this event carries them, without an alarm.
    """
    lines = [f"{plan.treatment.name} ({plan.peel.label}) at {plan.treatment.clinic}."]
    if plan.tips:
        lines.append("")
        lines.append("Also remember:")
        for tip in plan.tips:
            extra = f" ({', '.join(tip.products)})" if tip.products else ""
            details = f": {tip.details}" if tip.details else ""
            adjusted = " [adjusted for you]" if tip.adjusted else ""
            lines.append(f"- {tip.title}{details}{extra}{adjusted}")
    lines += [
        "",
        f"Rules: {plan.treatment.source}",
        "These are your clinic's instructions. Questions? Ask your clinic.",
    ]
    start = _utc(plan.treated_at)
    summary = f"Your aftercare plan: {plan.treatment.name}"
    return _base_event(_uid(plan_key, "overview"), stamp, start, start + REMINDER_LENGTH, summary, "\n".join(lines))


def _base_event(uid: str, stamp: datetime, start: datetime, end: datetime, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", _clip(description))
    event.add("transp", "TRANSPARENT")
    return event


def _description(plan: Plan, item: Item) -> str:
    lines = []
    if item.kind is ItemKind.AVOID and item.end is not None:
        lines.append(f"Until {day_label(item.end)} {format_clock(item.end.time())}.")
    if item.details:
        lines.append(item.details)
    if item.products:
        lines.append("Use: " + ", ".join(item.products))
    if item.moved_from is not None:
        lines.append(f"Moved from {format_clock(item.moved_from.time())}, inside your sleep hours.")
    if item.adjusted:
        lines.append("Adjusted for you by the clinic.")
    treated = plan.treated_at
    lines.append(
        f"{plan.treatment.clinic}: {plan.treatment.name} ({plan.peel.label}), "
        f"{day_label(treated)} {treated.year} {format_clock(treated.time())} {plan.zone}."
    )
    return "\n".join(lines)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _plan_key(plan: Plan) -> str:
    """A digest of everything that makes the plan what it is: change anything, and every UID changes."""
    parts = [
        plan.treatment.id,
        plan.peel.id,
        _utc(plan.treated_at).isoformat(),
        plan.zone,
        plan.patient.name,
        format_clock(plan.patient.wake),
        format_clock(plan.patient.bedtime),
    ]
    for item in plan.items:
        parts += [
            item.rule_id,
            item.kind.value,
            _utc(item.start).isoformat(),
            str(item.end and _utc(item.end)),
            item.title,
            item.details,
            "|".join(item.products),
            str(item.adjusted),
        ]
    for tip in plan.tips:
        parts += [tip.rule_id, tip.title, tip.details, "|".join(tip.products), str(tip.adjusted)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _uid(plan_key: str, part: str) -> str:
    return str(uuid.uuid5(_UID_NAMESPACE, f"{plan_key}/{part}"))
