"""A rule's timing in words, said one way by every face: "24 hours", "every 4 hours", "moved to wake-up if asleep".

The placeholders (`<for>`), the desk's adjustment notes ("72 hours instead of
24 hours"), `rules list`, the desk view's repeat patterns and the clock-change
line all take their words from here, so no two of them describe one timing
differently. Every word is the current voice's (`speech`): "3 Tage", "48 Stunden".

A span is said in the units the clinic wrote it in: `for: 3d` is "3 days",
`for: 72h` is "72 hours", `1d12h` is "1 day 12 hours". A span the rules imply
rather than write (`<for>` of a rule written with `start` and `until`) is said
in the units of the spans it comes from. Only a span nobody wrote (a timing
made in code, the length of a waking day) falls back to the aftercare texts'
habit: hours up to three days, whole days beyond. The desk view, which has 80
columns for a week, abbreviates the unit names ("4 h"); the unit is the same.
"""

from __future__ import annotations

import re
from datetime import timedelta

from aftercare_cli import speech
from aftercare_cli.model import Anchor, Patient, Span, Timing, WhenAsleep, Written
from aftercare_cli.placeholders import PLACEHOLDER, named_range, named_span
from aftercare_cli.speech import _, ngettext


def asleep_words(when_asleep: WhenAsleep) -> str:
    """What happens to a reminder in the sleep hours: "moved to wake-up if asleep"."""
    return {
        WhenAsleep.SKIP: _("skipped while asleep"),
        WhenAsleep.WAKE: _("moved to wake-up if asleep"),
        WhenAsleep.KEEP: _("kept even while asleep"),
    }[when_asleep]


def after_a_wait_words(when_asleep: WhenAsleep) -> str:
    """The same, for a step whose own times are waking ones, moved into the night only by waiting out a window."""
    return {
        WhenAsleep.SKIP: _("skipped if that leaves it in the sleep hours"),
        WhenAsleep.WAKE: _("moved to wake-up if that leaves it in the sleep hours"),
        WhenAsleep.KEEP: _("kept even if that leaves it in the sleep hours"),
    }[when_asleep]


# Each unit letter of the format, largest first, and its length ("M", a month, has none: see `Span.months`).
_UNITS = (
    ("w", timedelta(weeks=1)),
    ("d", timedelta(days=1)),
    ("h", timedelta(hours=1)),
    ("m", timedelta(minutes=1)),
)


def span_words(span: Span, short: bool = False) -> str:
    """A span in the units it was written in: (72h) "72 hours", (3d) "3 days"; `short`: "72 h".

    No units (a span nobody wrote): "24 hours", "72 hours", "7 days", "90 minutes", as aftercare texts count.
    Calendar months come first: (2mo) "2 months", (1mo2w) "1 month 2 weeks"; short "2 mo".
    A span before the treatment (`start: -10d`) is said by its length; `offset_words` says "before".
    """
    value, units, months = span.value, span.units, span.months
    if value <= timedelta(0) and months <= 0 and (value or months):  # wholly before: said by its length
        return span_words(Span(-value, units, -months), short)
    if months < 0:  # implied: `until: 30d` with `start: 1mo` lasts 30 days less a month
        less = {"span": span_words(Span(value, units.replace("M", "")), short), "less": _count(-months, "M", short)}
        return _("%(span)s less %(less)s") % less
    if months and not value:
        return _count(months, "M", short)
    if months:
        months_words = _count(months, "M", short)
        if value < timedelta(0):  # implied: `until: 2mo` with `start: 10d` lasts 2 months less 10 days
            less = {"span": months_words, "less": span_words(Span(-value, units.replace("M", "")), short)}
            return _("%(span)s less %(less)s") % less
        return f"{months_words} {span_words(Span(value, units.replace('M', '')), short)}"
    letters = units.replace("M", "") or _habitual_units(value)
    parts, rest = [], value
    for letter, size in _UNITS:
        if letter in letters:
            count, rest = divmod(rest, size)
            if count:
                parts.append(_count(count, letter, short))
    if rest >= timedelta(minutes=1):  # not whole units of those written (a derived span): the rest in hours, minutes
        parts.append(span_words(Span(rest, "hm"), short))
    if not parts:  # zero: "0 minutes", in the smallest unit it was written in
        smallest = next(unit for unit in reversed(_UNITS) if unit[0] in letters)
        parts.append(_count(0, smallest[0], short))
    return " ".join(parts)


def _habitual_units(span: timedelta) -> str:
    minutes = span // timedelta(minutes=1)
    if minutes > 3 * 1440 and minutes % 1440 == 0:
        return "d"
    if minutes % 60 == 0 and minutes:
        return "h"
    return "m" if minutes < 120 else "hm"


