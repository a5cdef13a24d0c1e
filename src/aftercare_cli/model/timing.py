"""When: spans as the clinic wrote them, a rule's timing made of them, and the few facts about time every
module shares (the one "year", an instant, an offset as people write it)."""

from __future__ import annotations

import enum
from datetime import datetime, time, timedelta, timezone

from aftercare_cli.frozen import frozen
from aftercare_cli.model.texts import Written

# The one "year": no aftercare rule lasts longer, and a treatment further away than this is a typo.
A_YEAR = timedelta(days=366)


# Calendar months differ in length: 28 to 31 days, and against the year's limit a month counts 30.
MONTH_AT_LEAST, MONTH_AT_MOST = timedelta(days=28), timedelta(days=31)
MONTH_FOR_THE_LIMIT = timedelta(days=30)


def clock_24h(clock: time) -> str:
    """`07:05`: 24-hour, zero-padded, as files and messages write a time (and English plans, by default)."""
    return f"{clock.hour:02d}:{clock.minute:02d}"


def utc_offset(moment: datetime) -> str:
    """`+13:00`, as people write it."""
    text = f"{moment:%z}"
    return f"{text[:3]}:{text[3:]}"


def instant(moment: datetime) -> datetime:
    """The instant an aware time stands for, as the key of every "same moment" test.

    Aware datetimes that share a tzinfo compare and hash by their wall-clock
    reading, fold ignored: on a fall-back night 02:00+13:00 and 02:00+12:00,
    an hour apart, are "equal" and land in one set slot. In UTC there is no
    fold, so sorting, grouping and de-duplicating by this key is by instant.
    """
    return moment.astimezone(timezone.utc)


class WhenAsleep(enum.StrEnum):
    """What happens to a reminder that falls inside the patient's sleep hours."""

    SKIP = "skip"  # drop it
    WAKE = "wake"  # move it to the next wake-up
    KEEP = "keep"  # leave it where it is (a real night-time instruction)


class Anchor(enum.StrEnum):
    """Where an `every` series counts from."""

    TREATMENT = "treatment"  # one series in elapsed time from the first reminder
    WAKE = "wake"  # a fresh series each morning at wake-up, until bedtime


@frozen
class DailyTime:
    """A daily clock time: a fixed `HH:MM`, or the patient's wake-up or bedtime."""

    clock: time | None = None  # set for a fixed clock time
    named: str = ""  # "wake" or "bedtime" when `clock` is None

    def resolve(self, wake: time, bedtime: time) -> time:
        """The clock time for this patient."""
        if self.clock is not None:
            return self.clock
        return wake if self.named == "wake" else bedtime


@frozen
class Span:
    """A length of time as the clinic wrote it: its value, and the units it was written in.

    `3d` and `72h` are the same value and say different things ("3 days",
    "72 hours"); the units are kept so every face says what the clinic wrote.
    They also say how the span is added (`core.localtime.later`): whole days
    (and weeks, and months) are nominal, as in RFC 5545 (`3d` from 16:00 ends
    at 16:00 on the local clock, across a DST change too), hours and minutes
    are exact (`72h` is 72 real hours). A span before the treatment
    (`start: -10d`) is negative.
    """

    value: timedelta = timedelta(
        0
    )  # the span without its months; its whole days are calendar days if written in d or w
    units: str = ""  # the unit letters written, of "Mwdhm" (M a month): "d" for 3d, "dh" for 1d12h; "" for none
    months: int = 0  # calendar months (`2mo`), added on the local calendar before `value`
    # Written as a range (`3d-5d`): its shorter and longer bounds as written, for the words ("3 to 5 days");
    # the span's own value and months are the one the plan uses: the bound `pick` names, or one chosen within.
    range: tuple[Span, Span] | None = None
    # Of a range: which bound the plan uses, "shorter" or "longer", compared on the calendar from where the
    # span is counted (29d or 1mo from 1 Feb: the month is shorter); "" for a length chosen within it.
    pick: str = ""
    # A time the clinic will give the patient later (`start: told`, `until: told`): no time of the plan's, and
    # never a guess. Its value, if written, is only the horizon of a routine's reminders (`remind_for`).
    told: bool = False

    @property
    def before(self) -> bool:
        """Before the treatment: `start: -10d`."""
        return self.value < timedelta(0) or self.months < 0

    @property
    def written(self) -> bool:
        """Written by the clinic (a timing's default start was not)."""
        return bool(self.units)

    def about(self, month: timedelta = MONTH_FOR_THE_LIMIT) -> timedelta:
        """Its length with each month counted as `month` long: for limits and a first ordering, never a plan."""
        return self.value + self.months * month

    def plus(self, other: Span) -> Span:
        """The two added, said in the units of both (a `for` from a `start`: its `until`); told if either is."""
        told = self.told or other.told
        return Span(self.value + other.value, _units(self.units + other.units), self.months + other.months, told=told)

    def minus(self, other: Span) -> Span:
        """`self` less `other`, said in the units of both (an `until` less a `start`: its `for`); told if either is."""
        told = self.told or other.told
        return Span(self.value - other.value, _units(self.units + other.units), self.months - other.months, told=told)

    def bounds(self) -> tuple[Span, Span]:
        """Its range's bounds, or itself twice."""
        return self.range if self.range is not None else (self, self)


def _units(letters: str) -> str:
    """Unit letters, each once, largest first."""
    return "".join(letter for letter in "Mwdhm" if letter in letters)


