"""When a window, a stretch or a step the clinic gave in words begins and ends, and how a routine repeats, said
the same on every face, in the current voice (`speech`).

A plan's times are values; these are their words: "until Sat 28 Nov 10:00", an end written as a range ("Thu
10:00 to Sat 10:00"), the clinic's vague words kept with the plan's value said as what it is ("until your skin
has healed (usually about 14 days, around Sat 11 Apr)"), and a stretch with no end or a start the clinic will
give ("until your clinic tells you otherwise").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from aftercare_cli.model import Item, ItemKind, Kind, Plan, Rule, Stretch, Timing, instant
from aftercare_cli.outputs.clinic_texts import title
from aftercare_cli.placeholders import named_range
from aftercare_cli.speech import _, clock_at, day
from aftercare_cli.timing_words import (
    clinic_words,
    day_words,
    plain_span_words,
    repeat_words,
    told_end_words,
    told_start_words,
)


def window_end(item: Item, say: Callable[[datetime], str]) -> str:
    """When a window ends, said by `say`: "Sat 28 Nov 10:00"; an end written as a range, "Thu 10:00 to Sat 10:00"."""
    assert item.end is not None  # windows only
    if item.earliest_end is None:
        return say(item.end)
    return _("%(first)s to %(last)s") % {"first": say(item.earliest_end), "last": say(item.end)}


def until_words(rule: Rule, end: datetime | None, earliest_end: datetime | None, say: Callable[[datetime], str]) -> str:
    """How a window or stretch ends, its end said by `say`: "until Sat 28 Nov 10:00"; an end the clinic left
    vague, its words first and the plan's value as what it is: "until your skin has healed (usually about 14
    days, around Sat 11 Apr)"; no end (`end` None): "until your clinic tells you otherwise"."""
    timing = rule.timing
    assert timing is not None  # a window or a stretch has a timing
    if end is None:
        return told_end_words(timing)
    ends = {"end": _ends(end, earliest_end, say)}
    if not timing.end_words:
        return _("until %(end)s") % ends
    return usual_until(rule, end, earliest_end, say)


def usual_until(rule: Rule, end: datetime, earliest_end: datetime | None, say: Callable[[datetime], str]) -> str:
    """A vague end beside its rule's title: "until your skin has healed (usually about 14 days, around Sat 11 Apr)";
    where the title says the clinic's words itself (`<for>`), "usually ends around Sat 11 Apr"."""
    timing = rule.timing
    assert timing is not None  # a window has one
    if names_end(rule):
        around = usual_around(timing, end, earliest_end, say)
        # Translators: a window whose end the clinic gave in words: "usually ends around Sat 11 Apr".
        return _("usually ends around %(end)s") % {"end": around}
    return usual_end(timing, end, earliest_end, say)


def usual_end(timing: Timing, end: datetime, earliest_end: datetime | None, say: Callable[[datetime], str]) -> str:
    """A vague end (`for_words`): "until your skin has healed (usually about 14 days, around Sat 11 Apr)"; around a
    day, or a time for a length under a day ("usually about 3 hours, around 17:30")."""
    around = usual_around(timing, end, earliest_end, say)
    parts = {"words": clinic_words(timing.end_words), "span": plain_span_words(timing, "for"), "end": around}
    # Translators: the clinic's vague words for an end, then the length the plan uses and its day: "until your skin
    # has healed (usually about 14 days, around Sat 11 Apr)"; the first for a range ("usually 3 to 5 days").
    if named_range(timing, "for"):
        return _("%(words)s (usually %(span)s, around %(end)s)") % parts
    return _("%(words)s (usually about %(span)s, around %(end)s)") % parts


def usual_around(timing: Timing, end: datetime, earliest_end: datetime | None, say: Callable[[datetime], str]) -> str:
    """When a vague end usually is: its day ("Sat 11 Apr"), or for a length under a day its time (`say`)."""
    length = timing.length
    short = length is not None and not length.months and length.value < timedelta(days=1)
    return _ends(end, earliest_end, say if short else day)


def _ends(end: datetime, earliest_end: datetime | None, say: Callable[[datetime], str]) -> str:
    if earliest_end is None:
        return say(end)
    return _("%(first)s to %(last)s") % {"first": say(earliest_end), "last": say(end)}


def usual_start(timing: Timing, moment: datetime | None = None) -> str:
    """A reminder at a moment the clinic gave in words (`start_words`): "as soon as you get home (usually about
    this time)", or with `moment`, "... (usually about 15:30)"."""
    words = {"words": clinic_words(timing.start_words)}
    # Translators: the clinic's words for a moment ("as soon as you get home"): the reminder's time is the usual one.
    if moment is None:
        return _("%(words)s (usually about this time)") % words
    return _("%(words)s (usually about %(clock)s)") % {**words, "clock": clock_at(moment)}


