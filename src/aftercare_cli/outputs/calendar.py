"""Plan -> .ics bytes that iPhone, Google, Outlook and Thunderbird import cleanly.

The only module that imports icalendar. Choices, each for a reason in the
calendar notes of CONTRIBUTING.md:
- one VEVENT per moment, never an RRULE (HOURLY is dropped by Google, Apple
  and Outlook, and parsers disagree across DST); reminders due at the same
  instant share one event and one alarm, so a morning is one alarm, not three;
- every time in UTC (`...Z`): understood everywhere, no VTIMEZONE to get wrong;
  a time written in a description names its zone, for a patient who travels;
- windows span DTSTART..DTEND (never DURATION); reminders last 15 minutes;
- one DISPLAY alarm per instant (never two at one minute: an end note that
  coincides with reminders stays silent), and the steps themselves in SUMMARY,
  because Google ignores imported alarms and shows SUMMARY in its own;
- no alarm in the past: a re-print (or a treatment this morning) keeps every
  event, so the file is the printed plan and the JSON's UIDs all name an
  event, but what starts before the minute the file is made does not ring
  (an import would otherwise raise a pile of "missed" reminders at once);
- `discreet`: neutral titles on the lock screen, the steps only in the
  description, which opens on a tap;
- TRANSP:TRANSPARENT (the patient is not busy), no METHOD;
- UIDs from `identity` (uuid5 over the plan), shared with the JSON document;
- in a language other than English, SUMMARY and DESCRIPTION carry it as their
  LANGUAGE parameter (RFC 5545, 3.2.10), and the overview note is marked
  X-AFTERCARE-ROLE:overview, since its translated title no longer names it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event, vText

from aftercare_cli import __version__, speech
from aftercare_cli.language_tags import ENGLISH
from aftercare_cli.model import Item, ItemKind, Kind, Plan, Rule, instant
from aftercare_cli.outputs.clinic_texts import (
    clinic_name,
    details,
    item_title,
    peel_label,
    products,
    source,
    title,
    treatment_name,
)
from aftercare_cli.outputs.identity import plan_reference, plan_uids, reference_words
from aftercare_cli.outputs.moments import Moment
from aftercare_cli.outputs.window_words import (
    names_end,
    ongoing_words,
    starts_vaguely,
    stretch_line,
    usual_start,
    usual_until,
    window_end,
)
from aftercare_cli.outputs.wording import (
    adjusted_note,
    adjustment_words,
    as_needed_heading,
    clock_on,
    contact_sentence,
    deferred_heading,
    delete_steps,
    desk_lines,
    expected_heading,
    headed,
    moved_note,
    ongoing_heading,
    replaces_line,
    signs_of,
    treated_line,
    treatment_title,
    warning_contact,
    warnings_heading,
    when,
)
from aftercare_cli.speech import _
from aftercare_cli.timing_words import timing_span_words

PRODID_START = "-//aftercare//"  # how `--replaces` knows a calendar is one of ours (cli/inputs/earlier_plan)
PRODID = f"{PRODID_START}aftercare {__version__}//EN"
REMINDER_LENGTH = timedelta(minutes=15)
MAX_DESCRIPTION = 7900  # Google keeps about 8,000 characters
OVERVIEW_TITLE = "Your aftercare plan"  # the overview note's English title; `--replaces` finds it (or the role)
ROLE, OVERVIEW_ROLE = "X-AFTERCARE-ROLE", "overview"


def plan_calendar(plan: Plan, stamp: datetime, discreet: bool = False) -> bytes:
    """The plan as iCalendar bytes (UTF-8, CRLF). `stamp` is the DTSTAMP of every event."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # Outlook names the calendar it creates from these. Wrapped in vText so
    # that commas and semicolons are escaped (icalendar leaves them bare here).
    for key in ("name", "x-wr-calname"):
        calendar.add(key, vText(calendar_name(plan, stamp, discreet)))
    stamp_utc = stamp.astimezone(timezone.utc).replace(microsecond=0)
    uids = plan_uids(plan)
    calendar.add_component(_overview(plan, stamp_utc, discreet, uids.overview, stamp))
    events = uids.moments
    ringing = _ringing([moment for moment, _ in events], stamp_utc.replace(second=0))
    for index, (moment, uid) in enumerate(events):
        calendar.add_component(_event(plan, moment, stamp_utc, uid, discreet, index in ringing))
    return bytes(calendar.to_ical())


def _ringing(moments: list[Moment], now: datetime) -> set[int]:
    """Which events carry the alarm: one per instant from `now` on, on its reminders if any, else on its first note.

    An end note at the same instant as reminders (or as another end note) stays
    an event of its own, silent: two alarms at one minute read as noise. An
    event before `now` (the minute the file is made) is the past: no alarm.
    """
    # Keyed by instant (UTC): in the plan's zone the two 02:00s of a fall-back night would be one.
    reminders = {instant(moment.start) for moment in moments if moment.kind is ItemKind.DO and moment.remind}
    ringing: set[int] = set()
    rung: set[datetime] = set()
    for index, moment in enumerate(moments):
        if not moment.remind or instant(moment.start) in rung or instant(moment.start) < now:
            continue
        if moment.kind is ItemKind.DO or instant(moment.start) not in reminders:
            ringing.add(index)
            rung.add(instant(moment.start))
    return ringing