def nominal_days(span: Span) -> int:
    """The whole days of a span that are calendar days: those of a span written in days or weeks, else none.

    `1d12h` is one calendar day and 12 exact hours; `36h` is 36 exact hours; a span nobody wrote ("")
    is exact. A span written `1d36h` counts its whole days, 2, as calendar days (the same but across a DST change).
    """
    if "d" not in span.units and "w" not in span.units:
        return 0
    value = span.value
    return value.days if value >= timedelta(0) else -((-value).days)  # -1d12h: back one calendar day, then 12 h


# How far apart a zone's offsets are, between any two moments of a plan: a clock change of today's zones is at
# most 2 hours (Antarctica/Troll; most are 1 hour, Lord Howe's 30 minutes), and changes take turns in direction.
CLOCK_CHANGE_AT_MOST = timedelta(hours=2)


def least_gap(later: Span, earlier: Span) -> timedelta:
    """How long at least `later` counted from a moment ends after `earlier` counted from that moment, from every
    moment in every zone (below zero: it can end first). `until: 25h` meets `start: 1d` on the day the clocks go
    back, and `until: 30d` comes before `start: 1mo` from 1 March (a month is 28 to 31 days). Calendar days and
    months on both sides cancel."""
    months = later.months - earlier.months
    days = nominal_days(later) - nominal_days(earlier)
    # On the calendar, the ends are at least this far apart, at the same clock time: apart (a date or more),
    # a clock change between them can take up to CLOCK_CHANGE_AT_MOST off; on one date, nothing.
    calendar = timedelta(days=days) + months * (MONTH_AT_LEAST if months > 0 else MONTH_AT_MOST)
    exact = later.value - earlier.value - timedelta(days=days)  # the hours beyond the calendar days
    return calendar + exact - (CLOCK_CHANGE_AT_MOST if calendar else timedelta(0))


def surely_after(later: Span, earlier: Span) -> bool:
    """Whether `later` ends after `earlier`, both counted from one moment, from every moment in every zone."""
    return least_gap(later, earlier) > timedelta(0)


@frozen
class End:
    """Where a timing ends, as the clinic wrote it: `for` a length counted from its start (it moves with the
    start), or `until` a time counted from the treatment."""

    span: Span
    key: str = "for"  # "for" or "until", as written

    @property
    def from_start(self) -> bool:
        """A `for`: counted from the timing's start, not from the treatment."""
        return self.key == "for"

    @property
    def open(self) -> bool:
        """No end of the clinic's giving (`until: told`): until the clinic tells the patient otherwise."""
        return self.span.told


@frozen
class Days:
    """The patient's waking days (or nights) a timing is bound to, counted from 1, instead of a start and end.

    Day 1 runs from the treatment to the first bedtime after it; day N from the wake-up after bedtime N-1
    to bedtime N; night N from bedtime N to the wake-up after it. A night-shift patient's days cross midnight.
    """

    first: int
    last: int
    nights: bool = False
    # `days` and `nights` written together, as one stretch across a day and its night ("the rest of the day and
    # the night": days 1, nights 1): the nights, (first, last), beside the days above. None: one or the other.
    and_nights: tuple[int, int] | None = None

    def parts(self) -> tuple[int, int]:
        """Its first and last half-day in the patient's order, day 1 = 1, night 1 = 2, day 2 = 3, night N = 2N."""
        own = (2 * self.first, 2 * self.last) if self.nights else (2 * self.first - 1, 2 * self.last - 1)
        if self.and_nights is None:
            return own
        return min(own[0], 2 * self.and_nights[0]), max(own[1], 2 * self.and_nights[1])


@frozen
class Timing:
    """When a rule applies: one value per thing the clinic wrote, each as it was written.

    `start` is counted from the treatment (default: at it); `end` None is a single reminder at the start.
    `every` is an interval (exact hours, or calendar days), `at` local clock times once a day; `days`
    replaces start and end with the patient's days or nights. A follow-up has `repeat` sessions, each
    `start` (its `after`) after the last. The words are the clinic's for a vague start or end ("as soon as
    you get home", "until your skin has healed"); the span beside them is the value the schedule uses.
    """

    start: Span = Span()
    end: End | None = None
    every: Span | None = None
    anchor: Anchor = Anchor.TREATMENT
    at: tuple[DailyTime, ...] = ()
    when_asleep: WhenAsleep = WhenAsleep.SKIP
    days: Days | None = None
    repeat: int = 0
    start_words: Written = Written()
    end_words: Written = Written()

    @property
    def length(self) -> Span | None:
        """How long it lasts from its start, as written (`for`) or implied (`until` less `start`); None without an
        end, or with one the clinic will give (`until: told`)."""
        if self.end is None or self.end.open:
            return None
        if self.end.from_start:
            return self.end.span
        return None if self.start.told else self.end.span.minus(self.start)

    @property
    def until(self) -> Span | None:
        """When it ends counted from the treatment, as written (`until`) or implied (`start` plus `for`); None where
        the clinic will give the end or the start (`told`)."""
        if self.end is None or self.end.open:
            return None
        if self.end.from_start:
            return None if self.start.told else self.start.plus(self.end.span)
        return self.end.span

    @property
    def horizon(self) -> Span | None:
        """A routine with no end (`until: told`): how long its reminders go on, as the clinic chose; None: none."""
        if self.end is None or not self.end.open or not self.end.span.written:
            return None
        return self.end.span

    @property
    def deferred(self) -> bool:
        """Its start is the clinic's to give later (`start: told`): no time in the plan."""
        return self.start.told

    @property
    def open(self) -> bool:
        """It has no end of the clinic's giving (`until: told`)."""
        return self.end is not None and self.end.open
