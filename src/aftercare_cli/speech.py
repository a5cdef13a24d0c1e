"""The language the plan speaks and the clinic's clock: every sentence, date and time a patient reads goes through here.

English on a 24-hour clock is the default and costs nothing: no catalogue is
read and Babel is not imported, so a front-desk command starts at once.
`aftercare_cli.voices.voice_of` makes another language's voice (its gettext
catalogue, CLDR's dates); `speaking` makes it current for what is made inside.
The current voice is a ContextVar rather than a global setting because one run
can speak twice: the desk view in the desk's language, the handout in the patient's.

The tool's own words are written in English in the code, marked with `_()` or
`ngettext()` so Babel's `pybabel extract` finds them (see CONTRIBUTING).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, time

from aftercare_cli.language_tags import ENGLISH
from aftercare_cli.model import Clock, clock_24h


class Voice:
    """English, as the words are written in the code: the default, and what every other voice translates."""

    lang = ENGLISH  # BCP 47, as `language_tag` spells it
    direction = "ltr"

    def __init__(self, clock: Clock = Clock.H24) -> None:
        self.clock = clock

    def gettext(self, message: str) -> str:
        """A message in this voice's language."""
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of a message for `count`, by the language's plural rules."""
        return singular if count == 1 else plural

    def day(self, moment: datetime) -> str:
        """A day as a plan names it: "Thu 26 Nov"."""
        return f"{moment:%a} {moment.day} {moment:%b}"

    def day_month(self, moment: datetime) -> str:
        """A day without its weekday: "26 Nov"."""
        return f"{moment.day} {moment:%b}"

    def day_with_year(self, moment: datetime) -> str:
        """A day with its year: "Thu 26 Nov 2026"."""
        return f"{self.day(moment)} {moment.year}"

    def clock_time(self, clock: time) -> str:
        """A clock time on the clinic's clock: "14:30", or "2:30pm" on a 12-hour one."""
        if self.clock == Clock.H12:
            return f"{clock.hour % 12 or 12}:{clock.minute:02d}{'am' if clock.hour < 12 else 'pm'}"
        return clock_24h(clock)


_current: ContextVar[Voice] = ContextVar("voice", default=Voice())  # noqa: B039  # voices are only read


def current() -> Voice:
    """The voice the plan is being said in."""
    return _current.get()


@contextmanager
def speaking(voice: Voice) -> Iterator[Voice]:
    """Say what is made inside in `voice`; the voice before it again afterwards."""
    token = _current.set(voice)
    try:
        yield voice
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """The tool's own words in the current language (the gettext convention, so `pybabel extract` finds them)."""
    return _current.get().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """`_` with plural forms: ngettext("%(count)s day", "%(count)s days", n) % {"count": n}."""
    return _current.get().ngettext(singular, plural, count)


def day(moment: datetime) -> str:
    """ "Thu 26 Nov", "Do., 26. Nov.": the current voice's day."""
    return _current.get().day(moment)


def day_month(moment: datetime) -> str:
    """ "26 Nov", "26. Nov.": the current voice's day without its weekday."""
    return _current.get().day_month(moment)


def day_with_year(moment: datetime) -> str:
    """ "Thu 26 Nov 2026", "Do., 26. Nov. 2026": the current voice's day with its year."""
    return _current.get().day_with_year(moment)


def clock(moment: time) -> str:
    """ "14:30" or "2:30pm": a clock time on the clinic's clock, in the current voice."""
    return _current.get().clock_time(moment)


def clock_at(moment: datetime) -> str:
    """ "02:30", or "02:30 (2nd time)": the clock time of an instant (aware), said twice over the night the
    clocks go back, once for each time the clock shows it. A day's plan can hold both."""
    shown = clock(moment.time())
    return f"{shown} ({second_time_words()})" if second_time(moment) else shown


def second_time_words() -> str:
    """ "2nd time": what tells the second 02:30 from the first, the night the clocks go back."""
    # Translators: the night the clocks go back, the clock shows an hour twice; this marks a time of the second
    # pass, after a clock time: "02:30 (2nd time)", an hour after the first 02:30.
    return _("2nd time")


def second_time(moment: datetime) -> bool:
    """Whether an aware instant is the second time its clock time happens (the hour the clocks go back repeats)."""
    # fold=1 names the later of two instants a clock time stands for. Where the clocks went back, that is the
    # one with the smaller offset; in a spring-forward gap, fold=1 reads the larger, and names no second time.
    later, earlier = moment.replace(fold=1).utcoffset(), moment.replace(fold=0).utcoffset()
    return bool(moment.fold) and later is not None and earlier is not None and later < earlier
