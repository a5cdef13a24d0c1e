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

from datetime import timedelta

from aftercare_cli import speech
from aftercare_cli.model import Anchor, Span, Timing, WhenAsleep
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
# The spans a rule's text can name, as its placeholders do: <for>, <until>, <every>, <start>.
SPAN_NAMES = ("for", "until", "every", "start", "days", "after")


def span_words(span: timedelta, units: str = "", short: bool = False, months: int = 0) -> str:
    """A span in the units it was written in: (72h, "h") "72 hours", (3d, "d") "3 days"; `short`: "72 h".

    No units (a span nobody wrote): "24 hours", "72 hours", "7 days", "90 minutes", as aftercare texts count.
    Calendar months come first: (2mo) "2 months", (1mo2w) "1 month 2 weeks"; short "2 mo".
    A span before the treatment (`start: -10d`) is said by its length; `offset_words` says "before".
    """
    if span <= timedelta(0) and months <= 0 and (span or months):  # wholly before: said by its length
        return span_words(-span, units, short, -months)
    if months < 0:  # implied: `until: 30d` with `start: 1mo` lasts 30 days less a month
        less = {"span": span_words(span, units.replace("M", ""), short), "less": _count(-months, "M", short)}
        return _("%(span)s less %(less)s") % less
    if months and not span:
        return _count(months, "M", short)
    if months:
        said = _count(months, "M", short)
        if span < timedelta(0):  # implied: `until: 2mo` with `start: 10d` lasts 2 months less 10 days
            less = {"span": said, "less": span_words(-span, units.replace("M", ""), short)}
            return _("%(span)s less %(less)s") % less
        return f"{said} {span_words(span, units.replace('M', ''), short)}"
    letters = units.replace("M", "") or _habitual_units(span)
    parts, rest = [], span
    for letter, size in _UNITS:
        if letter in letters:
            count, rest = divmod(rest, size)
            if count:
                parts.append(_count(count, letter, short))
    if rest >= timedelta(minutes=1):  # not whole units of those written (a derived span): the rest in hours, minutes
        parts.append(span_words(rest, "hm", short))
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


def named_span(timing: Timing, name: str) -> Span | None:
    """The span `name` (one of SPAN_NAMES) stands for in this timing, with the units to say it in; None if none.

    The end the clinic wrote keeps its units; the one implied (`for` from `until`
    and `start`, or `until` from `start` and `for`) is said in the units of both.
    """
    if name == "days" or ((timing.days or timing.nights) and name != "every"):
        return None  # days are said by `day_words`; a day-bound rule has no start or end of its own to name
    if name == "after":  # a follow-up's: how long after the treatment, and after each session
        return Span(timing.start, timing.start_units, timing.start_months) if timing.repeat else None
    if name == "start":
        return Span(timing.start, timing.start_units, timing.start_months)
    if name == "every":
        return Span(timing.every, timing.every_units) if timing.every is not None else None
    if timing.end is None:
        return None
    implied = timing.start_units + timing.end_units
    if name == "for":
        length_months = timing.end_months - timing.start_months
        return Span(timing.end - timing.start, timing.end_units if timing.length_from_start else implied, length_months)
    return Span(timing.end, implied if timing.length_from_start else timing.end_units, timing.end_months)  # "until"


def named_range(timing: Timing, name: str) -> tuple[Span, Span] | None:
    """The bounds of the span `name` stands for, where it was written as a range (or comes from one); else None."""
    if name == "every":
        return timing.every_range
    if name in ("after", "start"):
        return timing.start_range
    if timing.end_range is None or name not in ("for", "until"):
        return None
    start = Span(timing.start, timing.start_units, timing.start_months)
    low, high = timing.end_range
    if (name == "for") == timing.length_from_start:  # the one written
        return low, high
    if name == "for":  # implied by an `until` range: each bound less the start
        return _moved(low, start, -1), _moved(high, start, -1)
    return _moved(low, start, 1), _moved(high, start, 1)


def _moved(bound: Span, start: Span, sign: int) -> Span:
    units = "".join(dict.fromkeys(start.units + bound.units))  # said in the units of both, each once
    return Span(bound.value + sign * start.value, units, bound.months + sign * start.months)