def calendar_name(plan: Plan, made: datetime, discreet: bool = False) -> str:
    """ "Aftercare for Ana Smith: Microdermabrasion, Jessner peel (26 Nov), made 14:32"; discreet: "Aftercare 14:32".

    Which plan it is, so a patient told to delete a corrected plan's calendar can tell the two apart: the
    minute it was made (`made`, the run's clock, in the plan's zone) differs between two plans of one day.
    """
    clock = speech.clock(made.astimezone(plan.treated_at.tzinfo).time())
    if discreet:
        return _("Aftercare %(clock)s") % {"clock": clock}
    name, peel = treatment_name(plan.treatment), peel_label(plan.peel)
    what = f"{name}, {peel}" if peel else name
    parts = {"patient": plan.patient.name, "treatment": what, "day": speech.day_month(plan.treated_at), "clock": clock}
    if plan.patient.name:
        return _("Aftercare for %(patient)s: %(treatment)s (%(day)s), made %(clock)s") % parts
    return _("Aftercare: %(treatment)s (%(day)s), made %(clock)s") % parts


def _event(plan: Plan, moment: Moment, stamp: datetime, uid: str, discreet: bool, rings: bool) -> Event:
    start = _utc(moment.start)
    first = moment.items[0]
    end = _utc(first.end) if first.end is not None else start + REMINDER_LENGTH
    summary = _neutral_summary(moment) if discreet else _summary(moment)
    event = _base_event(uid, stamp, start, end, summary, _description(plan, moment))
    if rings:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary, parameters=_language())  # what a notification shows: as the title
        alarm.add("trigger", timedelta(0))  # relative: at the event's start
        event.add_component(alarm)
    return event


def _summary(moment: Moment) -> str:
    """One step: its instruction. Several at once: their short labels, "Skincare · Water". A window whose end the
    clinic left vague says so where its title does not: "No actives (usually about 14 days)"."""
    if len(moment.items) > 1:
        return moment.label
    first = moment.items[0]
    timing = first.rule.timing
    if first.kind is ItemKind.AVOID and timing is not None and timing.end_words and not names_end(first.rule):
        return _("%(window)s, %(until)s") % {"window": item_title(first), "until": timing_span_words(timing, "for")}
    return item_title(first)


def _neutral_summary(moment: Moment) -> str:
    first = moment.items[0]
    timing = first.rule.timing
    if first.kind is ItemKind.AVOID and first.end is not None and timing is not None and timing.end_words:
        # Translators: a lock-screen title for a window whose end the clinic gave in words; end is a day.
        return _("Aftercare: avoid, usually until around %(end)s") % {"end": speech.day(first.end)}
    if first.kind is ItemKind.AVOID and first.end is not None:
        return _("Aftercare: avoid until %(end)s") % {"end": clock_on(first.end, first.start.date())}
    if first.kind is ItemKind.ENDS:
        return _("Aftercare: a restriction ends")
    return _("Aftercare reminder")


def _overview(plan: Plan, stamp: datetime, discreet: bool, uid: str, made: datetime) -> Event:
    """A note at the treatment time with the tips, the source and the clinic's contact.

    Tips have no time of their own, but no instruction may be missing from
    the calendar; this event carries them, without an alarm.
    """
    where = {"treatment": treatment_title(plan), "clinic": clinic_name(plan.treatment), "treated": treated_line(plan)}
    lines = [_("%(treatment)s at %(clinic)s, %(treated)s.") % where]
    if plan.replaces is not None:
        lines += ["", replaces_line(plan.replaces, plan, made.astimezone(plan.treated_at.tzinfo).date())]
        lines += delete_steps()
    lines += desk_lines(plan)
    contact = warning_contact(plan.treatment.contact)
    _ours, others = signs_of(plan)
    signs = warnings_heading().upper() if others else f"{warnings_heading().upper()} ({contact})"
    ongoing, deferred = plan.ongoing, plan.deferred
    for heading, tips in (
        (signs, plan.warnings),
        # No end, or the clinic will say when: no event of their own (an event needs an end), said here.
        (headed(ongoing_heading()).rstrip(), tuple(stretch.rule for stretch in ongoing)),
        (headed(deferred_heading()).rstrip(), tuple(stretch.rule for stretch in deferred)),
        (headed(as_needed_heading()).rstrip(), plan.as_needed),  # a line of its own: no space after
        (headed(expected_heading()).rstrip(), plan.expected),
        (_("Also remember:"), plan.tips),
    ):
        if tips:
            lines += ["", heading]
        for tip in tips:
            extra = f" ({', '.join(products(tip))})" if tip.products else ""
            details_text = f": {details(tip)}" if tip.details else ""
            lines.append(f"- {_overview_title(tip, plan)}{details_text}{extra}")
            if others and tip.kind is Kind.WARNING and tip.contact_clinic:
                lines[-1] += f" \u2014 {contact}"
    lines += [
        "",
        _("Rules: %(source)s") % {"source": source(plan.treatment)},
        _("These are your clinic's instructions.") + " " + contact_sentence(plan.treatment.contact),
        reference_words(plan_reference(plan, uid)),  # what the desk's screen and the handout say too
    ]
    start = _utc(plan.treated_at)
    heading = _("Your aftercare plan")
    summary = heading if discreet else headed(heading, treatment_name(plan.treatment))
    event = _base_event(uid, stamp, start, start + REMINDER_LENGTH, summary, "\n".join(lines))
    if speech.current().lang != ENGLISH:
        event.add(ROLE, OVERVIEW_ROLE)
    return event


