"""Sentences every face of the plan shares, so each says a thing the same way, in the current voice (`speech`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from aftercare_cli.model import (
    Because,
    ClockChange,
    Contact,
    Item,
    ItemKind,
    Kind,
    Plan,
    Replaced,
    Rule,
    Skipped,
    Span,
    instant,
    utc_offset,
)
from aftercare_cli.outputs.clinic_texts import label, peel_label, title, treatment_name, variant
from aftercare_cli.speech import _, clock, clock_at, day, day_month, day_with_year, ngettext
from aftercare_cli.timing_words import (
    and_list,
    setting_words,
    span_words,
)


def contact_sentence(contact: Contact) -> str:
    """ "Questions? Call 09 555 0100 or visit example.org." from the rules; a plain ask where they give none."""
    return (
        _("Questions? %(ways)s") % {"ways": warning_contact(contact)}
        if contact.phone or contact.web
        else _("Questions? Ask your clinic.")
    )


def headed(heading: str, text: str = "") -> str:
    """ "Warning signs: pus, fever", with the language's colon ("Signes : ..."); no `text`: "Warning signs: ",
    for a heading styled apart from what follows it."""
    return _("%(heading)s: %(text)s") % {"heading": heading, "text": text}


def warnings_heading() -> str:
    """The heading of the warning signs, on every face."""
    return _("Warning signs")


def as_needed_heading() -> str:
    """The heading of the steps done only when needed."""
    return _("If needed")


def expected_heading() -> str:
    """The heading of what the patient may notice (`kind: expect`)."""
    return _("What to expect")


def ongoing_heading() -> str:
    """The heading of the restrictions and routines with no end."""
    return _("Until your clinic tells you otherwise")


def deferred_heading() -> str:
    """The heading of the steps the clinic will time."""
    return _("When your clinic tells you")


def signs_of(plan: Plan) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """The warning signs with the clinic's contact, and those whose words name someone else (`contact: none`)."""
    ours = tuple(rule for rule in plan.warnings if rule.contact_clinic)
    return ours, tuple(rule for rule in plan.warnings if not rule.contact_clinic)


def warning_contact(contact: Contact) -> str:
    """Who to call about a warning sign, beside the signs: "Call 09 555 0100 or visit example.org." """
    ways = {"phone": contact.phone, "web": contact.web}
    if contact.phone and contact.web:
        return _("Call %(phone)s or visit %(web)s.") % ways
    if contact.phone:
        return _("Call %(phone)s.") % ways
    if contact.web:
        return _("Visit %(web)s.") % ways
    return _("Contact your clinic.")


def treatment_title(plan: Plan) -> str:
    """ "Microdermabrasion (Jessner peel)", "Laser hair removal (Area: body)", or the name without variants."""
    name, peel, kind = treatment_name(plan.treatment), peel_label(plan.peel), variant(plan.treatment)
    if not peel:
        return name
    return f"{name} ({headed(kind, peel) if kind else peel})"


def moved_note(item: Item, zone: str = "") -> str:
    """ "moved from 22:00 out of your sleep hours"; '' for an item where its rules put it. From another day, the
    day is said: "moved from Thu 26 Nov 22:30" under Fri 27 Nov's 07:00 (22:30 there would read as Friday's).

    Give `zone` where the reader may be elsewhere (a calendar): "moved from 22:00 (Pacific/Auckland) ...".
    """
    if item.moved_from is None:
        return ""
    parts = {"clock": clock_at(item.moved_from), "zone": zone, "because": moved_because(item)}
    if item.moved_from.date() == item.start.date():
        if zone:
            return _("moved from %(clock)s (%(zone)s) %(because)s") % parts
        return _("moved from %(clock)s %(because)s") % parts
    parts["day"] = day(item.moved_from)  # a sentence of its own: "desde el sáb, 26 dic a las 22:00"
    if zone:
        return _("moved from %(day)s %(clock)s (%(zone)s) %(because)s") % parts
    return _("moved from %(day)s %(clock)s %(because)s") % parts