def starts_vaguely(item: Item, plan: Plan) -> bool:
    """The item is the first reminder of a step whose start the clinic gave in words: at a usual time, not its own."""
    timing = item.rule.timing
    if item.kind is not ItemKind.DO or timing is None or not timing.start_words or timing.start.told:
        return False
    first = next(other for other in plan.items if other.rule_id == item.rule_id and other.kind is ItemKind.DO)
    return first is item


def names_end(rule: Rule) -> bool:
    """Whether the rule's title says its end itself (`<for>` or `<until>`), in any of its languages."""
    return any(name in text for _lang, text in rule.title.languages() for name in ("<for>", "<until>"))


def stretch_when(stretch: Stretch, plan: Plan, say: Callable[[datetime], str], from_start: bool = True) -> str:
    """When a stretch applies, its times said by `say`: "until Fri 27 Nov 22:00", "on days 3 to 5, from Sat 28 Nov
    07:00, until Mon 30 Nov 22:00", "until your clinic tells you otherwise", "when your clinic tells you, for 2 weeks".
    Without `from_start` (said where it begins, as on the timeline), not "from" when.
    """
    timing = stretch.rule.timing
    assert timing is not None  # a stretch has one
    until = until_words(stretch.rule, stretch.end, stretch.earliest_end, say)
    if stretch.start is None:  # the clinic will say when: its length, or its end, if the clinic gave them
        begins = told_start_words(timing)
        if timing.end is None:
            return begins
        if timing.end.from_start:
            # Translators: "when your clinic tells you, for 2 weeks".
            return _("%(start)s, for %(span)s") % {"start": begins, "span": plain_span_words(timing, "for")}
        # Translators: "when your clinic tells you, until your clinic tells you otherwise".
        return _("%(start)s, %(until)s") % {"start": begins, "until": told_end_words(timing)}
    if from_start and instant(stretch.start) != instant(plan.treated_at):
        # Translators: "from Sat 28 Nov 14:30, until your clinic tells you otherwise" (or "..., until Mon 30 Nov").
        until = _("from %(start)s, %(until)s") % {"start": say(stretch.start), "until": until}
    days = day_words(timing)
    # Translators: "on days 1 to 2, until Fri 27 Nov 22:00": when an as-needed step applies or an effect is expected.
    return _("on %(days)s, %(when)s") % {"days": days, "when": until} if days else until


def stretch_line(
    stretch: Stretch | None, rule: Rule, plan: Plan, say: Callable[[datetime], str], short: bool = False
) -> str:
    """ "Moisturise as often as needed (on days 1 to 2, until Fri 27 Nov 22:00)": an untimed rule's title, with
    when it applies if it has days (else the title alone); `short` (the desk's one screen): "(on days 1 to 2)"."""
    if stretch is None:
        return title(rule)
    days = day_words(rule.timing) if rule.timing is not None else None
    if short and days:
        return _("%(title)s (%(when)s)") % {"title": title(rule), "when": _("on %(days)s") % {"days": days}}
    # Translators: a step and when it applies: "Moisturise as often as needed (on days 1 to 2, until Fri 27 Nov)".
    return _("%(title)s (%(when)s)") % {"title": title(rule), "when": stretch_when(stretch, plan, say)}


def routine_words(rule: Rule, plan: Plan) -> str:
    """A routine with no end or one the clinic will time: how it repeats for this patient ("daily at 07:00 and
    22:00"), or '' for a single step or a window."""
    timing = rule.timing
    if rule.kind is not Kind.DO or timing is None or (timing.every is None and not timing.at):
        return ""
    return repeat_words(timing, plan.patient)


def ongoing_words(stretch: Stretch, plan: Plan, say: Callable[[datetime], str], from_start: bool = True) -> str:
    """A step with no end or one the clinic will time, in full: "daily at 07:00 and 22:00, until your clinic tells
    you otherwise; reminders to Thu 3 Dec, as your clinic chose" (the day of its last reminder); a window's, "until
    your clinic tells you otherwise"."""
    when = stretch_when(stretch, plan, say, from_start)
    routine = routine_words(stretch.rule, plan)
    # Translators: "daily at 07:00 and 22:00, until your clinic tells you otherwise".
    phrase = _("%(pattern)s, %(until)s") % {"pattern": routine, "until": when} if routine else when
    if stretch.reminded_until is None:
        return phrase
    reminders = [item.start for item in plan.items if item.rule_id == stretch.rule_id and item.kind is ItemKind.DO]
    horizon = {"said": phrase, "day": day(max(reminders, key=instant) if reminders else stretch.reminded_until)}
    # Translators: a routine with no end whose reminders stop on a day the clinic chose; it goes on after that day.
    return _("%(said)s; reminders to %(day)s, as your clinic chose") % horizon