def day_words(timing: Timing) -> str | None:
    """ "the day of treatment", "day 2", "days 3 to 7", "the night after treatment", "nights 2 to 3"; else None."""
    if timing.days:
        low, high = timing.days
        if low == high:
            return _("the day of treatment") if low == 1 else _("day %(day)s") % {"day": low}
        return _("days %(first)s to %(last)s") % {"first": low, "last": high}
    if timing.nights:
        low, high = timing.nights
        if low == high:
            return _("the night after treatment") if low == 1 else _("night %(night)s") % {"night": low}
        return _("nights %(first)s to %(last)s") % {"first": low, "last": high}
    return None


def offset_words(timing: Timing, name: str) -> str:
    """ "4 hours after treatment", "10 days before treatment": a `start` or `until` counted from the treatment."""
    found = named_span(timing, name)
    assert found is not None  # asked only for a span the timing has
    if name == "start" and timing.start_words:
        return str(timing_span_words(timing, name))  # "as soon as you get home (about 1 hour after treatment)"
    if not found.value and not found.months and not found.range:
        return _("the treatment")
    before = found.value < timedelta(0) or found.months < 0
    span = {"span": timing_span_words(timing, name)}
    return (_("%(span)s before treatment") if before else _("%(span)s after treatment")) % span


def said(span: Span, short: bool = False) -> str:
    """One span in words, as written: "3 days", "2 months"."""
    return span_words(span.value, span.units, short, span.months)


def range_words(low: Span, high: Span, short: bool = False) -> str:
    """ "3 to 5 days" (one unit written once), "1 day 12 hours to 2 days"; `short`: "3-5 d"."""
    high_words = said(high, short)
    if low.units == high.units and len(low.units) == 1:  # the unit once: "3 to 5 days"
        count = str(low.months if low.units == "M" else low.value // dict(_UNITS)[low.units])
        return f"{count}-{high_words}" if short else _("%(low)s to %(high)s") % {"low": count, "high": high_words}
    return (
        f"{said(low, short)}-{high_words}"
        if short
        else _("%(low)s to %(high)s") % {"low": said(low), "high": high_words}
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
    bounds = named_range(timing, name)
    words = range_words(*bounds, short) if bounds else said(found, short)
    if name == "for" and timing.for_words:
        usual = _("%(words)s (usually %(span)s)") if bounds else _("%(words)s (usually about %(span)s)")
        return usual % {"words": timing.for_words, "span": words}
    if name == "start" and timing.start_words:
        before = timing.start < timedelta(0) or timing.start_months < 0
        about = (
            _("%(words)s (about %(span)s before treatment)")
            if before
            else _("%(words)s (about %(span)s after treatment)")
        )
        return about % {"words": timing.start_words, "span": words}
    return words


def _said(timing: Timing, name: str) -> str:
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
    said = items[0] if items else ""
    for item in items[1:]:
        said = _("%(earlier)s and %(later)s") % {"earlier": said, "later": item}
    return said


def setting_words(field: str, timing: Timing) -> str:
    """One timing field as the patient reads it, for "adjusted: 72 hours instead of 24 hours"."""
    bound = day_words(timing)
    if bound is not None and field in ("for", "until", "start"):
        return _("on %(days)s") % {"days": bound}
    if field == "for" and timing.end is not None:
        return _said(timing, "for")
    if field == "until" and timing.end is not None:
        return _("until %(end)s") % {"end": offset_words(timing, "until")}
    if field == "start":
        if timing.start or timing.start_months:
            return _("from %(start)s") % {"start": offset_words(timing, "start")}
        return _("from the treatment")
    if field == "every" and timing.every is not None:
        return _("every %(span)s") % {"span": _said(timing, "every")}
    if field == "anchor":
        return _("counted from each wake-up") if timing.anchor is Anchor.WAKE else _("counted from the treatment")
    if field == "at":
        return _("at %(clocks)s") % {"clocks": and_list(clock_names(timing))}
    return asleep_words(timing.when_asleep)