def _overview_title(rule: Rule, plan: Plan) -> str:
    """A rule in the overview note: its title, and when it applies where it has days, or no end, or the clinic's."""
    stretch = plan.stretch(rule.id)
    if stretch is None:
        return title(rule)
    if rule.kind in (Kind.DO, Kind.AVOID):
        return _("%(title)s (%(when)s)") % {"title": title(rule), "when": ongoing_words(stretch, plan, when)}
    return stretch_line(stretch, rule, plan, when)


def _base_event(uid: str, stamp: datetime, start: datetime, end: datetime, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary, parameters=_language())
    event.add("description", _clip(description), parameters=_language())
    event.add("transp", "TRANSPARENT")
    return event


def _language() -> dict[str, str]:
    """A text's LANGUAGE parameter in the current voice; none for English, the default (as files were before)."""
    lang = speech.current().lang
    return {"LANGUAGE": lang} if lang != ENGLISH else {}


def _description(plan: Plan, moment: Moment) -> str:
    several = len(moment.items) > 1
    blocks = [_step_lines(item, plan, several) for item in moment.items]
    treated = f"{clinic_name(plan.treatment)}: {treatment_title(plan)}, {treated_line(plan)}."  # the clinic's names
    # Warning signs in every event too: the event open on the phone is where the patient looks.
    signs = [_warning_line(plan)] if plan.warnings and moment.kind is not ItemKind.ENDS else []
    return "\n\n".join(["\n".join(block) for block in blocks] + signs + [treated])


def _warning_line(plan: Plan) -> str:
    ours, others = signs_of(plan)
    sentences = []
    if ours:
        titles = "; ".join(title(rule) for rule in ours)
        stop = "" if titles.endswith((".", "!", "?")) else "."
        sentences.append(f"{titles}{stop} {warning_contact(plan.treatment.contact)}")
    if others:  # their words name someone else: no clinic number beside them
        sentences.append("; ".join(title(rule) for rule in others))
    return headed(warnings_heading(), " ".join(sentences))


def _step_lines(item: Item, plan: Plan, several: bool) -> list[str]:
    zone = plan.zone
    step = item_title(item)
    lines = [f"- {step}"] if several else []
    timing = item.rule.timing
    if item.kind is ItemKind.AVOID and item.end is not None and timing is not None and timing.end_words:
        # A vague end: the event's end is the usual one, and the words say so (a time with its zone).
        def say(moment: datetime) -> str:
            return f"{when(moment)} ({zone})"

        usual = usual_until(item.rule, item.end, item.earliest_end, say)
        if names_end(item.rule):  # the title says the clinic's words already
            lines += [step, _sentence(usual)]
        else:
            lines.append(_sentence(f"{step}, {usual}"))
    elif item.kind is ItemKind.AVOID and item.end is not None:
        ends = {"title": step, "end": window_end(item, when), "zone": zone}
        lines.append(_("%(title)s, until %(end)s (%(zone)s).") % ends)
    elif item.kind is ItemKind.ENDS or not several:
        lines.append(step)
    if starts_vaguely(item, plan):
        assert timing is not None
        lines.append(_sentence(usual_start(timing)))
    stretch = plan.stretch(item.rule_id) if item.kind is ItemKind.DO else None
    if stretch is not None:  # a routine with no end, reminded to the clinic's horizon
        lines.append(_sentence(ongoing_words(stretch, plan, when)))
    if item.kind is not ItemKind.ENDS and item.rule.details:
        lines.append(details(item.rule))
    if item.kind is not ItemKind.ENDS and item.rule.products:
        lines.append(_("Use: %(products)s") % {"products": ", ".join(products(item.rule))})
    if item.moved_from is not None:
        lines.append(_sentence(moved_note(item, zone)))
    if item.rule.adjusted:
        lines.append(_sentence(adjusted_note(adjustment_words(item.rule))))
    return lines


def _sentence(text: str) -> str:
    """With a capital and a full stop, where it does not end with one already ("Sa., 26. Dez.")."""
    return f"{text[0].upper()}{text[1:]}" + ("" if text.endswith(".") else ".")


def _clip(text: str) -> str:
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)