def desk_skipped_line(plan: Plan) -> str:
    """ "skipped for this patient: Spritz, Water": the steps the desk left out (`--skip`); '' for none."""
    names = [_rule_name(rule) for rule in plan.rules if rule.skipped]
    return _("skipped for this patient: %(steps)s") % {"steps": ", ".join(names)} if names else ""


def muted_line(plan: Plan) -> str:
    """ "no alarm for this patient: Water": steps kept in the plan without an alarm (`--mute`); '' for none."""
    names = [_rule_name(rule) for rule in plan.rules if rule.muted]
    return _("no alarm for this patient: %(steps)s") % {"steps": ", ".join(names)} if names else ""


def desk_lines(plan: Plan) -> list[str]:
    """What the desk skipped and muted, each a sentence with a capital: the same lines on every face."""
    return [f"{line[0].upper()}{line[1:]}." for line in (desk_skipped_line(plan), muted_line(plan)) if line]


def _rule_name(rule: Rule) -> str:
    return label(rule)


def _reason(because: Because) -> str:
    """ "until “Stay dry” is over", "out of your sleep hours"."""
    if because.window is None:
        return _("out of your sleep hours")
    return _("until \u201c%(window)s\u201d is over") % {"window": title(because.window)}


def moved_because(item: Item) -> str:
    """Why a step moved: "out of your sleep hours", "until “Stay dry” is over and out of your sleep hours"."""
    return and_list([_reason(because) for because in item.moved_because])


def skipped_because(skip: Skipped) -> str:
    """ "in your sleep hours", "until “Stay dry” is over and then in your sleep hours": each after the one before."""
    reasons = [_reason(because) for because in skip.because[:-1]] + [_("in your sleep hours")]
    reasons_words = reasons[0]
    for reason in reasons[1:]:
        reasons_words = _("%(earlier)s and then %(later)s") % {"earlier": reasons_words, "later": reason}
    return reasons_words


def adjustment_words(rule: Rule) -> str:
    """ "72 hours instead of 24 hours": what the desk changed of the rule's timing; '' where nothing was.

    Several changes joined by "; "; a value set to itself says so.
    """
    if rule.adjusted is None or rule.timing is None:
        return ""
    phrases = []
    for field in rule.adjusted.fields:
        parts = {"new": setting_words(field, rule.timing), "old": setting_words(field, rule.adjusted.clinic)}
        same = parts["new"] == parts["old"]
        phrases.append(
            _("%(new)s, as the clinic's rules say") % parts if same else _("%(new)s instead of %(old)s") % parts
        )
    return "; ".join(phrases)


# `calendar.calendar_name`'s endings, in any language: "..., made 14:32", "..., erstellt 14:32", discreet
# "Aftercare 14:32": the minute (24-hour) after the last comma (Latin or Arabic), or the discreet name's.
_NAMED_MINUTE = re.compile(r"(\d\d:\d\d)$")
_LAST_PART = re.compile(r"[,\u060c] (?!.*[,\u060c] )(.*)$")


def replaces_line(old: Replaced, plan: Plan, today: date | None = None, short: bool = False) -> str:
    """ "This replaces the plan made at 14:32. Delete the calendar “Aftercare for Ana Smith: ...”."

    The old plan's minute in this plan's zone; its day too unless it is `today` (the day this one is made).
    `short` (a screen with no room for the whole name): "... Delete the calendar whose name ends “made 14:32”."
    """
    made = old.made.astimezone(plan.treated_at.tzinfo)
    # The minute as the old calendar's name says it (made in its own zone, which a correction may change).
    named = _NAMED_MINUTE.search(old.calendar_name)
    minute = named[1] if named else clock(made.time())
    at = minute if today == made.date() else f"{day(made)} {minute}"
    last = _LAST_PART.search(old.calendar_name)
    tail = last[1] if last else ""
    if short and named and tail.endswith(named[1]):
        parts = {"at": at, "end": tail}
        return (
            _("This replaces the plan made at %(at)s. Delete the calendar whose name ends \u201c%(end)s\u201d.") % parts
        )
    parts = {"at": at, "name": old.calendar_name}
    return _("This replaces the plan made at %(at)s. Delete the calendar \u201c%(name)s\u201d.") % parts