def _count(number: int, letter: str, short: bool) -> str:
    """ "3 days" (or "3 d" `short`) for (3, "d"): the number with its unit, in the plural the language gives it."""
    if short:
        # Translators: unit abbreviations for an 80-column table: months, weeks, days, hours, minutes.
        words = {"M": _("%(count)s mo"), "w": _("%(count)s wk"), "d": _("%(count)s d"), "h": _("%(count)s h")}
        return words.get(letter, _("%(count)s min")) % {"count": number}
    if letter == "M":
        return ngettext("%(count)s month", "%(count)s months", number) % {"count": number}
    if letter == "w":
        return ngettext("%(count)s week", "%(count)s weeks", number) % {"count": number}
    if letter == "d":
        return ngettext("%(count)s day", "%(count)s days", number) % {"count": number}
    if letter == "h":
        return ngettext("%(count)s hour", "%(count)s hours", number) % {"count": number}
    return ngettext("%(count)s minute", "%(count)s minutes", number) % {"count": number}


def day_words(timing: Timing) -> str | None:
    """ "the day of treatment", "day 2", "days 3 to 7", "the night after treatment", "nights 2 to 3"; else None.

    Days and nights together, in the order they come: "the day of treatment and the night after treatment",
    "the night after treatment and day 2".
    """
    days = timing.days
    if days is None:
        return None
    own = _day_range_words(days.first, days.last, days.nights)
    if days.and_nights is None:
        return own
    nights = _day_range_words(*days.and_nights, nights=True)
    earlier, later = (nights, own) if 2 * days.and_nights[0] < 2 * days.first - 1 else (own, nights)
    return and_list([earlier, later])


def _day_range_words(low: int, high: int, nights: bool) -> str:
    if nights:
        if low == high:
            return _("the night after treatment") if low == 1 else _("night %(night)s") % {"night": low}
        return _("nights %(first)s to %(last)s") % {"first": low, "last": high}
    if low == high:
        return _("the day of treatment") if low == 1 else _("day %(day)s") % {"day": low}
    return _("days %(first)s to %(last)s") % {"first": low, "last": high}


def told_end_words(timing: Timing) -> str:
    """An end the clinic will give (`until: told`): its words (`for_words`, "during your course"), else "until your
    clinic tells you otherwise"."""
    # Translators: a restriction or routine with no end: it goes on until the clinic says it may stop.
    return clinic_words(timing.end_words) or _("until your clinic tells you otherwise")


def told_start_words(timing: Timing) -> str:
    """A start the clinic will give (`start: told`): its words (`start_words`, "when the dressing can come off"),
    else "when your clinic tells you"."""
    # Translators: a step the clinic will time later ("Take the dressing off: when your clinic tells you").
    return clinic_words(timing.start_words) or _("when your clinic tells you")


def offset_words(timing: Timing, name: str) -> str:
    """ "4 hours after treatment", "10 days before treatment": a `start` or `until` counted from the treatment."""
    found = named_span(timing, name)
    assert found is not None  # asked only for a span the timing has
    if found.told or (name == "start" and timing.start_words):
        return str(timing_span_words(timing, name))  # "as soon as you get home (about 1 hour after treatment)"
    if not found.value and not found.months and not found.range:
        return _("the treatment")
    before = found.before
    span = {"span": timing_span_words(timing, name)}
    return (_("%(span)s before treatment") if before else _("%(span)s after treatment")) % span