def calendar_word() -> str:
    """What the patient's phone calls the plan's calendar (the iPhone steps name it): "Aftercare", "Nachsorge"."""
    # Translators: the calendar's name on the patient's phone; the same word as in "Aftercare %(clock)s".
    return _("Aftercare")


def delete_steps(calendar: str | None = None) -> list[str]:
    """How each kind of phone deletes the old plan's calendar, one line each (after `replaces_line`).

    `calendar`: the calendar's word in the patient's language, where the steps are said in the desk's.
    """
    named = {"calendar": calendar or calendar_word()}
    return [
        _(
            "iPhone: in Calendar, Calendars, tap (i) beside the calendar it was added into (\u201c%(calendar)s\u201d, "
            "if made for it), Delete Calendar; or delete its events."
        )
        % named,
        _("Android with ICSx5: remove that subscription in ICSx5."),
        _("Google: on calendar.google.com, Settings, the calendar made for the import, Remove calendar, Delete."),
        _("Outlook: right-click that calendar, Delete Calendar."),
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


def adjusted_note(adjustment: str) -> str:
    """ "adjusted for this patient: 72 hours instead of 24 hours" (`adjustment_words`); '' where nothing was."""
    return _("adjusted for this patient: %(change)s") % {"change": adjustment} if adjustment else ""


def when(moment: datetime, today: date | None = None) -> str:
    """ "14:30 today", "07:00 tomorrow", "Fri 27 Nov 14:30": a day the reader can place."""
    near = _near(moment, today)
    return _near_clock(clock_at(moment), near) if near else f"{day(moment)} {clock_at(moment)}"


def _near_clock(clocks: str, near: str) -> str:
    """ "18:30 today": a time (or times) on a day said in a word."""
    # Translators: a time on a day said in a word: "18:30 today", "07:00 tomorrow" (day: "today" or "tomorrow").
    return _("%(clock)s %(day)s") % {"clock": clocks, "day": near}


def from_to(first: datetime, last: datetime, today: date | None = None) -> str:
    """ "18:30 today to 10:30 tomorrow", "07:00 to 20:00 today", "Thu 26 Nov 07:00 to 20:00": one day said once."""
    if first.date() != last.date():
        return _("%(first)s to %(last)s") % {"first": when(first, today), "last": when(last, today)}
    near = _near(first, today)
    clocks = _("%(first)s to %(last)s") % {"first": clock_at(first), "last": clock_at(last)}
    return _near_clock(clocks, near) if near else f"{day(first)} {clocks}"


def _near(moment: datetime, today: date | None) -> str:
    """ "today", "tomorrow", or '' for any other day (or no `today`)."""
    if today is not None and moment.date() == today:
        return _("today")
    if today is not None and (moment.date() - today).days == 1:
        return _("tomorrow")
    return ""


def skipped_note(skip: Skipped) -> str:
    """ "skipped: in your sleep hours": said at the step's planned time, where it would have been."""
    return _("skipped: %(because)s") % {"because": skipped_because(skip)}


def skipped_summary(skips: Sequence[Skipped], today: date | None = None) -> str:
    """What the plan leaves out, in one sentence: "Skincare at 22:00 today, until “Stay dry” is over and then ...".

    One clause per step and reason, in time order, joined by "; "; a step skipped on several days is one
    clause ("Skincare at 03:00, 7 times from Fri 27 Nov to Thu 3 Dec, in your sleep hours"). '' for none.
    """
    groups: dict[tuple[str, str], list[Skipped]] = {}
    for skip in skips:
        groups.setdefault((skip.rule_id, skipped_because(skip)), []).append(skip)
    clauses = []
    for (_rule, because), group in groups.items():
        first, last = group[0], group[-1]
        name = label(first.rule)
        if len(group) == 1:
            parts = {"step": name, "when": when(first.planned, today), "because": because}
            clauses.append(_("%(step)s at %(when)s, %(because)s") % parts)
            continue
        # Sorted as times, not as their words: "9:00am" would sort after "10:00am".
        clocks = and_list([clock(planned) for planned in sorted({skip.planned.time() for skip in group})])
        days = _("from %(first)s to %(last)s") % {
            "first": _day(first.planned, today),
            "last": _day(last.planned, today),
        }
        if first.planned.date() == last.planned.date():
            days = _near(first.planned, today) or _("on %(day)s") % {"day": day(first.planned)}
        count = len(group)
        parts = {"step": name, "clocks": clocks, "count": str(count), "days": days, "because": because}
        many = ngettext(
            "%(step)s at %(clocks)s, %(count)s time %(days)s, %(because)s",
            "%(step)s at %(clocks)s, %(count)s times %(days)s, %(because)s",
            count,
        )
        clauses.append(many % parts)
    return "; ".join(clauses)


def begun_before(plan: Plan, now: datetime | None, today: date | None = None) -> str:
    """The steps before the treatment that were under way or past when the plan was made, once each: "No
    sunbathing (since Sat 5 Dec 10:00); Shave (Sat 19 Dec 10:00, past)"; '' for none (or no `now`).
    """
    if now is None:
        return ""
    treated, made = instant(plan.treated_at), instant(now)
    clauses: dict[str, str] = {}
    for item in plan.items:
        if item.rule_id in clauses or not instant(item.start) < min(treated, made):
            continue
        parts = {"step": label(item.rule), "when": when(item.start, today)}
        if item.kind is ItemKind.AVOID:
            clauses[item.rule_id] = _("%(step)s (since %(when)s)") % parts
        elif item.kind is ItemKind.DO:
            clauses[item.rule_id] = _("%(step)s (%(when)s, past)") % parts
    return "; ".join(clauses.values())


def _day(moment: datetime, today: date | None) -> str:
    return _near(moment, today) or day(moment)


def clock_on(moment: datetime, on: date) -> str:
    """ "02:30" when `moment` falls on `day`, else "Fri 27 Nov 02:30": the date only where it is news."""
    clock_words = clock(moment.time())
    return clock_words if moment.date() == on else f"{day(moment)} {clock_words}"


def clock_change_line(change: ClockChange) -> str:
    """ "Clocks go back 1 hour on Sun 5 Apr at 03:00": why "24 hours" from 20:00 ends at 21:00 on the clock.

    The time is the one the clock shows as it changes (03:00 becoming 02:00), as people say it.
    """
    before = change.at.replace(tzinfo=None) - change.shift  # the reading the clock jumps from
    parts = {"span": span_words(Span(abs(change.shift))), "day": day(before), "clock": clock(before.time())}
    if change.shift > timedelta(0):
        return _("Clocks go forward %(span)s on %(day)s at %(clock)s") % parts
    return _("Clocks go back %(span)s on %(day)s at %(clock)s") % parts


def treated_ago(treated: datetime, today: date | None) -> str:
    """ "yesterday", "5 days ago" when the treatment day is past (a re-print); '' on the day, before it, or no today."""
    days = (today - treated.date()).days if today is not None else 0
    if days < 1:
        return ""
    return _("yesterday") if days == 1 else ngettext("%(count)s day ago", "%(count)s days ago", days) % {"count": days}


def treated_when(plan: Plan, today: date | None) -> str:
    """`treated_line`, or for a re-print "5 days ago, 26 Nov, 14:30 Pacific/Auckland (+13:00)".

    How long ago takes the place of the weekday and the year, so a re-print's header is no longer than
    the treatment day's: the desk view has one 80-column line for it.
    """
    ago = treated_ago(plan.treated_at, today)
    if not ago:
        return treated_line(plan)
    treated = plan.treated_at
    parts = {"ago": ago, "day": day_month(treated), "clock": clock(treated.time())}
    return _("%(ago)s, %(day)s, %(clock)s") % parts + f" {plan.zone} ({utc_offset(treated)})"


def treated_line(plan: Plan) -> str:
    """ "Thu 26 Nov 2026, 14:30 Pacific/Auckland (+13:00)"."""
    treated = plan.treated_at
    parts = {"day": day_with_year(treated), "clock": clock(treated.time())}
    return _("%(day)s, %(clock)s") % parts + f" {plan.zone} ({utc_offset(treated)})"