def range_words(low: Span, high: Span, short: bool = False) -> str:
    """ "3 to 5 days" (one unit written once), "1 day 12 hours to 2 days"; `short`: "3-5 d"."""
    high_words = span_words(high, short)
    if low.units == high.units and len(low.units) == 1:  # the unit once: "3 to 5 days"
        count = str(low.months if low.units == "M" else low.value // dict(_UNITS)[low.units])
        return f"{count}-{high_words}" if short else _("%(low)s to %(high)s") % {"low": count, "high": high_words}
    return (
        f"{span_words(low, short)}-{high_words}"
        if short
        else _("%(low)s to %(high)s") % {"low": span_words(low), "high": high_words}
    )


def timing_span_words(timing: Timing, name: str, short: bool = False) -> str | None:
    """ "24 hours" for <for>, "4 hours" for <every>, "3 to 5 days" for a range; None where the timing has none.

    A vague length says the clinic's words first and its number as what is usual:
    "until your skin has healed (usually about 10 days)".
    """
    if name == "days":
        return day_words(timing)
    found = named_span(timing, name)
    if found is None:
        return None
    if found.told:  # the clinic will give it: its words, never a number
        return told_start_words(timing) if name == "start" else told_end_words(timing)
    words = plain_span_words(timing, name, short)
    bounds = named_range(timing, name)
    if name == "for" and timing.end_words:
        usual = _("%(words)s (usually %(span)s)") if bounds else _("%(words)s (usually about %(span)s)")
        return usual % {"words": clinic_words(timing.end_words), "span": words}
    if name == "start" and timing.start_words:
        about = (
            _("%(words)s (about %(span)s before treatment)")
            if timing.start.before
            else _("%(words)s (about %(span)s after treatment)")
        )
        return about % {"words": clinic_words(timing.start_words), "span": words}
    return words


def plain_span_words(timing: Timing, name: str, short: bool = False) -> str:
    """The span `name` stands for as a number, without the clinic's words: "14 days", "3 to 5 days"."""
    found = named_span(timing, name)
    assert found is not None  # asked only for a span the timing has
    bounds = named_range(timing, name)
    return range_words(*bounds, short) if bounds else span_words(found, short)


def clinic_words(written: Written) -> str:
    """A text the clinic wrote, in the current voice's language (or the rules' default)."""
    return written.in_language(speech.current().lang)


def _span_of(timing: Timing, name: str) -> str:
    words = timing_span_words(timing, name)
    assert words is not None, name  # asked only for a span the timing has
    return words


def may_fall_asleep(timing: Timing) -> bool:
    """Whether the rule's own times can fall in the sleep hours, so that its `when_asleep` is worth saying.

    Not a series from wake-up to bedtime, nor daily times that are all wake-up
    or bedtime: both are awake by definition (sleep is strictly between them).
    """
    if timing.every is not None and timing.anchor is Anchor.WAKE:
        return False
    return not timing.at or any(daily.clock is not None for daily in timing.at)


def clock_names(timing: Timing) -> list[str]:
    """A daily rule's clock times as written: "08:00", "wake-up", "bedtime"."""
    return [
        speech.clock(t.clock) if t.clock else (_("wake-up") if t.named == "wake" else _("bedtime")) for t in timing.at
    ]


def and_list(items: list[str]) -> str:
    """ "08:00 and 14:00 and 20:00": each joined to the next by the language's "and"."""
    joined = items[0] if items else ""
    for item in items[1:]:
        joined = _("%(earlier)s and %(later)s") % {"earlier": joined, "later": item}
    return joined


def setting_words(field: str, timing: Timing) -> str:
    """One timing field as the patient reads it, for "adjusted: 72 hours instead of 24 hours"."""
    bound = day_words(timing)
    if bound is not None and field in ("for", "until", "start"):
        return _("on %(days)s") % {"days": bound}
    if field == "for" and timing.end is not None:
        return _span_of(timing, "for")
    if field == "until" and timing.end is not None and timing.end.open:
        return told_end_words(timing)
    if field == "until" and timing.end is not None:
        return _("until %(end)s") % {"end": offset_words(timing, "until")}
    if field == "start" and timing.start.told:
        return told_start_words(timing)
    if field == "start":
        if timing.start.value or timing.start.months:
            return _("from %(start)s") % {"start": offset_words(timing, "start")}
        return _("from the treatment")
    if field == "every" and timing.every is not None:
        return _("every %(span)s") % {"span": _span_of(timing, "every")}
    if field == "anchor":
        return _("counted from each wake-up") if timing.anchor is Anchor.WAKE else _("counted from the treatment")
    if field == "at":
        return _("at %(clocks)s") % {"clocks": and_list(clock_names(timing))}
    return asleep_words(timing.when_asleep)


def fill(text: str, timing: Timing | None) -> str:
    """`text` with every placeholder (`<for>`) replaced by its span in words; checked text only (`placeholders`)."""
    if timing is None or "<" not in text:
        return text

    def words(match: re.Match[str]) -> str:
        span = timing_span_words(timing, match[1])
        assert span is not None  # the loader refused a placeholder the timing lacks
        return span

    return PLACEHOLDER.sub(words, text)


def repeat_words(timing: Timing, patient: Patient | None = None, short: bool = False) -> str:
    """How a timing repeats, the one way every face says it: "every 4 h while awake", "daily at 07:00 and 22:00".

    For a patient: their own clock times (wake-up is 07:00), and "while awake" for a series that skips
    their nights. Without one, as the rules write it: "daily at wake-up and bedtime", "every 3 hours from
    wake-up to bedtime". A follow-up: "sessions 4 to 6 weeks apart". A single step: "once".
    """
    if timing.repeat:
        return _("sessions %(span)s apart") % {"span": timing_span_words(timing, "after", short)}
    if timing.at:
        if patient is None:
            clocks = clock_names(timing)
        else:
            clocks = [speech.clock(t) for t in sorted({d.resolve(patient.wake, patient.bedtime) for d in timing.at})]
        return _("daily at %(clocks)s") % {"clocks": and_list(clocks)}
    if timing.every is not None:
        span = {"span": timing_span_words(timing, "every", short)}
        if patient is None:
            wake = timing.anchor is Anchor.WAKE
            return (_("every %(span)s from wake-up to bedtime") if wake else _("every %(span)s")) % span
        if timing.anchor is Anchor.WAKE or timing.when_asleep is not WhenAsleep.KEEP:
            return _("every %(span)s while awake") % span
        return _("every %(span)s") % span
    return _("once")
